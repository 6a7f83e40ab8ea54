// Format detection and the streaming per-record parser the importer drives.
import { parseAsteriskRow } from './asterisk.js';
import type { CdrFormat, CdrParseOptions, ParsedLine } from './cdr-record.js';
import type { CsvRecord } from './csv-splitter.js';
import { RowError } from './fields.js';
import { parseFreeswitchRow } from './freeswitch.js';
import { type GenericHeader, genericColumnOf, parseGenericHeader, parseGenericRow } from './generic.js';
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
  if (known.size >= 2) return 'generic';
  return null;
}

export interface CdrLineParser {
  readonly format: CdrFormat;
  /** True when the first record is a header to pass to `header()` (generic CSV). */
  readonly expectsHeader: boolean;
  /** Reads the header row; returns why it is unusable (naming missing columns), or null. */
  header(fields: string[]): string | null;
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
      return new GenericLineParser(options.timeZone ?? 'UTC');
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
  readonly expectsHeader = true;
  private columns: GenericHeader | null = null;
  private headerProblem = 'no header row was read';

  constructor(private readonly timeZone: string) {}

  header(fields: string[]): string | null {
    try {
      this.columns = parseGenericHeader(fields);
      return null;
    } catch (err) {
      if (!(err instanceof RowError)) throw err;
      this.columns = null;
      this.headerProblem = err.message;
      return err.message;
    }
  }

  parse(r: CsvRecord): ParsedLine {
    if (!this.columns) return { line: r.line, ok: false, reason: this.headerProblem };
    if (r.error !== undefined) return { line: r.line, ok: false, reason: `malformed CSV: ${r.error}` };
    return parseGenericRow(r.fields, r.line, this.columns, this.timeZone);
  }
}
