// What the per-seat and per-IP detectors (failed attempts, distinct destinations) share: the subject a call
// counts against, its words, what a block restricts, and a call's destination as dialled.
import type { DetectedEventInput } from '../cases/case.service.js';
import { dialledDigits } from '../common/phone/dialled.js';
import type { WindowCall } from '../cdrs/cdr-window-rows.js';
import type { WarnBlock } from './rule-model.js';

/** A restriction as a detected event names it. */
type RestrictionInput = NonNullable<DetectedEventInput['restrictions']>[number];

/** What a customer is named by in an event. */
export interface EventCustomer {
  customerId: string;
  accountCode: string;
}

/** `seat:<userId>` or `ip:<address>`; null when the call has none. */
export function seatOrIpSubject(per: 'seat' | 'ip', c: Pick<WindowCall, 'seat' | 'ip'>): string | null {
  const v = per === 'seat' ? c.seat : c.ip;
  return v ? `${per}:${v}` : null;
}

/** "from 203.0.113.7" or "from seat 6175550142@…". */
export function fromSubject(subject: string): string {
  return subject.startsWith('ip:') ? `from ${subject.slice(3)}` : `from seat ${subject.slice(5)}`;
}

/** "warns at 10 and blocks at 20" or "blocks at 20". */
export function thresholds(t: WarnBlock): string {
  return t.warn !== undefined ? `warns at ${t.warn} and blocks at ${t.block}` : `blocks at ${t.block}`;
}

/** What a block restricts, from the rule's `restriction` and the crossing call; [] when it names none. */
export function subjectRestrictions(
  restriction: 'seat' | 'ip' | 'account' | undefined,
  calls: readonly WindowCall[],
  accountCode: string,
): RestrictionInput[] {
  return restrictionOf(restriction, calls[calls.length - 1], accountCode);
}

/** What a block restricts for the crossing call (or attempt) `last`; [] when the rule names none or `last` lacks it. */
export function restrictionOf(
  restriction: 'seat' | 'ip' | 'account' | undefined,
  last: { seat: string | null; ip: string | null },
  accountCode: string,
): RestrictionInput[] {
  switch (restriction) {
    case undefined:
      return [];
    case 'account':
      return [{ kind: 'account', value: accountCode }];
    case 'seat':
      return last.seat ? [{ kind: 'seat', value: last.seat }] : [];
    case 'ip':
      return last.ip ? [{ kind: 'ip', value: last.ip }] : [];
  }
}

/** The destination as an event lists and counts it: the E.164 number, else what was dialled. */
export const destinationOf = (c: Pick<WindowCall, 'number' | 'dialled'>): string | null =>
  c.number ?? (dialledDigits(c.dialled) || null);
