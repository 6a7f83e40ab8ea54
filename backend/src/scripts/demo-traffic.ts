// Deterministic CDR traffic for the demo carrier. Nothing here reads the clock or Math.random:
// every hour of a customer's traffic comes from a PRNG seeded with (account, hour), and every call
// id from (account, start time), so generating the same hour again gives the same rows, and the
// importer skips them as duplicates.
import type { ImportCustomerDto } from '../customers/customers.dto.js';
import { costFor } from '../cdrs/enrichment/rate-deck.js';
import { wallClockToUtc, zoneOffsetAt } from '../common/zoned-time.js';
import type { BurstSpec, Schedule, TrafficProfile } from './demo-data.js';

const HOUR = 3_600_000;

export interface DemoCdr {
  callId: string;
  account: string;
  sourceIp: string;
  sipUser: string;
  from: string;
  to: string;
  start: Date;
  answer: Date | null;
  end: Date;
  duration: number;
  billsec: number;
  disposition: string;
  sipCode: number;
  ratePerMinute: number;
}

/** mulberry32 seeded by FNV-1a of the key: small, fast, and the same on every machine. */
export function rngFor(key: string): () => number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Rng = () => number;

function poisson(rng: Rng, lambda: number): number {
  if (lambda <= 0) return 0;
  const limit = Math.exp(-lambda);
  let k = 0;
  for (let p = rng(); p > limit; p *= rng()) k++;
  return k;
}

/** Log-normal around `median` (talk times: many short calls, a long tail). */
function logNormal(rng: Rng, median: number, sigma: number): number {
  const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return median * Math.exp(sigma * z);
}

function pick<T extends { weight: number }>(rng: Rng, items: readonly T[]): T {
  const total = items.reduce((s, i) => s + i.weight, 0);
  let r = rng() * total;
  for (const i of items) if ((r -= i.weight) < 0) return i;
  return items[items.length - 1];
}

const fill = (rng: Rng, template: string) => template.replace(/x/g, () => String(Math.floor(rng() * 10)));

/** Switch-style dialled digits: NANP as 1NPANXXXXXX, the rest with the 011 international prefix. */
const dialled = (e164Digits: string) => (e164Digits.startsWith('1') ? e164Digits : `011${e164Digits}`);

const compact = (d: Date) => d.toISOString().replace(/[-:]/g, '').slice(0, 15); // 20261122T160405

const USUAL_FAILURES = [
  { disposition: 'NO ANSWER', sipCode: 487, weight: 55 },
  { disposition: 'BUSY', sipCode: 486, weight: 25 },
  { disposition: 'FAILED', sipCode: 404, weight: 10 },
  { disposition: 'CONGESTION', sipCode: 503, weight: 10 },
];

interface CallShape {
  answerRate: number;
  talkSec: number;
  maxTalkSec: number;
  failures?: BurstSpec['failures'];
}

/** Ringing, talk and hang-up for one call starting at `start` (whole seconds). */
function callTimes(rng: Rng, start: Date, shape: CallShape) {
  const s = start.getTime();
  if (rng() < shape.answerRate) {
    const ring = 3 + Math.floor(rng() * 16);
    const talk = Math.max(4, Math.min(shape.maxTalkSec, Math.round(logNormal(rng, shape.talkSec, 0.8))));
    return {
      answer: new Date(s + ring * 1000),
      end: new Date(s + (ring + talk) * 1000),
      duration: ring + talk,
      billsec: talk,
      disposition: 'ANSWERED',
      sipCode: 200,
    };
  }
  const f = pick(rng, shape.failures ?? USUAL_FAILURES);
  const duration = f.disposition === 'NO ANSWER' ? 20 + Math.floor(rng() * 26) : 1 + Math.floor(rng() * 4);
  return {
    answer: null,
    end: new Date(s + duration * 1000),
    duration,
    billsec: 0,
    disposition: f.disposition,
    sipCode: f.sipCode,
  };
}

