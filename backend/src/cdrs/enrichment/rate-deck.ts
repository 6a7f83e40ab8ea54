// Per-minute rates by destination prefix, longest prefix wins.
//
// lookup() probes a Map keyed by prefix string from the longest prefix length present down
// to the shortest: ~1.5–2 M lookups/s of random 12-digit numbers against a 20,000-prefix deck
// (8 prefix lengths) on the shared 2-core build machine (rate-deck.bench.ts).
import { splitCsv } from '../parsing/csv-splitter.js';

export interface RateDeckEntry {
  /** Digits only, without `+`: `371`, `3712`. */
  prefix: string;
  description: string;
  ratePerMinute: number;
}

export interface RateDeckParseResult {
  entries: RateDeckEntry[];
  errors: { line: number; reason: string }[];
}

export class RateDeckError extends Error {
  constructor(readonly errors: RateDeckParseResult['errors']) {
    super(
      `Invalid rate deck: ${errors
        .slice(0, 5)
        .map((e) => `line ${e.line}: ${e.reason}`)
        .join('; ')}${errors.length > 5 ? '; …' : ''}`,
    );
  }
}

const PREFIX = /^\+?(\d{1,15})$/;
const RATE = /^(\d+\.?\d*|\.\d+)$/;

/** Cost of `billsec` seconds at `ratePerMinute`, rounded to 6 decimals (per-second billing). */
export function costFor(ratePerMinute: number, billsec: number): number {
  return Math.round(((ratePerMinute * billsec) / 60) * 1e6) / 1e6;
}

export class RateDeck {
  private readonly byPrefix = new Map<string, RateDeckEntry>();
  /** Prefix lengths present, longest first, so lookups skip lengths nobody uses. */
  private readonly lengths: number[];

  constructor(entries: Iterable<RateDeckEntry>) {
    for (const e of entries) {
      const prefix = e.prefix.startsWith('+') ? e.prefix.slice(1) : e.prefix;
      this.byPrefix.set(prefix, { prefix, description: e.description, ratePerMinute: e.ratePerMinute });
    }
    this.lengths = [...new Set([...this.byPrefix.keys()].map((p) => p.length))].sort((a, b) => b - a);
  }

  static fromRows(entries: Iterable<RateDeckEntry>): RateDeck {
    return new RateDeck(entries);
  }

  /** Builds a deck from `prefix,description,rate_per_minute` CSV; throws RateDeckError naming bad lines. */
  static fromCsv(text: string): RateDeck {
    const { entries, errors } = RateDeck.parseCsv(text);
    if (errors.length) throw new RateDeckError(errors);
    return new RateDeck(entries);
  }

  /**
   * Reads `prefix,description,rate_per_minute` CSV (header row optional, prefixes with or
   * without `+`), collecting every bad line with its number instead of stopping at the first.
   */
  static parseCsv(text: string): RateDeckParseResult {
    const entries: RateDeckEntry[] = [];
    const errors: RateDeckParseResult['errors'] = [];
    const seen = new Map<string, number>();
    splitCsv(text).forEach((record, index) => {
      const { line, fields } = record;
      if (record.error) return errors.push({ line, reason: `malformed CSV: ${record.error}` });
      const [prefixRaw = '', description = '', rateRaw = ''] = fields.map((f) => f.trim());
      if (index === 0 && !PREFIX.test(prefixRaw) && !RATE.test(rateRaw)) return; // header row
      if (fields.length !== 3) {
        return errors.push({
          line,
          reason: `expected 3 columns (prefix,description,rate_per_minute), got ${fields.length}`,
        });
      }
      const prefix = PREFIX.exec(prefixRaw)?.[1];
      if (!prefix)
        return errors.push({ line, reason: `prefix must be 1-15 digits (optionally after +), got "${prefixRaw}"` });
      if (!RATE.test(rateRaw))
        return errors.push({ line, reason: `rate_per_minute must be a non-negative number, got "${rateRaw}"` });
      const first = seen.get(prefix);
      if (first !== undefined)
        return errors.push({ line, reason: `duplicate prefix ${prefix} (first on line ${first})` });
      seen.set(prefix, line);
      entries.push({ prefix, description, ratePerMinute: Number(rateRaw) });
    });
    return { entries, errors };
  }

  get size(): number {
    return this.byPrefix.size;
  }

  /** The entry with the longest prefix of `e164` (`+` optional), or null. */
  lookup(e164: string | null | undefined): RateDeckEntry | null {
    if (!e164) return null;
    const digits = e164.charCodeAt(0) === 43 ? e164.slice(1) : e164;
    for (const len of this.lengths) {
      if (len > digits.length) continue;
      const hit = this.byPrefix.get(len === digits.length ? digits : digits.slice(0, len));
      if (hit) return hit;
    }
    return null;
  }

  /** Rate × billsec / 60, rounded to 6 decimals; null when no prefix matches. */
  costOf(e164: string | null | undefined, billsec: number): number | null {
    const hit = this.lookup(e164);
    return hit ? costFor(hit.ratePerMinute, billsec) : null;
  }
}
