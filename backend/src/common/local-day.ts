// A customer's calendar day in its own time zone, as UTC instants (DST-correct: a day may be 23 or 25 hours).
import { wallClockToUtc, zoneOffsetAt } from './zoned-time.js';

const DAY_MS = 86_400_000;

export interface LocalDay {
  /** `2026-03-08` */
  date: string;
  /** The day's first instant (local midnight) and the next day's, epoch ms. */
  startMs: number;
  endMs: number;
}

/** The local day in `timeZone` that contains the instant `utcMs`. */
export function localDayOf(timeZone: string, utcMs: number): LocalDay {
  const wall = utcMs + zoneOffsetAt(timeZone, utcMs);
  const midnight = Math.floor(wall / DAY_MS) * DAY_MS;
  return {
    date: new Date(midnight).toISOString().slice(0, 10),
    startMs: wallClockToUtc(midnight, timeZone),
    endMs: wallClockToUtc(midnight + DAY_MS, timeZone),
  };
}

/** `14:07` on the local wall clock. */
export function localTimeOf(timeZone: string, utcMs: number): string {
  return new Date(utcMs + zoneOffsetAt(timeZone, utcMs)).toISOString().slice(11, 16);
}
