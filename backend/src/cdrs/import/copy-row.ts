/** PostgreSQL COPY text format: tab-separated, `\N` for NULL, backslash escapes. */
export function copyField(v: string | number | boolean | null | undefined): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v !== 'string') return String(v);
  // Fast path: most CDR fields have nothing to escape.
  if (!/[\\\t\n\r]/.test(v)) return v;
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
