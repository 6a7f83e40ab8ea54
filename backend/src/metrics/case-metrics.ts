// Case metrics from each ticket's timeline: pure, no I/O. A correction in the timeline (a REOPEN, a late
// review) changes the figures of every range that holds the ticket, since nothing is stored pre-computed.
import { wallClockToUtc, zoneOffsetAt } from '../common/zoned-time.js';

export const OPEN_STATES = ['detected', 'restricted', 'customer_reviewed', 'source_removed', 'charges_accepted'];
export const CLOSED_STATES = ['restrictions_lifted', 'dismissed'];
const NOC_ROLES = ['technician', 'admin'];
/** Entries that record the case's arrival, not work on it (a technician who posts an event opens the case). */
const ARRIVAL = ['opened', 'detected_event'];

export interface TimelineFact {
  type: string;
  actorRole: string;
  fromState: string | null;
  toState: string | null;
  at: Date;
}

export interface TicketFacts {
  id: string;
  customerId: string;
  customerName: string;
  /** The detector kind of the case (`seat_threshold`, `threshold`, …). */
  kind: string;
  /** The rule that raised the first event, and where it came from (detector, email, real-time, manual). */
  ruleId: string | null;
  ruleName: string | null;
  source: string;
  openedAt: Date;
  firstCallAt: Date | null;
  lastCallAt: Date | null;
  exposureCost: number;
  /** In the order written (the timeline's id): the times of one transaction may come from two clocks. */
  timeline: TimelineFact[];
}

export interface Spread {
  median: number | null;
  p90: number | null;
}

export interface CaseMetrics {
  opened: number;
  closed: number;
  byState: Record<string, number>;
  mttaSeconds: Spread;
  mttrSeconds: Spread;
  timeInStateSeconds: Record<string, Spread>;
  timeToDetectSeconds: Spread;
  timeToBlockSeconds: Spread;
  /** Dismissed or judged legitimate, over the cases with an outcome; null while none has one. */
  falsePositiveShare: number | null;
  exposure: { fraudCost: number; acceptedCost: number; avoidedCost: number };
}

/** Nearest-rank percentile (p in 0..100) of seconds, rounded to whole seconds; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return Math.round(sorted[rank - 1]);
}

const spread = (values: number[]): Spread => ({ median: percentile(values, 50), p90: percentile(values, 90) });
const seconds = (a: Date, b: Date) => (b.getTime() - a.getTime()) / 1000;
const cents = (v: number) => Math.round(v * 100) / 100;

/** The outcome of a case: the last outcome state it went through (a REOPEN and a new outcome replaces it). */
function outcomeOf(t: TicketFacts): 'fraud' | 'legitimate' | 'dismissed' | null {
  let outcome: 'fraud' | 'legitimate' | 'dismissed' | null = null;
  for (const e of t.timeline) {
    if (e.toState === 'source_removed') outcome = 'fraud';
    if (e.toState === 'charges_accepted') outcome = 'legitimate';
    if (e.toState === 'dismissed') outcome = 'dismissed';
    if (e.type === 'REOPEN') outcome = null;
  }
  return outcome;
}

/** Seconds spent in each state, from opening to `until` (closed states count as no time: the case is over). */
function timeInStates(t: TicketFacts, until: Date): Map<string, number> {
  const out = new Map<string, number>();
  let state = 'detected';
  let since = t.openedAt;
  for (const e of t.timeline) {
    if (e.at > until) break;
    if (!e.toState || e.toState === state || e.type === 'opened') continue;
    out.set(state, (out.get(state) ?? 0) + Math.max(0, seconds(since, e.at)));
    state = e.toState;
    since = e.at;
  }
  if (!CLOSED_STATES.includes(state)) out.set(state, (out.get(state) ?? 0) + Math.max(0, seconds(since, until)));
  return out;
}

/** The state at `at`: the last state entered at or before it. */
function stateAt(t: TicketFacts, at: Date): string {
  let state = 'detected';
  for (const e of t.timeline) if (e.at <= at && e.toState && e.type !== 'opened') state = e.toState;
  return state;
}

/** What restricting avoided: the episode's rate of spend times how long it would have run until the customer answered. */
function avoidedCost(t: TicketFacts, now: Date): number {
  const restrict = t.timeline.find((e) => e.type === 'RESTRICT' && e.toState === 'restricted');
  if (!restrict || !t.firstCallAt || !t.lastCallAt) return 0;
  const ran = seconds(t.firstCallAt, t.lastCallAt);
  if (ran <= 0 || t.exposureCost <= 0) return 0;
  const answer =
    t.timeline.find((e) => e.at >= restrict.at && e.type === 'CUSTOMER_REVIEW')?.at ??
    t.timeline.find((e) => e.at >= restrict.at && e.toState !== null && CLOSED_STATES.includes(e.toState))?.at ??
    now;
  return (t.exposureCost / ran) * Math.max(0, seconds(restrict.at, answer));
}

