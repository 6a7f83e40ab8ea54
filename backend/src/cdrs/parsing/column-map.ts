// An import profile's column map: which column holds which field, for a header the importer does not know or a
// file without one (Asterisk cdr_custom, FreeSWITCH custom templates), with the file's date format.
import { RowError } from './fields.js';
import { type GenericColumn, type GenericHeader, GENERIC_COLUMNS, LABELS, headerKey } from './generic.js';

export const DATE_FORMATS = ['iso', 'YYYY/MM/DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

export interface ColumnMap {
  /** True when the file's first row names its columns. */
  hasHeader: boolean;
  /** Field → the header name of its column (hasHeader), or its 1-based position (no header). */
  columns: Partial<Record<GenericColumn, string | number>>;
  dateFormat: DateFormat;
}

/** Every problem of a column map, each naming the fields; empty when it can be used. */
export function columnMapProblems(map: ColumnMap): string[] {
  const problems: string[] = [];
  const byColumn = new Map<string, GenericColumn[]>();
  for (const [field, column] of Object.entries(map.columns) as [GenericColumn, string | number][]) {
    if (!GENERIC_COLUMNS.includes(field)) {
      problems.push(`columns.${field} is not a CDR field (one of ${GENERIC_COLUMNS.join(', ')})`);
      continue;
    }
    if (map.hasHeader) {
      if (typeof column !== 'string' || column.trim() === '' || column.length > 200)
        problems.push(`columns.${field} must be the name of a header column`);
    } else if (typeof column !== 'number' || !Number.isInteger(column) || column < 1 || column > 500) {
      problems.push(`columns.${field} must be a column position from 1 to 500 (the file has no header)`);
    }
    const key = typeof column === 'string' ? headerKey(column) : String(column);
    byColumn.set(key, [...(byColumn.get(key) ?? []), field]);
  }
  for (const [column, fields] of byColumn) {
    if (fields.length > 1) problems.push(`columns: ${fields.join(' and ')} are mapped to the same column (${column})`);
  }
  for (const need of missingFields(map.columns)) problems.push(`columns: ${need} must be mapped`);
  if (!DATE_FORMATS.includes(map.dateFormat)) problems.push(`dateFormat must be one of ${DATE_FORMATS.join(', ')}`);
  return problems;
}

/** The fields a call needs that `columns` does not give: the called number, the start, and a length. */
export function missingFields(columns: Partial<Record<GenericColumn, unknown>>): string[] {
  const missing: string[] = [];
  if (columns.to === undefined) missing.push('to');
  if (columns.start === undefined) missing.push('start');
  if (columns.billsec === undefined && columns.duration === undefined && columns.end === undefined)
    missing.push('billsec, duration or end');
  return missing;
}

/** The parser's header for a file read through a column map; throws a RowError naming what the file lacks. */
export function headerFromMap(map: ColumnMap, fields: string[] | null): GenericHeader {
  const columns: Partial<Record<GenericColumn, number>> = {};
  if (map.hasHeader) {
    const positions = new Map<string, number>();
    (fields ?? []).forEach((name, i) => {
      if (!positions.has(headerKey(name))) positions.set(headerKey(name), i);
    });
    const absent: string[] = [];
    for (const [field, name] of Object.entries(map.columns) as [GenericColumn, string][]) {
      const i = positions.get(headerKey(name));
      if (i === undefined) absent.push(`${LABELS[field]} ("${name}")`);
      else columns[field] = i;
    }
    if (absent.length) {
      throw new RowError(
        `the header row lacks the columns the profile maps: ${absent.join(', ')} (got: ${(fields ?? []).join(', ')})`,
      );
    }
    const names = (fields ?? []).map((n, i) => n.trim() || `column ${i + 1}`);
    return { columns, width: names.length, names, dateFormat: map.dateFormat };
  }
  let width = 0;
  for (const [field, position] of Object.entries(map.columns) as [GenericColumn, number][]) {
    columns[field] = position - 1;
    width = Math.max(width, position);
  }
  const names = Array.from({ length: width }, (_, i) => `column ${i + 1}`);
  for (const [field, i] of Object.entries(columns) as [GenericColumn, number][]) names[i] = LABELS[field];
  return { columns, width, names, dateFormat: map.dateFormat, atLeast: true };
}

const DATE_PATTERNS: Record<Exclude<DateFormat, 'iso'>, { re: RegExp; y: number; m: number; d: number }> = {
  'YYYY/MM/DD': { re: /^(\d{4})\/(\d{1,2})\/(\d{1,2})(?=$|[ T])/, y: 1, m: 2, d: 3 },
  'DD/MM/YYYY': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?=$|[ T])/, y: 3, m: 2, d: 1 },
  'MM/DD/YYYY': { re: /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?=$|[ T])/, y: 3, m: 1, d: 2 },
  'DD.MM.YYYY': { re: /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?=$|[ T])/, y: 3, m: 2, d: 1 },
};

/** A date written in `format` → the ISO date the time parser reads; throws a RowError when it does not match. */
export function isoDateOf(value: string, format: DateFormat, name: string): string {
  if (format === 'iso') return value;
  const v = value.trim();
  const p = DATE_PATTERNS[format];
  const m = p.re.exec(v);
  if (!m) throw new RowError(`${name} does not match the date format ${format}: "${value}"`);
  const rest = v.slice(m[0].length);
  return `${m[p.y]}-${m[p.m].padStart(2, '0')}-${m[p.d].padStart(2, '0')}${rest === '' ? ' 00:00:00' : rest}`;
}