/** The local hour and weekday of an instant in a zone. */
function localClock(utcMs: number, timeZone: string): { hour: number; day: number } {
  const wall = new Date(utcMs + zoneOffsetAt(timeZone, utcMs));
  return { hour: wall.getUTCHours(), day: wall.getUTCDay() };
}

/** 0..1: how busy a seat is in this local hour (quieter first and last hour and at lunch). */
function activity(schedules: readonly Schedule[], hour: number, day: number): number {
  for (const s of schedules) {
    if (!s.days.includes(day) || hour < s.from || hour >= s.to) continue;
    if (hour === s.from || hour === s.to - 1) return 0.6;
    if (hour === 12) return 0.7;
    return 1;
  }
  return 0;
}

export interface SeatLookup {
  timezone: string;
  seats: Map<string, { sipUser: string; did: string; group: string }>;
}

/** The demo customers' seats by line (last four digits of the DID). */
export function seatLookup(customers: ImportCustomerDto[]): Map<string, SeatLookup> {
  const out = new Map<string, SeatLookup>();
  for (const c of customers) {
    const seats = new Map<string, { sipUser: string; did: string; group: string }>();
    for (const g of c.groups ?? []) {
      for (const s of g.seats) {
        if (s.did && s.sipUsername)
          seats.set(s.did.slice(-4), { sipUser: s.sipUsername, did: s.did, group: g.externalId });
      }
    }
    out.set(c.accountCode, { timezone: c.timezone, seats });
  }
  return out;
}

/**
 * One customer's ordinary traffic in the hour starting at `hourMs`. `silentFrom` mutes a seat
 * from an instant on (a restricted seat places no calls); muted calls are drawn and dropped, so
 * muting never shifts the other seats' calls.
 */
export function hourOfTraffic(
  profile: TrafficProfile,
  customer: SeatLookup,
  hourMs: number,
  silentFrom: Map<string, number> = new Map(),
): DemoCdr[] {
  const rng = rngFor(`${profile.accountCode}|${new Date(hourMs).toISOString()}`);
  const { hour, day } = localClock(hourMs, customer.timezone);
  const out: DemoCdr[] = [];
  let n = 0;
  for (const seat of profile.seats) {
    const s = customer.seats.get(seat.line);
    if (!s) throw new Error(`${profile.accountCode} has no seat on line ${seat.line}`);
    const calls = poisson(rng, seat.callsPerHour * activity(seat.schedules, hour, day));
    for (let i = 0; i < calls; i++) {
      const start = new Date(hourMs + Math.floor(rng() * 3600) * 1000);
      const dest = pick(rng, profile.destinations);
      const to = dialled(fill(rng, dest.numbers[Math.floor(rng() * dest.numbers.length)]));
      const times = callTimes(rng, start, { answerRate: profile.answerRate, talkSec: dest.talkSec, maxTalkSec: 3600 });
      const callId = `demo-${profile.accountCode}-${compact(start)}-${String(n++).padStart(3, '0')}`;
      const muted = silentFrom.get(seat.line);
      if (muted !== undefined && start.getTime() >= muted) continue;
      out.push({
        callId,
        account: profile.accountCode,
        sourceIp: profile.sourceIps[s.group],
        sipUser: s.sipUser,
        from: s.did,
        to,
        start,
        ...times,
        ratePerMinute: dest.ratePerMinute,
      });
    }
  }
  return out;
}

/** The start of the most recent burst that fits: `minAgeHours` before `end`, all of it before `end`. */
export function burstAnchor(spec: BurstSpec, timeZone: string, end: number): Date {
  const latest = Math.min(end - spec.minAgeHours * HOUR, end - spec.minutes * 60_000);
  const wallEnd = new Date(end + zoneOffsetAt(timeZone, end));
  for (let back = 0; back < 10; back++) {
    const wall = Date.UTC(
      wallEnd.getUTCFullYear(),
      wallEnd.getUTCMonth(),
      wallEnd.getUTCDate() - back,
      spec.localTime[0],
      spec.localTime[1],
    );
    const at = wallClockToUtc(wall, timeZone);
    if (at <= latest) return new Date(at);
  }
  throw new Error(`no room for the ${spec.key} burst before ${new Date(end).toISOString()}`);
}

