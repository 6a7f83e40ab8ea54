// The distinct destinations detector's arithmetic, free of I/O: how many different numbers one seat (or source
// IP) called in a sliding window, crossing the warn and block thresholds.
import type { DetectedEventInput } from '../cases/case.service.js';
import type { WindowCall } from '../cdrs/cdr-window-rows.js';
import type { DetectionRule } from './rule-model.js';
import {
  destinationOf,
  type EventCustomer,
  fromSubject,
  seatOrIpSubject,
  subjectRestrictions,
  thresholds,
} from './subjects.js';
import { type Crossing, distinct, distinctCrossings, involved, listed, crossingEvidence, span } from './threshold.js';

/**
 * "31 distinct numbers in 12 min from seat 6175550142@… (HARB009), 40 calls to LV, CU, SL; rule 'Spread'
 * warns at 20 and blocks at 30 distinct numbers per 60 min".
 */
export function spreadSummary(
  rule: Pick<DetectionRule<'distinct_destinations'>, 'name' | 'params'>,
  crossing: Crossing,
  accountCode: string,
  subject: string,
): string {
  const calls = crossing.calls;
  const numbers = distinct(calls.map(destinationOf)).length;
  const countries = involved(calls).countries;
  const p = rule.params;
  return (
    `${numbers} distinct numbers ${span(calls)} ${fromSubject(subject)} (${accountCode}), ` +
    `${calls.length} ${calls.length === 1 ? 'call' : 'calls'}${countries.length ? ` to ${listed(countries)}` : ''}; ` +
    `rule '${rule.name}' ${thresholds(p)} distinct numbers per ${p.window.minutes} min`
  );
}

/**
 * The events a distinct_destinations rule raises at the judged calls, per seat or IP. `calls` are the
 * customer's stored calls, oldest first, from two windows before the first judged one.
 */
export function distinctDestinationsEvents(
  rule: DetectionRule<'distinct_destinations'>,
  customer: EventCustomer,
  calls: readonly WindowCall[],
  isJudged: (c: WindowCall) => boolean,
): DetectedEventInput[] {
  const p = rule.params;
  const bySubject = new Map<string, WindowCall[]>();
  for (const c of calls) {
    const subject = seatOrIpSubject(p.per, c);
    if (subject === null) continue;
    let list = bySubject.get(subject);
    if (!list) bySubject.set(subject, (list = []));
    list.push(c);
  }
  const events: DetectedEventInput[] = [];
  for (const [subject, list] of bySubject) {
    if (!list.some(isJudged)) continue;
    for (const crossing of distinctCrossings(list, isJudged, p, destinationOf)) {
      const inWindow = crossing.calls;
      const who = involved(inWindow);
      const numbers = distinct(inWindow.map(destinationOf));
      events.push({
        customerId: customer.customerId,
        kind: 'distinct_destinations',
        severity: crossing.severity,
        dedupeKey: `distinct_destinations:${rule.id}:${subject}`,
        summary: spreadSummary(rule, crossing, customer.accountCode, subject),
        details: {
          ruleId: rule.id,
          ruleName: rule.name,
          mode: rule.mode,
          subject,
          per: p.per,
          distinctNumbers: numbers.length,
          calls: inWindow.length,
          windowMinutes: p.window.minutes,
          warn: p.warn ?? null,
          block: p.block,
          seats: who.seats,
          groups: distinct(inWindow.map((c) => c.group)),
          ips: who.ips,
          countries: who.countries,
          destinations: numbers.slice(0, 50),
        },
        occurredAt: new Date(crossing.atMs).toISOString(),
        evidence: crossingEvidence(crossing),
        restrictions:
          crossing.severity === 'block'
            ? subjectRestrictions(p.restriction, inWindow, customer.accountCode)
            : undefined,
      });
    }
  }
  return events;
}
