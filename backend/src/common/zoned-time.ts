// Wall-clock CDR timestamps → UTC instants, without a date library.
//
// Intl.DateTimeFormat#formatToParts costs microseconds, far too slow to call for
// every timestamp of a million-row import, so results are cached per zone and per
// 15-minute slot: every offset change in the modern tz database falls on a quarter
// hour (historical LMT offsets before ~1970 do not, and are not CDR dates).

const UTC_ZONES = new Set(['UTC', 'Etc/UTC', 'GMT', 'Etc/GMT', 'Z', 'Etc/Universal', 'Etc/Zulu']);
const SLOT_MS = 15 * 60_000;
const DAY_MS = 86_400_000;
const MAX_CACHED_SLOTS = 100_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, Map<number, number>>();

/** True for an IANA zone name this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  if (UTC_ZONES.has(timeZone)) return true;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Milliseconds to add to the UTC instant `utcMs` to get the wall clock in `timeZone`. */
export function zoneOffsetAt(timeZone: string, utcMs: number): number {
  if (UTC_ZONES.has(timeZone)) return 0;
  let cache = offsets.get(timeZone);
  if (!cache) offsets.set(timeZone, (cache = new Map()));
  const slot = Math.floor(utcMs / SLOT_MS);
  let offset = cache.get(slot);
  if (offset === undefined) {
    offset = computeOffset(timeZone, slot * SLOT_MS);
    if (cache.size >= MAX_CACHED_SLOTS) cache.clear();
    cache.set(slot, offset);
  }
  return offset;
}

function computeOffset(timeZone: string, utcMs: number): number {
  const p: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(utcMs)) p[part.type] = part.value;
  let year = Number(p.year);
  if (p.era === 'BC' || p.era === 'B') year = 1 - year;
  const wall = Date.UTC(year, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return wall - utcMs;
}

const resolved = new Map<string, Map<number, number>>();

/**
 * The UTC instant of a wall-clock time in `timeZone`. Like Temporal's "compatible"
 * disambiguation: a time repeated when clocks fall back is the earlier instant; a time
 * skipped when they spring forward is read with the offset before the change (02:30 → 03:30).
 */
export function wallClockToUtc(wallMs: number, timeZone: string): number {
  if (UTC_ZONES.has(timeZone)) return wallMs;
  // Transitions fall on quarter hours of wall time too, so one answer per wall slot.
  let cache = resolved.get(timeZone);
  if (!cache) resolved.set(timeZone, (cache = new Map()));
  const slot = Math.floor(wallMs / SLOT_MS);
  let offset = cache.get(slot);
  if (offset === undefined) {
    const slotStart = slot * SLOT_MS;
    offset = slotStart - resolveWallClock(slotStart, timeZone);
    if (cache.size >= MAX_CACHED_SLOTS) cache.clear();
    cache.set(slot, offset);
  }
  return wallMs - offset;
}

