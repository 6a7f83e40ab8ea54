// Field-level helpers and the validation every CDR format shares.
import { isIP } from 'node:net';
import type { Disposition, ParsedCdr, ParsedLine } from './cdr-record.js';
import { normalizeIp } from '../../common/ip.js';
import { parseCdrTimestamp, parseLocalTimestamp } from '../../common/zoned-time.js';

/** A row that cannot be imported; the message names the field. */
export class RowError extends Error {}

/** Rejects rows carrying NUL bytes or U+FFFD (what invalid UTF-8 decodes to). */
export function assertText(fields: string[], names: readonly string[]): void {
  // One search over the joined row is half the cost of two per field; clean rows are the rule.
  const all = fields.join('');
  if (all.indexOf('\u0000') === -1 && all.indexOf('\uFFFD') === -1) return;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    if (f.indexOf('\u0000') !== -1 || f.indexOf('\uFFFD') !== -1) {
      throw new RowError(`binary data (NUL byte or invalid UTF-8) in ${names[i] ?? `column ${i + 1}`}`);
    }
  }
}

export function orNull(value: string | undefined): string | null {
  if (value === undefined) return null;
  const v = value.trim();
  return v === '' ? null : v;
}

/** Whole non-negative seconds; `62.0` is accepted, `61.5` and `-3` are not. */
export function parseSeconds(value: string, name: string): number {
  const v = value.trim();
  if (v === '') throw new RowError(`${name} is empty`);
  if (!/^-?\d+(\.0*)?$/.test(v)) {
    throw new RowError(
      /^-?\d+(\.\d+)?$/.test(v) ? `${name} must be whole seconds, got "${v}"` : `${name} is not a number: "${v}"`,
    );
  }
  const n = Number(v);
  if (n < 0) throw new RowError(`${name} must not be negative, got ${v}`);
  if (!Number.isSafeInteger(n)) throw new RowError(`${name} is out of range: "${v}"`);
  return n;
}

/** A `YYYY-MM-DD HH:MM:SS` wall-clock time in `timeZone` (Asterisk, FreeSWITCH). */
export function localTimestamp(value: string, name: string, timeZone: string): Date {
  const d = parseLocalTimestamp(value, timeZone);
  if (!d) throw new RowError(`${name} is not a date (YYYY-MM-DD HH:MM:SS): "${value}"`);
  return d;
}

/** A start time with or without an offset; `wallMs` (the time as written) goes into the row's identity. */
export function startTimestamp(value: string, name: string, timeZone: string): { at: Date; wallMs: number } {
  const t = parseCdrTimestamp(value, timeZone);
  if (!t) throw new RowError(`${name} is not a date (YYYY-MM-DD HH:MM:SS or ISO-8601): "${value}"`);
  return t;
}

/** Joins identifying fields with a separator no CSV field holds unescaped. */
export const identityOf = (...parts: (string | number | null)[]): string => parts.join('\u001f');

/** A non-negative decimal (rates, costs); empty → null. */
export function parseAmount(value: string | undefined, name: string): number | null {
  const v = value?.trim() ?? '';
  if (v === '') return null;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) throw new RowError(`${name} is not a number: "${v}"`);
  const n = Number(v);
  if (!Number.isFinite(n)) throw new RowError(`${name} is out of range: "${v}"`);
  if (n < 0) throw new RowError(`${name} must not be negative, got ${v}`);
  return n;
}

/** A SIP response code 100–699; empty → null. */
export function parseSipCode(value: string | undefined): number | null {
  const v = value?.trim() ?? '';
  if (v === '') return null;
  if (!/^\d{3}$/.test(v) || Number(v) < 100 || Number(v) > 699)
    throw new RowError(`sip code is not a SIP status (100-699): "${v}"`);
  return Number(v);
}

/**
 * A valid IP address in its one spelling (see `normalizeIp`), or null. Tolerates what switches commonly write around it:
 * `203.0.113.7:5060`, `[2001:db8::1]:5060`, `sip:203.0.113.7`.
 */
export function parseIp(value: string | undefined): string | null {
  let v = value?.trim() ?? '';
  if (v === '') return null;
  if (/^sips?:/i.test(v)) v = v.replace(/^sips?:/i, '');
  if (isIP(v)) return normalizeIp(v);
  const bracketed = /^\[([0-9a-fA-F:.]+)\](?::\d{1,5})?$/.exec(v);
  if (bracketed && isIP(bracketed[1]) === 6) return normalizeIp(bracketed[1]);
  const withPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(v);
  if (withPort && isIP(withPort[1]) === 4) return withPort[1];
  return null;
}

