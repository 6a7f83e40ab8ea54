// Who is on call, and whom a page reaches, from the on-call setup alone: pure, no I/O, no clock.
// Every wall-clock time (hand-off, business hours) is read in the team's time zone, so a hand-off at
// 09:00 stays at 09:00 local across a DST change (the UTC instant moves instead).
import { wallClockToUtc, zoneOffsetAt } from '../common/zoned-time.js';

export const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface OnCallOverride {
  userId: string;
  /** ISO-8601 instants; the override holds in [from, to). */
  from: string;
  to: string;
}

export interface EscalationPolicy {
  /** Level n waits `levels[n-1].ackTimeoutMinutes` for an acknowledgement before paging level n+1. */
  levels: { ackTimeoutMinutes: number }[];
  /** After the last level times out, start again at level 1 (and keep going until acknowledged). */
  repeat: boolean;
  /** A block-severity case still unacknowledged this long after its first page is restricted by the system. */
  autoRestrictAfterMinutes?: number;
}

export interface OnCallSetup {
  timezone: string;
  rotation: {
    engineers: string[];
    handoffDay: Weekday;
    /** `HH:MM`, local. */
    handoffTime: string;
    /** `YYYY-MM-DD`: the week whose hand-off falls on or after this day is `engineers[0]`'s. Default 1970-01-05. */
    startDate?: string;
  };
  overrides: OnCallOverride[];
  /** ISO weekdays (1 = Monday … 7 = Sunday) and local `HH:MM` times; `to` is excluded. */
  businessHours: { days: number[]; from: string; to: string };
  policy: EscalationPolicy;
}

/** Paging targets of one level: one engineer, or every engineer (level 3 and above). */
export type PageTarget = { kind: 'engineer'; userId: string } | { kind: 'everyone' };

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;
const EPOCH_MONDAY = Date.UTC(1970, 0, 5);

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const wallOf = (tz: string, ms: number) => ms + zoneOffsetAt(tz, ms);

/** The wall-clock (as-if-UTC ms) of the first hand-off on or after `date`'s midnight. */
function firstHandoffWall(setup: OnCallSetup): number {
  const r = setup.rotation;
  const day = r.startDate ? Date.parse(`${r.startDate}T00:00:00Z`) : EPOCH_MONDAY;
  const weekday = ((Math.floor((day - EPOCH_MONDAY) / DAY) % 7) + 7) % 7; // 0 = Monday
  const wanted = WEEKDAYS.indexOf(r.handoffDay);
  return day + ((wanted - weekday + 7) % 7) * DAY + minutesOf(r.handoffTime) * MINUTE;
}

interface Shift {
  /** Index in the rotation of the engineer whose week it is. */
  index: number;
  userId: string;
  /** UTC ms of the shift's hand-offs. */
  startMs: number;
  endMs: number;
}

/** The rotation's shift at `atMs`: weeks counted on the local wall clock, so hand-offs keep their local time. */
export function shiftAt(setup: OnCallSetup, atMs: number): Shift | null {
  const engineers = setup.rotation.engineers;
  if (!engineers.length) return null;
  const first = firstHandoffWall(setup);
  const week = Math.floor((wallOf(setup.timezone, atMs) - first) / WEEK);
  const startWall = first + week * WEEK;
  const index = ((week % engineers.length) + engineers.length) % engineers.length;
  return {
    index,
    userId: engineers[index],
    startMs: wallClockToUtc(startWall, setup.timezone),
    endMs: wallClockToUtc(startWall + WEEK, setup.timezone),
  };
}

function overrideAt(setup: OnCallSetup, atMs: number): OnCallOverride | undefined {
  return setup.overrides.find((o) => Date.parse(o.from) <= atMs && atMs < Date.parse(o.to));
}

export interface OnCallNow {
  userId: string;
  /** The next change of who is on call: a hand-off, or an override's start or end. */
  untilMs: number;
  nextUserId: string;
  /** True when an override (holiday cover, swap) puts this engineer on call. */
  override: boolean;
}

