// The baseline detector's arithmetic, free of I/O: local hours in a customer's zone (DST-correct), the normal
// for a weekday and hour from the previous weeks, the level an hour reaches, and the plain words that say why.
import type { DetectedEventInput } from '../cases/case.service.js';
import { wallClockToUtc, zoneOffsetAt } from '../common/zoned-time.js';
import { higherSeverity, type Severity } from '../tickets/case-kinds.js';
import type { BaselineJurisdiction, BaselineParams, DetectionRule } from './rule-model.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** How many previous weeks the normal is the mean of (fewer when the history is shorter). */
export const BASELINE_WEEKS = 4;

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const JURISDICTION_NAMES: Record<BaselineJurisdiction, string> = {
  interstate: 'Interstate',
  intrastate: 'Intrastate',
  international: 'International',
  toll_free: 'Toll-free',
};

/**
 * One hour of a local day in a time zone. A local hour is a local hour: the spring-forward night has no 02:00
 * (its `startMs` equals its `endMs`), and the fall-back night's 01:00 lasts two hours.
 */
export interface LocalHour {
  /** The local date, `YYYY-MM-DD`. */
  day: string;
  /** 0–23. */
  hour: number;
  /** 0 = Sunday. */
  weekday: number;
  /** UTC instants bounding the hour. */
  startMs: number;
  endMs: number;
}

const dayOf = (wallMs: number) => new Date(wallMs).toISOString().slice(0, 10);