function resolveWallClock(wallMs: number, timeZone: string): number {
  const before = zoneOffsetAt(timeZone, wallMs - DAY_MS);
  const after = zoneOffsetAt(timeZone, wallMs + DAY_MS);
  const a = wallMs - before;
  if (before === after) {
    // No change within a day (nearly always): one check settles it.
    const exact = zoneOffsetAt(timeZone, a);
    return exact === before ? a : wallMs - exact;
  }
  const b = wallMs - after;
  const aFits = zoneOffsetAt(timeZone, a) === before;
  const bFits = zoneOffsetAt(timeZone, b) === after;
  if (aFits && bFits) return Math.min(a, b);
  if (aFits) return a;
  if (bFits) return b;
  return a; // in the gap
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

let wallEnd = 0; // where the last parseWallClock stopped (avoids an allocation per call)

/** Parses `YYYY-MM-DD[T ]HH:MM[:SS[.fff]]` at the start of `s` → wall ms as if UTC, or NaN. */
function parseWallClock(s: string): number {
  if (s.length < 16 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(13) !== 58) return NaN;
  const sep = s.charCodeAt(10);
  if (sep !== 32 && sep !== 84 && sep !== 116) return NaN; // ' ', 'T', 't'
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 2);
  const d = digits(s, 8, 2);
  const h = digits(s, 11, 2);
  const mi = digits(s, 14, 2);
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59) return NaN;
  const leap = mo === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0);
  if (d > DAYS_IN_MONTH[mo - 1] + (leap ? 1 : 0)) return NaN;
  let end = 16;
  let sec = 0;
  let ms = 0;
  if (s.charCodeAt(16) === 58) {
    sec = digits(s, 17, 2);
    if (sec < 0 || sec > 59) return NaN;
    end = 19;
    const dot = s.charCodeAt(19);
    if (dot === 46 || dot === 44) {
      let k = 20;
      let scale = 100;
      while (k < s.length) {
        const dd = s.charCodeAt(k) - 48;
        if (dd < 0 || dd > 9) break;
        ms += dd * scale;
        scale /= 10;
        k++;
      }
      if (k === 20) return NaN;
      ms = Math.floor(ms);
      end = k;
    }
  }
  wallEnd = end;
  return daysFromCivil(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + sec * 1000 + ms;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant); Date.UTC is ~30x slower. */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}

/** `2024-03-10 02:30:00` as a wall-clock time in `timeZone` (Asterisk, FreeSWITCH). */
export function parseLocalTimestamp(value: string, timeZone: string): Date | null {
  const s = value.trim();
  const wall = parseWallClock(s);
  if (Number.isNaN(wall) || wallEnd !== s.length) return null;
  return new Date(wallClockToUtc(wall, timeZone));
}

/** ISO-8601 `2024-03-10T07:30:00Z` / `+02:00` / `+0200`; a time without an offset is UTC. */
export function parseIsoTimestamp(value: string): Date | null {
  const s = value.trim();
  const wall = parseWallClock(s);
  if (Number.isNaN(wall)) return null;
  const offset = offsetAfter(s, wallEnd);
  return Number.isNaN(offset) ? null : new Date(wall - offset);
}

/** The UTC offset (ms) written from `k` on: nothing or `Z` → 0, `+02:00` / `-0500` / ` +02` → ±ms; else NaN. */
function offsetAfter(s: string, k: number): number {
  if (s.charCodeAt(k) === 32) k++; // `2024-03-10 07:30:00 +02:00`
  if (k === s.length) return 0;
  const c = s.charCodeAt(k);
  if ((c === 90 || c === 122) && k + 1 === s.length) return 0; // Z
  if (c !== 43 && c !== 45) return NaN;
  const m = /^(\d{2})(?::?(\d{2}))?$/.exec(s.slice(k + 1));
  if (!m) return NaN;
  const oh = Number(m[1]);
  const om = m[2] ? Number(m[2]) : 0;
  if (oh > 23 || om > 59) return NaN;
  return (oh * 60 + om) * 60_000 * (c === 45 ? -1 : 1);
}

/**
 * A CDR time as a file writes it: ISO-8601 with or without an offset, `T` or a space. With an offset
 * it is that instant; without one it is a wall-clock time in `timeZone`. `wallMs` is the time as written,
 * read as if UTC (an offset applied): it does not depend on `timeZone`, so it can identify a row.
 */
export function parseCdrTimestamp(value: string, timeZone: string): { at: Date; wallMs: number } | null {
  const s = value.trim();
  const wall = parseWallClock(s);
  if (Number.isNaN(wall)) return null;
  if (wallEnd === s.length) return { at: new Date(wallClockToUtc(wall, timeZone)), wallMs: wall };
  const offset = offsetAfter(s, wallEnd);
  if (Number.isNaN(offset)) return null;
  return { at: new Date(wall - offset), wallMs: wall - offset };
}