/** `"Alice Smith" <2125550101>` → name and number; a bare number has no name. */
export function parseClid(clid: string): { name: string | null; number: string | null } {
  const m = /^(.*?)\s*<([^<>]*)>\s*$/.exec(clid.trim());
  if (!m) return { name: null, number: orNull(clid) };
  let name = m[1].trim();
  // Asterisk quotes the name but does not escape quotes inside it.
  if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1).replace(/\\(.)/g, '$1');
  return { name: orNull(name), number: orNull(m[2]) };
}

/** `SIP/alice-0000001a`, `PJSIP/alice-00000012`, `IAX2/bob-3` → the peer / endpoint name. */
export function sipUserFromChannel(channel: string): string | null {
  const m = /^(?:(?:PJ)?SIP\/(.+?)(?:-[0-9a-fA-F]{4,8})?|IAX2\/(.+?)(?:-\d+)?)$/.exec(channel.trim());
  return m ? orNull(m[1] ?? m[2]) : null;
}

const DISPOSITION_ALIASES: Record<string, Disposition> = {
  ANSWER: 'ANSWERED',
  ANSWERED: 'ANSWERED',
  COMPLETED: 'ANSWERED',
  CONNECTED: 'ANSWERED',
  SUCCESS: 'ANSWERED',
  'NO ANSWER': 'NO ANSWER',
  NOANSWER: 'NO ANSWER',
  UNANSWERED: 'NO ANSWER',
  CANCEL: 'NO ANSWER',
  CANCELLED: 'NO ANSWER',
  CANCELED: 'NO ANSWER',
  BUSY: 'BUSY',
  FAILED: 'FAILED',
  FAILURE: 'FAILED',
  FAIL: 'FAILED',
  CONGESTION: 'CONGESTION',
  CONGESTED: 'CONGESTION',
};

// Q.850 cause values by the names FreeSWITCH gives them.
const Q850_NAMES: Record<number, string> = {
  16: 'NORMAL_CLEARING',
  17: 'USER_BUSY',
  18: 'NO_USER_RESPONSE',
  19: 'NO_ANSWER',
  34: 'NORMAL_CIRCUIT_CONGESTION',
  38: 'NETWORK_OUT_OF_ORDER',
  41: 'NORMAL_TEMPORARY_FAILURE',
  42: 'SWITCH_CONGESTION',
  47: 'RESOURCE_UNAVAILABLE',
  487: 'ORIGINATOR_CANCEL',
};

/**
 * A hangup cause (FreeSWITCH's Q.850 name, or the Q.850 value a carrier writes as its disconnect code) →
 * disposition: busy, unanswered and congested calls by name; an unallocated number (1), a rejection (21) and the
 * rest are failures.
 */
export function dispositionFromHangupCause(cause: string, billsec: number): Disposition {
  const v = cause.trim().toUpperCase();
  const name = /^\d{1,3}$/.test(v) ? (Q850_NAMES[Number(v)] ?? 'FAILED') : v;
  switch (name) {
    case 'NORMAL_CLEARING':
      return billsec > 0 ? 'ANSWERED' : 'FAILED';
    case 'NO_ANSWER':
    case 'NO_USER_RESPONSE':
    case 'ORIGINATOR_CANCEL':
      return 'NO ANSWER';
    case 'USER_BUSY':
      return 'BUSY';
    case 'NORMAL_CIRCUIT_CONGESTION':
    case 'SWITCH_CONGESTION':
    case 'NETWORK_OUT_OF_ORDER':
    case 'NORMAL_TEMPORARY_FAILURE':
    case 'RESOURCE_UNAVAILABLE':
      return 'CONGESTION';
    default:
      return 'FAILED';
  }
}

/**
 * Upper-cased disposition with common spellings folded (`no_answer`, `Completed`);
 * a FreeSWITCH cause name is mapped; an empty value is derived from billsec, the SIP code (a 404 is a failed
 * call, a 480 or 487 an unanswered one), else the hangup cause.
 */
export function normalizeDisposition(
  raw: string | undefined,
  billsec: number,
  sipCode: number | null = null,
  hangupCause: string | null = null,
): Disposition {
  const v = (raw ?? '').trim().toUpperCase();
  if (v === '') {
    if (billsec > 0) return 'ANSWERED';
    if (sipCode === null && hangupCause !== null) return dispositionFromHangupCause(hangupCause, billsec);
    if (sipCode === 486 || sipCode === 600) return 'BUSY';
    if (sipCode === 503) return 'CONGESTION';
    if (sipCode !== null && sipCode >= 400 && ![408, 480, 487].includes(sipCode)) return 'FAILED';
    return 'NO ANSWER';
  }
  const alias = DISPOSITION_ALIASES[v] ?? DISPOSITION_ALIASES[v.replace(/[_-]+/g, ' ')];
  if (alias) return alias;
  if (/^[A-Z]+(_[A-Z]+)+$/.test(v)) return dispositionFromHangupCause(v, billsec);
  return v;
}

