import { badInput } from './app-error.js';
import { CommonErrorCode } from './error-codes.js';
import { parseIsoTimestamp, parseLocalTimestamp } from './zoned-time.js';

/** `2025-05-14` (a day in `timeZone`, its midnight) or an ISO-8601 instant → Date; null if neither. */
export function parseDayOrInstant(v: string, timeZone: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return parseLocalTimestamp(`${v} 00:00:00`, timeZone);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return null;
  return parseIsoTimestamp(v);
}

/**
 * The instants the API takes: years 1000-9999, as the parsers read them. Within these, PostgreSQL,
 * `toISOString()` (which turns year 10000 into `+010000-…`) and day arithmetic all stay in range.
 */
export const EARLIEST_INSTANT_MS = Date.UTC(1000, 0, 1);
export const LATEST_INSTANT_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function isStorableInstant(d: Date | null | undefined): d is Date {
  const t = d?.getTime();
  return t !== undefined && t >= EARLIEST_INSTANT_MS && t <= LATEST_INSTANT_MS;
}

/** A day (its midnight in `timeZone`) or an ISO-8601 instant given as `field`; else a 400 naming the field. */
export function instantParam(field: string, raw: string, timeZone: string): Date {
  const d = parseDayOrInstant(raw, timeZone);
  const shown = JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw);
  if (!isStorableInstant(d)) {
    throw badInput(
      [`${field} must be a date (YYYY-MM-DD) or an ISO-8601 time in the years 1000 to 9999, got ${shown}`],
      CommonErrorCode.DateInvalid,
    );
  }
  return d;
}
