// The threshold detector's arithmetic, free of I/O: which calls a rule counts, per which subject, where a
// sliding-window count crosses the warn and block thresholds, and the plain words that say why.
import type { WindowCall } from '../cdrs/cdr-window-rows.js';
import type { DetectedEventInput } from '../cases/case.service.js';
import type { DetectionRule, ThresholdFilter, ThresholdParams } from './rule-model.js';

/** A restriction as a detected event names it. */
type RestrictionInput = NonNullable<DetectedEventInput['restrictions']>[number];

/** How many CDR ids an event cites; its time range covers the rest. */
export const MAX_EVIDENCE_IDS = 200;

/** The fields of a call a filter looks at. */
export interface CallFacts {
  number: string | null;
  country: string | null;
  disposition: string;
}

export function matchesFilter(f: ThresholdFilter, c: CallFacts): boolean {
  switch (f.kind) {
    case 'prefix':
    case 'prefix_group':
      return c.number !== null && (f.prefixes ?? []).some((p) => c.number!.startsWith(p));
    case 'country':
    case 'country_group':
      return c.country !== null && (f.countries ?? []).includes(c.country);
    case 'same_number':
      return c.number !== null;
    case 'same_disposition_number':
      return c.number !== null && (!f.disposition || c.disposition.toUpperCase() === f.disposition.toUpperCase());
  }
}

/**
 * What the rule counts a call against: `customer`, `seat:<userId>` or `ip:<address>`, then the number (and
 * disposition) for the same-number filters. Null when the call has no such subject (no seat, no IP).
 */
export function subjectOf(
  p: ThresholdParams,
  c: Pick<WindowCall, 'seat' | 'ip' | 'number' | 'disposition'>,
): string | null {
  let who: string;
  if (p.per === 'seat') {
    if (!c.seat) return null;
    who = `seat:${c.seat}`;
  } else if (p.per === 'ip') {
    if (!c.ip) return null;
    who = `ip:${c.ip}`;
  } else who = 'customer';
  if (p.filter.kind === 'same_number') return `${who}:to:${c.number}`;
  if (p.filter.kind === 'same_disposition_number') return `${who}:${c.disposition.toUpperCase()}:to:${c.number}`;
  return who;
}