/**
 * The metrics of the cases opened in [from, to). `now` ends the clocks of cases still open. Cases closed in the
 * range count in `closed` whenever they were opened (they are passed in `closedInRange`).
 */
export function caseMetrics(
  opened: readonly TicketFacts[],
  closedInRange: number,
  range: { to: Date },
  now: Date,
): CaseMetrics {
  const until = now < range.to ? now : range.to;
  const byState: Record<string, number> = Object.fromEntries([...OPEN_STATES, ...CLOSED_STATES].map((s) => [s, 0]));
  const mtta: number[] = [];
  const mttr: number[] = [];
  const inState = new Map<string, number[]>();
  const detect: number[] = [];
  const block: number[] = [];
  let withOutcome = 0;
  let falsePositives = 0;
  const exposure = { fraudCost: 0, acceptedCost: 0, avoidedCost: 0 };

  for (const t of opened) {
    byState[stateAt(t, until)]++;
    const firstAction = t.timeline.find(
      (e) => NOC_ROLES.includes(e.actorRole) && !ARRIVAL.includes(e.type) && e.at >= t.openedAt,
    );
    if (firstAction) mtta.push(seconds(t.openedAt, firstAction.at));
    const resolved = t.timeline.find((e) => e.toState !== null && CLOSED_STATES.includes(e.toState));
    if (resolved) mttr.push(seconds(t.openedAt, resolved.at));
    for (const [state, s] of timeInStates(t, now)) inState.set(state, [...(inState.get(state) ?? []), s]);
    const detected = t.timeline.find((e) => e.type === 'detected_event')?.at ?? t.openedAt;
    if (t.firstCallAt) detect.push(seconds(t.firstCallAt, detected));
    const restricted = t.timeline.find((e) => e.type === 'RESTRICT');
    if (t.firstCallAt && restricted) block.push(seconds(t.firstCallAt, restricted.at));

    const outcome = outcomeOf(t);
    if (outcome) withOutcome++;
    if (outcome === 'legitimate' || outcome === 'dismissed') falsePositives++;
    if (outcome === 'legitimate') exposure.acceptedCost += t.exposureCost;
    if (outcome === 'fraud') exposure.fraudCost += t.exposureCost;
    if (outcome !== 'legitimate' && outcome !== 'dismissed') exposure.avoidedCost += avoidedCost(t, now);
  }

  return {
    opened: opened.length,
    closed: closedInRange,
    byState,
    mttaSeconds: spread(mtta),
    mttrSeconds: spread(mttr),
    timeInStateSeconds: Object.fromEntries(OPEN_STATES.map((s) => [s, spread(inState.get(s) ?? [])])),
    timeToDetectSeconds: spread(detect),
    timeToBlockSeconds: spread(block),
    falsePositiveShare: withOutcome ? Math.round((falsePositives / withOutcome) * 10_000) / 10_000 : null,
    exposure: {
      fraudCost: cents(exposure.fraudCost),
      acceptedCost: cents(exposure.acceptedCost),
      avoidedCost: cents(exposure.avoidedCost),
    },
  };
}

/** The calendar day (`YYYY-MM-DD`) of an instant in `timeZone`. */
function dayIn(timeZone: string, at: Date): string {
  return new Date(at.getTime() + zoneOffsetAt(timeZone, at.getTime())).toISOString().slice(0, 10);
}

/**
 * Opened and closed per calendar day of the range in the team's time zone (the on-call zone): a case opened at
 * 23:30 in Chicago counts on that Chicago day, not on the next UTC one. Days that a DST change shortens or
 * lengthens are still one day each.
 */
export function byDay(
  opened: readonly TicketFacts[],
  closings: readonly Date[],
  from: Date,
  to: Date,
  timeZone = 'UTC',
): { day: string; opened: number; closed: number }[] {
  const days = new Map<string, { opened: number; closed: number }>();
  // Calendar arithmetic on the local date; each day is in the range if its local midnight is before `to`.
  for (
    let d = Date.parse(`${dayIn(timeZone, from)}T00:00:00Z`);
    wallClockToUtc(d, timeZone) < to.getTime();
    d += 86_400_000
  ) {
    days.set(new Date(d).toISOString().slice(0, 10), { opened: 0, closed: 0 });
  }
  for (const t of opened) {
    const day = days.get(dayIn(timeZone, t.openedAt));
    if (day) day.opened++;
  }
  for (const c of closings) {
    const day = days.get(dayIn(timeZone, c));
    if (day) day.closed++;
  }
  return [...days].map(([day, v]) => ({ day, ...v }));
}