/** The burst's calls, all starting within [anchor, anchor + minutes). */
export function burstTraffic(spec: BurstSpec, anchor: Date): DemoCdr[] {
  const rng = rngFor(`${spec.key}|${spec.accountCode}|${anchor.toISOString()}`);
  const span = spec.minutes * 60 - 30;
  const starts = Array.from({ length: spec.calls }, () => Math.floor(rng() * span)).sort((a, b) => a - b);
  return starts.map((offset, i) => {
    const start = new Date(anchor.getTime() + offset * 1000);
    const number = pick(rng, spec.numbers);
    const times = callTimes(rng, start, spec);
    return {
      callId: `demo-${spec.key}-${spec.accountCode}-${compact(start)}-${String(i).padStart(3, '0')}`,
      account: spec.accountCode,
      sourceIp: spec.sourceIp,
      sipUser: spec.sipUser,
      from: spec.caller,
      to: dialled(fill(rng, number.template)),
      start,
      ...times,
      ratePerMinute: number.ratePerMinute,
    };
  });
}

export const DEMO_CSV_HEADER =
  'call_id,account,src_ip,sip_user,from,to,start,answer,end,duration,billsec,disposition,sip_code,rate';

const iso = (d: Date) => d.toISOString().replace('.000Z', 'Z');

/** Generic CSV (header row, ISO-8601 UTC times), streamed a chunk of rows at a time. */
export function* demoCsv(rows: readonly DemoCdr[]): Generator<string> {
  let buf = `${DEMO_CSV_HEADER}\n`;
  for (const r of rows) {
    buf +=
      `${r.callId},${r.account},${r.sourceIp},${r.sipUser},${r.from},${r.to},${iso(r.start)},` +
      `${r.answer ? iso(r.answer) : ''},${iso(r.end)},${r.duration},${r.billsec},${r.disposition},${r.sipCode},${r.ratePerMinute}\n`;
    if (buf.length > 64 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

export interface BurstFacts {
  calls: number;
  answered: number;
  failed: number;
  minutes: number;
  cost: number;
  /** Called E.164 prefixes as "country code / NANP area code", busiest first. */
  prefixes: string[];
}

/** What an event's summary says about a burst (the ticket's exposure is computed from the stored CDRs). */
export function burstFacts(rows: readonly DemoCdr[]): BurstFacts {
  const byPrefix = new Map<string, number>();
  let answered = 0;
  let billsec = 0;
  let cost = 0;
  for (const r of rows) {
    if (r.billsec > 0) answered++;
    billsec += r.billsec;
    cost += costFor(r.ratePerMinute, r.billsec);
    const e164 = r.to.startsWith('011') ? r.to.slice(3) : r.to;
    const prefix = e164.startsWith('1') ? e164.slice(1, 4) : callingCode(e164);
    byPrefix.set(prefix, (byPrefix.get(prefix) ?? 0) + 1);
  }
  return {
    calls: rows.length,
    answered,
    failed: rows.length - answered,
    minutes: Math.round(billsec / 6) / 10,
    cost: Math.round(cost * 100) / 100,
    prefixes: [...byPrefix.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([p]) => p),
  };
}

// Enough for the demo's destinations; the importer's enrichment is the real thing.
const CODES = ['371', '232', '234', '880', '252', '224', '53', '92', '52', '44', '46', '49', '33', '31', '61', '86'];
const callingCode = (digits: string) => CODES.find((c) => digits.startsWith(c)) ?? digits.slice(0, 3);
