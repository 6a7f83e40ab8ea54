import { parseIsoTimestamp, parseLocalTimestamp } from './zoned-time.js';

/** `2025-05-14` (a day in `timeZone`, its midnight) or an ISO-8601 instant → Date; null if neither. */
export function parseDayOrInstant(v: string, timeZone: string): Date | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return parseLocalTimestamp(`${v} 00:00:00`, timeZone);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(v)) return null;
  return parseIsoTimestamp(v);
}
