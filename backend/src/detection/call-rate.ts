// The call-rate detector's arithmetic, free of I/O: call attempts per second of one customer, seat or source IP,
// over a short sliding window, crossing the warn and block rates. Shared words with the live evaluation.
import type { DetectedEventInput } from '../cases/case.service.js';
import type { WindowCall } from '../cdrs/cdr-window-rows.js';
import { callRateCount, type CallRateParams, type DetectionRule, type WarnBlock } from './rule-model.js';
import { type EventCustomer, restrictionOf } from './subjects.js';
import { crossingEvidence, crossings, involved, span } from './threshold.js';

/** `2/s`, `0.5/s`. */
export const perSecond = (rate: number) => `${Number(rate.toFixed(2))}/s`;

/** The counts in the window at which the rule's rates are crossed: warn and block as crossing counts. */
export function callRateCounts(p: CallRateParams): WarnBlock {
  return {
    warn: p.warn === undefined ? undefined : callRateCount(p.warn, p.windowSeconds),
    block: callRateCount(p.block, p.windowSeconds),
  };
}

/** `customer`, `seat:<userId>` or `ip:<address>`: what the rule counts an attempt against; null when it has none. */
export function callRateSubject(per: CallRateParams['per'], seat: string | null, ip: string | null): string | null {
  if (per === 'customer') return 'customer';
  const v = per === 'seat' ? seat : ip;
  return v ? `${per}:${v}` : null;
}

/** "from seat 6175550142@…", "from 203.0.113.7", "from the account". */
export function callRateFrom(subject: string): string {
  if (subject.startsWith('seat:')) return `from seat ${subject.slice(5)}`;
  if (subject.startsWith('ip:')) return `from ${subject.slice(3)}`;
  return 'from the account';
}

/** "rule 'Burst' warns above 2/s and blocks above 5/s over 10 s". */
export function callRateLimits(rule: Pick<DetectionRule<'call_rate'>, 'name' | 'params'>): string {
  const p = rule.params;
  const levels =
    p.warn !== undefined
      ? `warns above ${perSecond(p.warn)} and blocks above ${perSecond(p.block)}`
      : `blocks above ${perSecond(p.block)}`;
  return `rule '${rule.name}' ${levels} over ${p.windowSeconds} s`;
}

/**
 * The events a call_rate rule raises at the judged calls, per subject. `calls` are the customer's stored calls,
 * oldest first, from two windows before the first judged one. Windows are half-open, (t − window, t], as the
 * live counters slide, so a burst crosses at the same call in authorize and in the CDRs.
 */
export function callRateEvents(
  rule: DetectionRule<'call_rate'>,
  customer: EventCustomer,
  calls: readonly WindowCall[],
  isJudged: (c: WindowCall) => boolean,
): DetectedEventInput[] {
  const p = rule.params;
  const counts = callRateCounts(p);
  const bySubject = new Map<string, WindowCall[]>();
  for (const c of calls) {
    const subject = callRateSubject(p.per, c.seat, c.ip);
    if (subject === null) continue;
    let list = bySubject.get(subject);
    if (!list) bySubject.set(subject, (list = []));
    list.push(c);
  }
  const window = { minutes: p.windowSeconds / 60 };
  const events: DetectedEventInput[] = [];
  for (const [subject, list] of bySubject) {
    if (!list.some(isJudged)) continue;
    for (const crossing of crossings(list, isJudged, { window, ...counts }, true)) {
      const inWindow = crossing.calls;
      const who = involved(inWindow);
      const rate = inWindow.length / p.windowSeconds;
      events.push({
        customerId: customer.customerId,
        kind: 'call_rate',
        severity: crossing.severity,
        dedupeKey: `call_rate:${rule.id}:${subject}`,
        summary:
          `${inWindow.length} calls ${span(inWindow)} ${callRateFrom(subject)} (${customer.accountCode}), ` +
          `${perSecond(rate)} over ${p.windowSeconds} s; ${callRateLimits(rule)}`,
        details: {
          ruleId: rule.id,
          ruleName: rule.name,
          mode: rule.mode,
          subject,
          per: p.per,
          calls: inWindow.length,
          perSecond: Number(rate.toFixed(2)),
          windowSeconds: p.windowSeconds,
          warn: p.warn ?? null,
          block: p.block,
          seats: who.seats,
          ips: who.ips,
          countries: who.countries,
          destinations: who.numbers.slice(0, 50),
        },
        occurredAt: new Date(crossing.atMs).toISOString(),
        evidence: crossingEvidence(crossing),
        restrictions:
          crossing.severity === 'block'
            ? restrictionOf(p.restriction, inWindow[inWindow.length - 1], customer.accountCode)
            : undefined,
      });
    }
  }
  return events;
}
