// The seat and group threshold detector's arithmetic, free of I/O: calls of each seat, and of each group (its
// seats together), to Caribbean NANP or to international destinations, crossing the user and group thresholds.
import type { DetectedEventInput } from '../cases/case.service.js';
import type { WindowCall } from '../cdrs/cdr-window-rows.js';
import type { DetectionRule, SeatDestinations, WarnBlock } from './rule-model.js';
import type { EventCustomer } from './subjects.js';
import type { ThresholdLookup } from './threshold-overrides.js';
import { type Crossing, crossings, involved, listed, crossingEvidence, span } from './threshold.js';

/**
 * Whether the rule counts the call: Caribbean NANP numbers, or international ones outside NANP (the window
 * query's own `destinations` filter). Toll-free numbers are their own jurisdiction, never international.
 */
export function countsTowards(destinations: SeatDestinations, c: WindowCall): boolean {
  if (c.tollFree) return false;
  return destinations === 'caribbean' ? c.caribbean : c.jurisdiction === 'international' && !c.caribbean;
}

/** "8 warn / 15 block" or "15 block". */
export function levels(t: WarnBlock): string {
  return t.warn !== undefined ? `${t.warn} warn / ${t.block} block` : `${t.block} block`;
}

type Level = 'seat' | 'group';

/**
 * "16 calls to the Caribbean (JM, DO, BS) in 42 min from seat 6175550142@… (HARB009); user threshold 8 warn /
 * 15 block per 60 min", or for a group "… from 3 seats of group HARB009-BOSTON (HARB009); group threshold …".
 */
export function seatSummary(
  p: DetectionRule<'seat_threshold'>['params'],
  level: Level,
  subject: string,
  crossing: Crossing,
  accountCode: string,
  t: WarnBlock = level === 'seat' ? p.seat : p.group,
): string {
  const calls = crossing.calls;
  const who = involved(calls);
  const countries = listed(who.countries) || 'unknown countries';
  const what =
    p.destinations === 'caribbean' ? `calls to the Caribbean (${countries})` : `international calls (${countries})`;
  const from =
    level === 'seat'
      ? `from seat ${subject}`
      : `from ${who.seats.length === 1 ? '1 seat' : `${who.seats.length} seats`} of group ${subject}`;
  return (
    `${calls.length} ${what} ${span(calls)} ${from} (${accountCode}); ` +
    `${level === 'seat' ? 'user' : 'group'} threshold ${levels(t)} per ${p.window.minutes} min`
  );
}

/**
 * The events a seat_threshold rule raises at the judged calls: one per crossing of a seat's count (kind
 * `seat_threshold`, the seat intercepted at block) and of a group's (kind `group_threshold`, the group
 * intercepted). `calls` are the customer's stored calls, oldest first, from two windows before the first judged.
 */
export function seatThresholdEvents(
  rule: DetectionRule<'seat_threshold'>,
  customer: EventCustomer,
  calls: readonly WindowCall[],
  isJudged: (c: WindowCall) => boolean,
  /** Approved levels of a seat or group; the rule's own where there is none. */
  overrides?: ThresholdLookup,
): DetectedEventInput[] {
  const p = rule.params;
  const subjects = new Map<string, { level: Level; value: string; calls: WindowCall[] }>();
  const add = (level: Level, value: string | null, c: WindowCall) => {
    if (value === null) return;
    const key = `${level}:${value}`;
    let s = subjects.get(key);
    if (!s) subjects.set(key, (s = { level, value, calls: [] }));
    s.calls.push(c);
  };
  for (const c of calls) {
    if (!c.seat || !countsTowards(p.destinations, c)) continue;
    add('seat', c.seat, c);
    add('group', c.group, c);
  }
  const events: DetectedEventInput[] = [];
  for (const [key, s] of subjects) {
    if (!s.calls.some(isJudged)) continue;
    const t = overrides?.(s.level, s.value, rule.id) ?? (s.level === 'seat' ? p.seat : p.group);
    const kind = s.level === 'seat' ? 'seat_threshold' : 'group_threshold';
    for (const crossing of crossings(s.calls, isJudged, { window: p.window, ...t })) {
      const inWindow = crossing.calls;
      const who = involved(inWindow);
      const last = inWindow[inWindow.length - 1];
      events.push({
        customerId: customer.customerId,
        kind,
        severity: crossing.severity,
        dedupeKey: `${kind}:${rule.id}:${key}`,
        summary: seatSummary(p, s.level, s.value, crossing, customer.accountCode, t),
        details: {
          ruleId: rule.id,
          ruleName: rule.name,
          mode: rule.mode,
          subject: key,
          destinationKind: p.destinations,
          seat: s.level === 'seat' ? s.value : null,
          group: s.level === 'group' ? s.value : last.group,
          calls: inWindow.length,
          windowMinutes: p.window.minutes,
          warn: t.warn ?? null,
          block: t.block,
          seats: who.seats,
          ips: who.ips,
          countries: who.countries,
          destinations: who.numbers.slice(0, 50),
        },
        occurredAt: new Date(crossing.atMs).toISOString(),
        evidence: crossingEvidence(crossing),
        restrictions: crossing.severity === 'block' ? [{ kind: s.level, value: s.value }] : undefined,
      });
    }
  }
  return events;
}