// What the cdrs columns hold (and what is plausible for a call), checked per row so that one bad row is
// rejected with its line instead of failing the COPY of its whole batch. Cheap comparisons only: hot path.
/** `duration_sec` and `billsec` are int. */
export const MAX_CDR_SECONDS = 2_147_483_647;
/** `cost` is numeric(14,6), `rate_per_minute` numeric(12,6): below 10^8 and 10^6 with room for rounding. */
export const MAX_CDR_COST = 99_999_999;
export const MAX_CDR_RATE = 999_999;
/** Call ids are in the unique btree index, whose entries must stay under ~2.7 kB. */
export const MAX_CALL_ID_LENGTH = 500;
/** Starts before 1990 (a switch clock reset to 1970) or over a year ahead are clock errors, not calls. */
export const EARLIEST_CDR_START_MS = Date.UTC(1990, 0, 1);
export const CDR_START_AHEAD_MS = 366 * 86_400_000;

/** The checks every format shares; returns the row as a ParsedLine. */
export function validated(
  line: number,
  cdr: ParsedCdr,
  names: { called: string; start: string; answer: string; end: string },
): ParsedLine {
  if (cdr.calledNumber === '') return { line, ok: false, reason: `${names.called} (called number) is empty` };
  const range = rangeProblem(cdr, names);
  if (range) return { line, ok: false, reason: range };
  if (cdr.billsec > cdr.durationSec) {
    return { line, ok: false, reason: `billsec (${cdr.billsec}) is greater than duration (${cdr.durationSec})` };
  }
  const start = cdr.startedAt.getTime();
  if (cdr.endedAt && cdr.endedAt.getTime() < start) {
    return {
      line,
      ok: false,
      reason: `${names.end} (${cdr.endedAt.toISOString()}) is before ${names.start} (${cdr.startedAt.toISOString()})`,
    };
  }
  if (cdr.answeredAt) {
    const answer = cdr.answeredAt.getTime();
    if (answer < start) {
      return {
        line,
        ok: false,
        reason: `${names.answer} (${cdr.answeredAt.toISOString()}) is before ${names.start} (${cdr.startedAt.toISOString()})`,
      };
    }
    if (cdr.endedAt && answer > cdr.endedAt.getTime()) {
      return {
        line,
        ok: false,
        reason: `${names.answer} (${cdr.answeredAt.toISOString()}) is after ${names.end} (${cdr.endedAt.toISOString()})`,
      };
    }
  }
  return { line, ok: true, cdr };
}

function rangeProblem(cdr: ParsedCdr, names: { start: string; answer: string; end: string }): string | null {
  const start = cdr.startedAt.getTime();
  if (start < EARLIEST_CDR_START_MS) {
    return `${names.start} (${cdr.startedAt.toISOString()}) is before 1990-01-01: not a plausible call time`;
  }
  if (start > Date.now() + CDR_START_AHEAD_MS) {
    return `${names.start} (${cdr.startedAt.toISOString()}) is more than a year in the future`;
  }
  // Answer and end may not lie further after the start than a duration can count (nor past year 9999).
  const latest = start + MAX_CDR_SECONDS * 1000;
  if (cdr.answeredAt && cdr.answeredAt.getTime() > latest) return `${names.answer} is too long after ${names.start}`;
  if (cdr.endedAt && cdr.endedAt.getTime() > latest) return `${names.end} is too long after ${names.start}`;
  if (cdr.durationSec > MAX_CDR_SECONDS) return `duration (${cdr.durationSec}) is more than ${MAX_CDR_SECONDS} seconds`;
  if (cdr.billsec > MAX_CDR_SECONDS) return `billsec (${cdr.billsec}) is more than ${MAX_CDR_SECONDS} seconds`;
  if (cdr.cost !== null && cdr.cost > MAX_CDR_COST) return `cost (${cdr.cost}) is more than ${MAX_CDR_COST}`;
  if (cdr.ratePerMinute !== null && cdr.ratePerMinute > MAX_CDR_RATE) {
    return `rate (${cdr.ratePerMinute}) is more than ${MAX_CDR_RATE} per minute`;
  }
  if (cdr.callId.length > MAX_CALL_ID_LENGTH) return `call id is longer than ${MAX_CALL_ID_LENGTH} characters`;
  return null;
}

/** Runs a row parser, turning a RowError into a rejected line. */
export function guard(line: number, parse: () => ParsedLine): ParsedLine {
  try {
    return parse();
  } catch (err) {
    if (err instanceof RowError) return { line, ok: false, reason: err.message };
    throw err;
  }
}