export function addDays(day: string, days: number): string {
  return dayOf(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/** Hour `hour` of the local date `day` in `timeZone`. */
export function localHour(day: string, hour: number, timeZone: string): LocalHour {
  const wallMs = Date.parse(`${day}T00:00:00Z`) + hour * HOUR_MS;
  // "Compatible" resolution: a repeated wall time is its earlier instant, a skipped one reads as the next.
  return {
    day,
    hour,
    weekday: new Date(wallMs).getUTCDay(),
    startMs: wallClockToUtc(wallMs, timeZone),
    endMs: wallClockToUtc(wallMs + HOUR_MS, timeZone),
  };
}

/** The local hour that contains the instant `utcMs`. */
export function localHourAt(utcMs: number, timeZone: string): LocalHour {
  const wall = utcMs + zoneOffsetAt(timeZone, utcMs);
  const wallHour = Math.floor(wall / HOUR_MS) * HOUR_MS;
  return localHour(dayOf(wallHour), new Date(wallHour).getUTCHours(), timeZone);
}

/** The local hours that overlap [fromMs, toMs), in order (hours a clock change skipped are not there). */
export function localHoursBetween(fromMs: number, toMs: number, timeZone: string): LocalHour[] {
  const out: LocalHour[] = [];
  for (let h = localHourAt(fromMs, timeZone); h.startMs < toMs; h = localHourAt(h.endMs, timeZone)) out.push(h);
  return out;
}

/** The customer's stored minutes per jurisdiction, in buckets that each lie inside one local hour. */
export interface BaselineHistory {
  /** 60 min (UTC hours, for zones with whole-hour offsets) or 15 min. */
  bucketMs: number;
  /** Minutes by jurisdiction, then by bucket start. */
  minutes: Map<string, Map<number, number>>;
  /** The start of the customer's stored traffic: an hour before it is no sample of the normal. Null: none. */
  since: number | null;
  /** What is known ends here: an hour running past it is counted so far. */
  asOfMs: number;
}

export function historyOf(
  buckets: readonly { startMs: number; jurisdiction: string; minutes: number }[],
  bucketMs: number,
  since: number | null,
  asOfMs: number,
): BaselineHistory {
  const minutes = new Map<string, Map<number, number>>();
  for (const b of buckets) {
    let byStart = minutes.get(b.jurisdiction);
    if (!byStart) minutes.set(b.jurisdiction, (byStart = new Map()));
    byStart.set(b.startMs, (byStart.get(b.startMs) ?? 0) + b.minutes);
  }
  return { bucketMs, minutes, since, asOfMs };
}

/** Minutes of one jurisdiction in the buckets that start in [fromMs, toMs). */
export function minutesIn(h: BaselineHistory, jurisdiction: string, fromMs: number, toMs: number): number {
  const byStart = h.minutes.get(jurisdiction);
  if (!byStart) return 0;
  let sum = 0;
  for (let t = Math.ceil(fromMs / h.bucketMs) * h.bucketMs; t < toMs; t += h.bucketMs) sum += byStart.get(t) ?? 0;
  return sum;
}

export interface NormalHour {
  /** The normal minutes for this hour (scaled to its length: a two-hour 01:00 expects twice the rate). */
  minutes: number;
  /** How many previous weeks' same weekday and hour it is the mean of. */
  samples: number;
}

/**
 * The normal for an hour: the mean rate of the same weekday and local hour over the previous weeks (up to
 * BASELINE_WEEKS) that lie in the stored history, per hour of clock time. Null without any such week.
 */
export function normalFor(
  h: BaselineHistory,
  hour: LocalHour,
  jurisdiction: string,
  timeZone: string,
): NormalHour | null {
  if (h.since === null) return null;
  let rateSum = 0;
  let samples = 0;
  for (let k = 1; k <= BASELINE_WEEKS; k++) {
    const past = localHour(addDays(hour.day, -7 * k), hour.hour, timeZone);
    if (past.endMs <= past.startMs || past.startMs < h.since) continue;
    rateSum += minutesIn(h, jurisdiction, past.startMs, past.endMs) / ((past.endMs - past.startMs) / HOUR_MS);
    samples++;
  }
  if (!samples) return null;
  return { minutes: (rateSum / samples) * ((hour.endMs - hour.startMs) / HOUR_MS), samples };
}

export type BaselineSeverity = 'notify' | 'warning' | 'urgent';

/** The highest level the minutes reach above the normal, or null. A normal of 0 is exceeded at every level. */
export function levelOf(minutes: number, normal: number, levels: BaselineParams['levels']): BaselineSeverity | null {
  const above = (pct: number) => minutes > 0 && minutes >= normal * (1 + pct / 100);
  if (above(levels.urgent)) return 'urgent';
  if (above(levels.warning)) return 'warning';
  if (above(levels.notify)) return 'notify';
  return null;
}

export interface BaselineFinding {
  jurisdiction: BaselineJurisdiction;
  severity: BaselineSeverity;
  hour: LocalHour;
  minutes: number;
  normal: NormalHour;
  /** The hour had not ended when the history was read: `minutes` are those up to `asOfMs`. */
  partial: boolean;
  asOfMs: number;
}

/** What a customer asked for: jurisdictions it opted out of, and a quiet spell (a snooze) with nothing raised. */
export interface BaselineCustomer {
  id: string;
  accountCode: string;
  timezone: string;
  optOuts: readonly string[];
  /** Hours that start in [fromMs, toMs) raise nothing. */
  quiet?: { fromMs: number; toMs: number } | null;
}

/** One hour assessed: a finding per jurisdiction whose minutes pass the floor and a level above the normal. */
export function assessHour(
  h: BaselineHistory,
  hour: LocalHour,
  params: BaselineParams,
  customer: BaselineCustomer,
): BaselineFinding[] {
  if (customer.quiet && hour.startMs >= customer.quiet.fromMs && hour.startMs < customer.quiet.toMs) return [];
  const cutoff = Math.min(hour.endMs, h.asOfMs);
  if (cutoff <= hour.startMs) return [];
  const out: BaselineFinding[] = [];
  for (const jurisdiction of params.jurisdictions) {
    if (customer.optOuts.includes(jurisdiction)) continue;
    const minutes = minutesIn(h, jurisdiction, hour.startMs, cutoff);
    if (minutes < params.minMinutes) continue;
    const normal = normalFor(h, hour, jurisdiction, customer.timezone);
    if (!normal) continue;
    const severity = levelOf(minutes, normal.minutes, params.levels);
    if (severity)
      out.push({ jurisdiction, severity, hour, minutes, normal, partial: cutoff < hour.endMs, asOfMs: cutoff });
  }
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');
const minutesText = (m: number) => `${m > 0 && m < 10 ? m.toFixed(1).replace(/\.0$/, '') : Math.round(m)} min`;

function wallTime(utcMs: number, timeZone: string): string {
  const wall = new Date(utcMs + zoneOffsetAt(timeZone, utcMs));
  return `${two(wall.getUTCHours())}:${two(wall.getUTCMinutes())}`;
}

/**
 * The plain words, e.g. "Interstate calling is 2.1× normal for a Thursday at 14:00 (America/Chicago): 420 min
 * against a normal of 200 min (ACME01; mean of 4 previous Thursdays); rule 'Baselines' notifies at +25 %, warns
 * at +50 % and is urgent at +100 %".
 */
export function baselineSummary(
  f: BaselineFinding,
  rule: Pick<DetectionRule<'baseline'>, 'name' | 'params'>,
  customer: Pick<BaselineCustomer, 'accountCode' | 'timezone'>,
): string {
  const { hour, normal } = f;
  const weekday = WEEKDAYS[hour.weekday];
  const lengthMs = hour.endMs - hour.startMs;
  const when =
    `a ${weekday} at ${two(hour.hour)}:00 (${customer.timezone}` +
    (lengthMs !== HOUR_MS ? `; this ${two(hour.hour)}:00 lasts ${lengthMs / 60_000} min as clocks change)` : ')');
  const what = JURISDICTION_NAMES[f.jurisdiction];
  const head =
    normal.minutes > 0
      ? `${what} calling is ${(f.minutes / normal.minutes).toFixed(1)}× normal for ${when}`
      : `${what} calling is far above normal for ${when}`;
  const figures = f.partial
    ? `${minutesText(f.minutes)} by ${wallTime(f.asOfMs, customer.timezone)} against a normal of ${minutesText(normal.minutes)} for the hour`
    : `${minutesText(f.minutes)} against a normal of ${minutesText(normal.minutes)}`;
  const basis =
    normal.samples === 1 ? `the same hour last ${weekday}` : `mean of ${normal.samples} previous ${weekday}s`;
  const l = rule.params.levels;
  return (
    `${head}: ${figures} (${customer.accountCode}; ${basis}); rule '${rule.name}' notifies at +${l.notify} %, ` +
    `warns at +${l.warning} % and is urgent at +${l.urgent} %`
  );
}

/** One case per customer, jurisdiction and local day. */
export const baselineDedupeKey = (jurisdiction: string, day: string) => `baseline:${jurisdiction}:${day}`;

export function baselineEvent(
  f: BaselineFinding,
  rule: Pick<DetectionRule<'baseline'>, 'id' | 'name' | 'mode' | 'params'>,
  customer: BaselineCustomer,
): DetectedEventInput {
  const { hour } = f;
  const to = new Date(f.asOfMs).toISOString();
  return {
    customerId: customer.id,
    kind: 'baseline',
    severity: f.severity,
    dedupeKey: baselineDedupeKey(f.jurisdiction, hour.day),
    summary: baselineSummary(f, rule, customer),
    details: {
      ruleId: rule.id,
      ruleName: rule.name,
      mode: rule.mode,
      jurisdiction: f.jurisdiction,
      timezone: customer.timezone,
      day: hour.day,
      hour: hour.hour,
      weekday: WEEKDAYS[hour.weekday],
      hourStart: new Date(hour.startMs).toISOString(),
      hourEnd: new Date(hour.endMs).toISOString(),
      minutes: Math.round(f.minutes * 100) / 100,
      normal: Math.round(f.normal.minutes * 100) / 100,
      samples: f.normal.samples,
      partial: f.partial,
      levels: rule.params.levels,
      minMinutes: rule.params.minMinutes,
    },
    occurredAt: to,
    evidence: { from: new Date(hour.startMs).toISOString(), to },
    ruleId: rule.id,
    shadow: rule.mode === 'shadow',
  };
}

/**
 * The baseline events of one rule for one customer over the given hours, in order: the scheduled run and a
 * backtest both call this. Within a local day an event is raised only when it is above what that day's case
 * (customer + jurisdiction + day) already reached, so a higher level escalates and a repeat raises nothing.
 * `raised` holds what was raised before (by dedupe key) and is updated.
 */
export function evaluateHours(
  h: BaselineHistory,
  hours: readonly LocalHour[],
  rule: Pick<DetectionRule<'baseline'>, 'id' | 'name' | 'mode' | 'params'>,
  customer: BaselineCustomer,
  raised: Map<string, Severity> = new Map(),
): DetectedEventInput[] {
  const out: DetectedEventInput[] = [];
  for (const hour of hours) {
    for (const f of assessHour(h, hour, rule.params, customer)) {
      const key = baselineDedupeKey(f.jurisdiction, hour.day);
      const before = raised.get(key);
      if (before && higherSeverity(before, f.severity) === before) continue;
      raised.set(key, f.severity);
      out.push(baselineEvent(f, rule, customer));
    }
  }
  return out;
}

/** The span of history evaluating [fromMs, toMs) reads: the previous weeks of its first day, to its end. */
export function historySpan(fromMs: number, toMs: number): { fromMs: number; toMs: number } {
  return { fromMs: fromMs - (BASELINE_WEEKS * 7 + 2) * DAY_MS, toMs };
}

/** Whether the zone's hours sit on UTC hours over the span (then the hourly rollups can be read). */
export function wholeHourZone(timeZone: string, fromMs: number, toMs: number): boolean {
  for (let t = fromMs; t <= toMs + DAY_MS; t += 7 * DAY_MS) if (zoneOffsetAt(timeZone, t) % HOUR_MS !== 0) return false;
  return zoneOffsetAt(timeZone, toMs) % HOUR_MS === 0;
}

export interface ChartHour {
  hour: number;
  startMs: number;
  endMs: number;
  /** Null for an hour that has not begun. */
  minutes: number | null;
  /** Null without history for that weekday and hour. */
  normal: number | null;
}

/** One local day's minutes per hour (summed over the jurisdictions) against the normal of each hour. */
export function dayChart(
  h: BaselineHistory,
  day: string,
  timeZone: string,
  jurisdictions: readonly string[],
): ChartHour[] {
  const from = localHour(day, 0, timeZone).startMs;
  const to = localHour(addDays(day, 1), 0, timeZone).startMs;
  return localHoursBetween(from, to, timeZone).map((hour) => {
    const cutoff = Math.min(hour.endMs, h.asOfMs);
    let minutes: number | null = null;
    let normal: number | null = null;
    for (const j of jurisdictions) {
      if (cutoff > hour.startMs) minutes = (minutes ?? 0) + minutesIn(h, j, hour.startMs, cutoff);
      const n = normalFor(h, hour, j, timeZone);
      if (n) normal = (normal ?? 0) + n.minutes;
    }
    const round = (v: number | null) => (v === null ? null : Math.round(v * 100) / 100);
    return {
      hour: hour.hour,
      startMs: hour.startMs,
      endMs: hour.endMs,
      minutes: round(minutes),
      normal: round(normal),
    };
  });
}