/** First index with `starts[i] >= t` (starts ascending). */
function lowerBound(starts: readonly number[], t: number): number {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The calls in the window ending at `t`: those that started in [t - window, t], both ends included. As
 * [first, end) indexes into `starts` (ascending).
 */
export function windowAt(starts: readonly number[], t: number, windowMs: number): [number, number] {
  return [lowerBound(starts, t - windowMs), lowerBound(starts, t + 1e-3)];
}

export function countInWindow(starts: readonly number[], t: number, windowMs: number): number {
  const [a, b] = windowAt(starts, t, windowMs);
  return b - a;
}

/** What an event cites for a crossing: its window's latest calls (at most MAX_EVIDENCE_IDS) and its range. */
export function crossingEvidence(crossing: Crossing): { cdrIds: string[]; from: string; to: string } {
  const calls = crossing.calls;
  return {
    cdrIds: calls.slice(-MAX_EVIDENCE_IDS).map((c) => c.id),
    from: new Date(calls[0].startMs).toISOString(),
    to: new Date(crossing.atMs).toISOString(),
  };
}

export interface Crossing {
  severity: 'warning' | 'block';
  /** The window's end: the start of the call that made the count reach the threshold. */
  atMs: number;
  /** The calls in that window, oldest first. */
  calls: WindowCall[];
}

/** A measure of the calls in a sliding window, kept as calls enter (newest) and leave (oldest). */
interface WindowMeasure {
  enter(c: WindowCall): void;
  leave(c: WindowCall): void;
  readonly value: number;
}

/** The number of calls in the window. */
function callCount(): WindowMeasure {
  let n = 0;
  return {
    enter: () => void n++,
    leave: () => void n--,
    get value() {
      return n;
    },
  };
}

/** The number of distinct keys (e.g. destination numbers) among the calls in the window. */
function distinctCount(keyOf: (c: WindowCall) => string | null): WindowMeasure {
  const seen = new Map<string, number>();
  return {
    enter(c) {
      const k = keyOf(c);
      if (k !== null) seen.set(k, (seen.get(k) ?? 0) + 1);
    },
    leave(c) {
      const k = keyOf(c);
      if (k === null) return;
      const left = seen.get(k)! - 1;
      if (left) seen.set(k, left);
      else seen.delete(k);
    },
    get value() {
      return seen.size;
    },
  };
}

/**
 * The stateless crossing logic, for any measure of the window: at each distinct start `t` (ascending), the
 * window is the calls that started in [t - window, t]; a judged call at `t` crosses a threshold when the measure
 * there reaches it and was below it at every start of the window before `t` (so a new episode begins only after
 * a whole window below the threshold).
 */
function crossingsOf(
  calls: readonly WindowCall[],
  isJudged: (c: WindowCall) => boolean,
  p: Pick<ThresholdParams, 'window' | 'warn' | 'block'>,
  measure: WindowMeasure,
  halfOpen = false,
): Crossing[] {
  const windowMs = p.window.minutes * 60_000;
  const starts = calls.map((c) => c.startMs);
  const out: Crossing[] = [];
  // The latest start at which the measure was at or above each threshold: a threshold crosses again only after
  // a whole window below it, so traffic hovering at a threshold is one episode, not one event per call.
  let lastAtBlock = -Infinity;
  let lastAtWarn = -Infinity;
  let a = 0;
  let b = 0;
  for (let i = 0; i < calls.length;) {
    const t = starts[i];
    let j = i;
    let judged = false;
    for (; j < calls.length && starts[j] === t; j++) if (isJudged(calls[j])) judged = true;
    // The same bounds as windowAt(): [first start >= t - window, first start > t).
    for (; b < calls.length && starts[b] < t + 1e-3; b++) measure.enter(calls[b]);
    // Half-open windows, (t - window, t], are the live counters' own: a call exactly one window back has slid out.
    for (; a < b && (halfOpen ? starts[a] <= t - windowMs : starts[a] < t - windowMs); a++) measure.leave(calls[a]);
    const value = measure.value;
    if (judged) {
      if (value >= p.block && lastAtBlock < t - windowMs)
        out.push({ severity: 'block', atMs: t, calls: calls.slice(a, b) });
      else if (p.warn !== undefined && value >= p.warn && value < p.block && lastAtWarn < t - windowMs)
        out.push({ severity: 'warning', atMs: t, calls: calls.slice(a, b) });
    }
    if (value >= p.block) lastAtBlock = t;
    if (p.warn !== undefined && value >= p.warn) lastAtWarn = t;
    i = j;
  }
  return out;
}

/**
 * Where the count of one subject's calls crosses its thresholds at a judged call: the count in the window ending
 * at that call reaches the threshold, and the count at the subject's previous call (an earlier start) was below
 * it, and stayed below it for the whole window before. A call that takes the count past both raises only the block.
 * A function of the calls alone (no memory of earlier runs), so an import's batches and a backtest over the same
 * calls find the same crossings; a count that stays below a threshold for a whole window and then reaches it again
 * is a new episode. `calls` are the subject's stored calls,
 * oldest first, reaching back two windows before the first judged one (so the previous call's count is exact).
 */
export function crossings(
  calls: readonly WindowCall[],
  isJudged: (c: WindowCall) => boolean,
  p: Pick<ThresholdParams, 'window' | 'warn' | 'block'>,
  halfOpen = false,
): Crossing[] {
  return crossingsOf(calls, isJudged, p, callCount(), halfOpen);
}

/**
 * As crossings(), counting the distinct keys of the calls in the window (e.g. destination numbers) instead of
 * the calls; calls whose key is null do not count. A crossing's `calls` are all the window's calls.
 */
export function distinctCrossings(
  calls: readonly WindowCall[],
  isJudged: (c: WindowCall) => boolean,
  p: Pick<ThresholdParams, 'window' | 'warn' | 'block'>,
  keyOf: (c: WindowCall) => string | null,
): Crossing[] {
  return crossingsOf(calls, isJudged, p, distinctCount(keyOf));
}

export const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))];

