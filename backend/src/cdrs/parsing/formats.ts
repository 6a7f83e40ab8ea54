// Format detection and the streaming per-record parser the importer drives.
import { parseAsteriskRow } from './asterisk.js';
import type { CdrFormat, CdrParseOptions, ParsedLine } from './cdr-record.js';
import type { CsvRecord } from './csv-splitter.js';
import { RowError } from './fields.js';
import { parseFreeswitchRow } from './freeswitch.js';
import { type ColumnMap, headerFromMap } from './column-map.js';
import {
  type GenericHeader,
  genericColumnOf,
  parseGenericHeader,
  parseGenericRow,
  recogniseHeader,
} from './generic.js';
import { isValidTimeZone, parseLocalTimestamp } from '../../common/zoned-time.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Guesses the format from the first record of a file: a header row naming known columns
 * → generic; 15 fields with a UUID in field 11 → FreeSWITCH; 16–18 fields with a date
 * in field 10 → Asterisk; otherwise null.
 */
export function detectFormat(firstRecordFields: string[]): CdrFormat | null {
  const f = firstRecordFields;
  if (f.length === 15 && UUID.test(f[10].trim())) return 'freeswitch';
  if (f.length >= 16 && f.length <= 18 && parseLocalTimestamp(f[9], 'UTC')) return 'asterisk';
  const known = new Set(f.map(genericColumnOf).filter((c) => c !== undefined));
  if (known.size >= 2 || looksLikeHeader(f)) return 'generic';
  return null;
}

/** Names, not values: every field has a letter and none is a time; the importer then says which columns it needs. */
function looksLikeHeader(f: string[]): boolean {
  return f.length >= 3 && f.every((v) => /\p{L}/u.test(v) && !/\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}/.test(v));
}

export interface CdrLineParser {
  readonly format: CdrFormat;
  /** True when the first record is a header to pass to `header()` (generic CSV). */
  readonly expectsHeader: boolean;
  /** Reads the header row; returns why it is unusable (naming missing columns), or null. */
  header(fields: string[]): string | null;
  /** After a refused header: the columns it has, what they were recognised as, and the fields still needed. */
  headerDetails?(): Record<string, unknown>;
  /** Parses one data record into a CDR or a rejection naming the field. */
  parse(record: CsvRecord): ParsedLine;
}

export function createCdrLineParser(format: CdrFormat, options: CdrParseOptions = {}): CdrLineParser {
  if (options.timeZone !== undefined && !isValidTimeZone(options.timeZone)) {
    throw new RangeError(`Unknown time zone: ${options.timeZone}`);
  }
  switch (format) {
    case 'asterisk':
      return rowParser(format, (r) => parseAsteriskRow(r.fields, r.line, options));
    case 'freeswitch':
      return rowParser(format, (r) => parseFreeswitchRow(r.fields, r.line, options));
    case 'generic':
      return new GenericLineParser(options.timeZone ?? 'UTC', options.columnMap ?? null);
  }
}

function rowParser(format: CdrFormat, parse: (r: CsvRecord) => ParsedLine): CdrLineParser {
  return {
    format,
    expectsHeader: false,
    header: () => null,
    parse: (r) => (r.error !== undefined ? { line: r.line, ok: false, reason: `malformed CSV: ${r.error}` } : parse(r)),
  };
}

class GenericLineParser implements CdrLineParser {
  readonly format = 'generic' as const;
  readonly expectsHeader: boolean;
  private columns: GenericHeader | null = null;
  private headerProblem = 'no header row was read';
  private headerFields: string[] = [];

  constructor(
    private readonly timeZone: string,
    private readonly map: ColumnMap | null,
  ) {
    this.expectsHeader = map?.hasHeader ?? true;
    if (map && !map.hasHeader) this.columns = headerFromMap(map, null);
  }

  header(fields: string[]): string | null {
    this.headerFields = fields;
    try {
      this.columns = this.map ? headerFromMap(this.map, fields) : parseGenericHeader(fields);
      return null;
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      this.columns = null;
      this.headerProblem = err.message;
      return err.message;
    }
  }

  headerDetails(): Record<string, unknown> {
    const { recognised, needs } = recogniseHeader(this.headerFields);
    return { columns: this.headerFields.map((f) => f.trim()), recognised, needs };
  }

  parse(r: CsvRecord): ParsedLine {
    if (!this.columns) return { line: r.line, ok: false, reason: this.headerProblem };
    if (r.error !== undefined) return { line: r.line, ok: false, reason: `malformed CSV: ${r.error}` };
    return parseGenericRow(r.fields, r.line, this.columns, this.timeZone);
  }
}
