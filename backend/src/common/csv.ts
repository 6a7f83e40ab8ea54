// The one CSV writer of the app (ticket evidence, usage widgets): RFC 4180 quoting, and spreadsheets
// never see a formula in a cell that came from outside (CDR fields, customer and seat names).

/** A cell that is a plain number (`-12`, `+3.5`, `1e-3`) or an E.164 number (`+5321550101`). */
const NUMBER = /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/;
const E164 = /^\+\d{1,15}$/;
/** What Excel, LibreOffice and Google Sheets read as the start of a formula. */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Neutralises formula text by a leading `'`; numbers and E.164 numbers are left as they are. */
export function defuseFormula(s: string): string {
  if (!FORMULA_START.test(s) || NUMBER.test(s) || E164.test(s)) return s;
  return `'${s}`;
}

export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = defuseFormula(v instanceof Date ? v.toISOString() : String(v));
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