/** "LV, CU, SL" or "LV, CU, SL and 4 more". */
export function listed(values: string[], max = 5): string {
  if (values.length <= max) return values.join(', ');
  return `${values.slice(0, max).join(', ')} and ${values.length - max} more`;
}

export function span(calls: readonly WindowCall[]): string {
  const ms = calls[calls.length - 1].startMs - calls[0].startMs;
  if (ms < 60_000) return ms < 1000 ? 'at once' : `in ${Math.round(ms / 1000)} s`;
  return `in ${Math.round(ms / 60_000)} min`;
}

/** What the event names: where the calls went and where they came from. */
export function involved(calls: readonly WindowCall[]) {
  return {
    countries: distinct(calls.map((c) => c.country)),
    numbers: distinct(calls.map((c) => c.number)),
    seats: distinct(calls.map((c) => c.seat)),
    ips: distinct(calls.map((c) => c.ip)),
  };
}

/**
 * The event's plain words, e.g. "46 calls in 10 min to LV, CU, SL from 192.0.2.199 (CASC003); rule
 * 'International burst' warns at 10 and blocks at 20 per 5 min".
 */
export function summaryOf(
  rule: Pick<DetectionRule<'threshold'>, 'name' | 'params'>,
  crossing: Crossing,
  accountCode: string,
  subject: string,
): string {
  const p = rule.params;
  const calls = crossing.calls;
  const who = involved(calls);
  const to =
    p.filter.kind === 'same_number' || p.filter.kind === 'same_disposition_number'
      ? `to ${calls[calls.length - 1].number}`
      : p.filter.kind === 'prefix' || p.filter.kind === 'prefix_group'
        ? `to ${listed(p.filter.prefixes ?? [])} (${listed(who.countries) || 'unknown countries'})`
        : `to ${listed(who.countries)}`;
  const disposition =
    p.filter.kind === 'same_disposition_number' ? ` ${calls[calls.length - 1].disposition.toUpperCase()}` : '';
  const from = subject.startsWith('ip:')
    ? `from ${calls[calls.length - 1].ip}`
    : subject.startsWith('seat:')
      ? `from seat ${calls[calls.length - 1].seat}`
      : who.ips.length
        ? `from ${listed(who.ips, 3)}`
        : 'from the account';
  const thresholds = p.warn !== undefined ? `warns at ${p.warn} and blocks at ${p.block}` : `blocks at ${p.block}`;
  return (
    `${calls.length}${disposition} calls ${span(calls)} ${to} ${from} (${accountCode}); ` +
    `rule '${rule.name}' ${thresholds} per ${p.window.minutes} min`
  );
}

/** What a block restricts, from the rule's `restriction` and the calls in the window; [] when it names none. */
export function restrictionsOf(
  p: ThresholdParams,
  calls: readonly WindowCall[],
  accountCode: string,
): RestrictionInput[] {
  const last = calls[calls.length - 1];
  switch (p.restriction) {
    case undefined:
      return [];
    case 'account':
      return [{ kind: 'account', value: accountCode }];
    case 'seat':
      return last.seat ? [{ kind: 'seat', value: last.seat }] : [];
    case 'ip':
      return last.ip ? [{ kind: 'ip', value: last.ip }] : [];
    case 'destination': {
      const values =
        p.filter.kind === 'prefix' || p.filter.kind === 'prefix_group'
          ? (p.filter.prefixes ?? [])
          : distinct(calls.map((c) => c.number)).slice(0, 50);
      return values.map((value) => ({ kind: 'destination', value }));
    }
  }
}