/** Who is on call at `atMs`, until when, and who comes next; null with nobody in the rotation and no override. */
export function onCallAt(setup: OnCallSetup, atMs: number): OnCallNow | null {
  const who = (ms: number) => {
    const o = overrideAt(setup, ms);
    if (o) return { userId: o.userId, override: true };
    const s = shiftAt(setup, ms);
    return s ? { userId: s.userId, override: false } : null;
  };
  const now = who(atMs);
  if (!now) return null;
  // The next boundary after now: a hand-off, an override starting or one ending.
  const boundaries = [shiftAt(setup, atMs)?.endMs ?? Infinity];
  for (const o of setup.overrides) {
    const from = Date.parse(o.from);
    const to = Date.parse(o.to);
    if (from > atMs) boundaries.push(from);
    if (to > atMs) boundaries.push(to);
  }
  let untilMs = Math.min(...boundaries);
  // A boundary where the same engineer stays on (an override for the person already on call) is no change.
  let next = Number.isFinite(untilMs) ? who(untilMs) : null;
  for (let guard = 0; next && next.userId === now.userId && guard < 64; guard++) {
    const later = Math.min(
      shiftAt(setup, untilMs)?.endMs ?? Infinity,
      ...setup.overrides.flatMap((o) => [Date.parse(o.from), Date.parse(o.to)]).filter((b) => b > untilMs),
    );
    if (!Number.isFinite(later)) break;
    untilMs = later;
    next = who(untilMs);
  }
  return { userId: now.userId, untilMs, nextUserId: next?.userId ?? now.userId, override: now.override };
}

/** Inside business hours at `atMs` (in the team's time zone)? */
export function inBusinessHours(setup: OnCallSetup, atMs: number): boolean {
  const wall = wallOf(setup.timezone, atMs);
  const isoDay = (((Math.floor((wall - EPOCH_MONDAY) / DAY) % 7) + 7) % 7) + 1;
  if (!setup.businessHours.days.includes(isoDay)) return false;
  const minute = Math.floor((wall % DAY) / MINUTE);
  return minutesOf(setup.businessHours.from) <= minute && minute < minutesOf(setup.businessHours.to);
}

/** The policy level that page level `level` (1, 2, …, growing by one per time-out) stands for, or null past the end. */
export function policyLevel(policy: EscalationPolicy, level: number): number | null {
  const n = policy.levels.length;
  if (level <= n) return level;
  return policy.repeat ? ((level - 1) % n) + 1 : null;
}

/** Minutes page level `level` waits before the next; null when no level follows (the last, without repeat). */
export function ackTimeoutMinutes(policy: EscalationPolicy, level: number): number | null {
  const at = policyLevel(policy, level);
  if (at === null) return null;
  if (policyLevel(policy, level + 1) === null) return null;
  return policy.levels[at - 1].ackTimeoutMinutes;
}

/**
 * Whom page level `level` reaches at `atMs`: level 1 the engineer on call, level 2 the next in the rotation
 * after them, level 3 and above every engineer. With `repeat`, levels past the last start again at 1.
 */
export function pageTarget(setup: OnCallSetup, level: number, atMs: number): PageTarget | null {
  const at = policyLevel(setup.policy, level);
  if (at === null) return null;
  const now = onCallAt(setup, atMs);
  if (at >= 3 || !now) return { kind: 'everyone' };
  if (at === 1) return { kind: 'engineer', userId: now.userId };
  const engineers = setup.rotation.engineers;
  const shift = shiftAt(setup, atMs);
  if (!shift) return { kind: 'everyone' };
  // The next in the rotation who is not the one already paged (an override may have put them on call).
  for (let k = 1; k <= engineers.length; k++) {
    const candidate = engineers[(shift.index + k) % engineers.length];
    if (candidate !== now.userId) return { kind: 'engineer', userId: candidate };
  }
  return { kind: 'everyone' };
}

/** What is wrong with a setup beyond field shapes (overlapping overrides, business hours), or null. */
export function setupProblems(setup: OnCallSetup): string[] {
  const problems: string[] = [];
  const sorted = [...setup.overrides].sort((a, b) => Date.parse(a.from) - Date.parse(b.from));
  sorted.forEach((o, i) => {
    if (Date.parse(o.from) >= Date.parse(o.to)) problems.push(`overrides: ${o.from} is not before ${o.to}`);
    const next = sorted[i + 1];
    if (next && Date.parse(next.from) < Date.parse(o.to)) {
      problems.push(`overrides overlap: ${o.from}–${o.to} (${o.userId}) and ${next.from}–${next.to} (${next.userId})`);
    }
  });
  const b = setup.businessHours;
  if (minutesOf(b.from) >= minutesOf(b.to)) problems.push(`businessHours.from ${b.from} must be before to ${b.to}`);
  if (new Set(setup.rotation.engineers).size !== setup.rotation.engineers.length) {
    problems.push('rotation.engineers names an engineer twice');
  }
  return problems;
}
