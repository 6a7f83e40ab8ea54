// The international failed attempts detector's arithmetic, free of I/O: unanswered international calls, and
// probes of the 011/00 prefixes, per seat or source IP in a sliding window.
import { isProbeDial } from '../common/phone/dialled.js';
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
import { type Crossing, crossings, distinct, involved, listed, crossingEvidence, span } from './threshold.js';

/**
 * A probe: a number dialled with the international prefix (011 in NANP, 00 elsewhere) that does not make a
 * number of any country, as when someone walks the prefixes to find a route that connects.
 */
export function isProbe(c: Pick<WindowCall, 'dialled' | 'country'>): boolean {
  return isProbeDial(c.dialled, c.country);
}

/** A failed or unanswered attempt to an international destination (never toll-free), or a probe. */
export function isFailedInternational(c: WindowCall): boolean {
  if (c.answered || c.tollFree) return false;
  return c.jurisdiction === 'international' || isProbe(c);
}

/**
 * "23 failed international attempts in 4 min from 203.0.113.7 (HARB009) to 14 numbers in CU, SO, LV, incl. 5
 * probes of 011/00 prefixes; rule 'Failed international' warns at 10 and blocks at 20 per 5 min".
 */
export function attemptsSummary(
  rule: Pick<DetectionRule<'intl_failed_attempts'>, 'name' | 'params'>,
  crossing: Crossing,
  accountCode: string,
  subject: string,
): string {
  const calls = crossing.calls;
  const countries = involved(calls).countries;
  const numbers = distinct(calls.map((c) => c.number)).length;
  const probes = calls.filter(isProbe).length;
  const where = countries.length ? ` in ${listed(countries)}` : '';
  const probing = probes ? `, incl. ${probes} ${probes === 1 ? 'probe' : 'probes'} of 011/00 prefixes` : '';
  const p = rule.params;
  return (
    `${calls.length} failed international attempts ${span(calls)} ${fromSubject(subject)} (${accountCode}) ` +
    `to ${numbers} ${numbers === 1 ? 'number' : 'numbers'}${where}${probing}; ` +
    `rule '${rule.name}' ${thresholds(p)} per ${p.window.minutes} min`
  );
}

/**
 * The events an intl_failed_attempts rule raises at the judged calls, per seat or IP. `calls` are the customer's
 * stored unanswered calls, oldest first, from two windows before the first judged one.
 */
export function intlFailedAttemptsEvents(
  rule: DetectionRule<'intl_failed_attempts'>,
  customer: EventCustomer,
  calls: readonly WindowCall[],
  isJudged: (c: WindowCall) => boolean,
): DetectedEventInput[] {
  const p = rule.params;
  const bySubject = new Map<string, WindowCall[]>();
  for (const c of calls) {
    if (!isFailedInternational(c)) continue;
    const subject = seatOrIpSubject(p.per, c);
    if (subject === null) continue;
    let list = bySubject.get(subject);
    if (!list) bySubject.set(subject, (list = []));
    list.push(c);
  }
  const events: DetectedEventInput[] = [];
  for (const [subject, list] of bySubject) {
    if (!list.some(isJudged)) continue;
    for (const crossing of crossings(list, isJudged, p)) {
      const inWindow = crossing.calls;
      const who = involved(inWindow);
      events.push({
        customerId: customer.customerId,
        kind: 'intl_failed_attempts',
        severity: crossing.severity,
        dedupeKey: `intl_failed_attempts:${rule.id}:${subject}`,
        summary: attemptsSummary(rule, crossing, customer.accountCode, subject),
        details: {
          ruleId: rule.id,
          ruleName: rule.name,
          mode: rule.mode,
          subject,
          per: p.per,
          attempts: inWindow.length,
          probes: inWindow.filter(isProbe).length,
          windowMinutes: p.window.minutes,
          warn: p.warn ?? null,
          block: p.block,
          seats: who.seats,
          groups: distinct(inWindow.map((c) => c.group)),
          ips: who.ips,
          countries: who.countries,
          destinations: distinct(inWindow.map(destinationOf)).slice(0, 50),
          sipCodes: distinct(inWindow.map((c) => (c.sipCode === null ? null : String(c.sipCode)))),
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
