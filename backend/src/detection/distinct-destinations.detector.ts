import type { DetectedEventInput } from '../cases/case.service.js';
import { callsInWindow, type WindowCall } from '../cdrs/cdr-window-rows.js';
import { type CdrBatch, NONE } from '../cdrs/import/cdr-batch.js';
import type { Sql } from '../common/sql.js';
import type { CdrDetector, CustomerContext, JudgedCalls, JudgedRange, KnownCalls } from './cdr-detector.js';
import { narrowSeatOrIp } from './known-calls.js';
import { distinctDestinationsEvents } from './distinct-destinations.js';
import type { DetectionRule } from './rule-model.js';
import { MAX_WINDOW_CALLS } from './threshold.detector.js';

/**
 * A cap on distinct destination numbers per seat or IP (docs/design.md §Detection). One window query per
 * (rule, customer) of all its calls (every destination counts), from two rule windows before the first judged.
 */
export const distinctDestinationsDetector: CdrDetector<'distinct_destinations'> = {
  kind: 'distinct_destinations',

  touches(rule: DetectionRule<'distinct_destinations'>, batch: CdrBatch, i: number): boolean {
    return (rule.params.per === 'seat' ? batch.seat[i] : batch.sourceIp[i]) !== NONE;
  },

  // A seat or IP calls at least as many times as it reaches distinct numbers: when no subject's held calls reach
  // the lower threshold in a window, no distinct count does.
  narrow(
    rule: DetectionRule<'distinct_destinations'>,
    _customer,
    known: KnownCalls,
    judged: JudgedRange,
  ): JudgedRange | null | undefined {
    return narrowSeatOrIp(known, judged, rule.params, false);
  },

  async evaluate(
    db: Sql,
    rule: DetectionRule<'distinct_destinations'>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]> {
    const windowMs = rule.params.window.minutes * 60_000;
    const calls = await callsInWindow(db, {
      customerId: customer.customerId,
      fromMs: judged.fromMs - 2 * windowMs,
      toMs: judged.toMs,
      // A subject can only cross where its calls of the query alone reach the lower threshold in a window.
      busy: {
        subject: { per: rule.params.per, by: 'none' },
        windowMs,
        minCount: Math.min(rule.params.warn ?? rule.params.block, rule.params.block),
        fromMs: judged.fromMs,
      },
      limit: MAX_WINDOW_CALLS,
    });
    const isJudged = (c: WindowCall) => c.startMs >= judged.fromMs && c.startMs <= judged.toMs && judged.isNew(c);
    return distinctDestinationsEvents(rule, customer, calls, isJudged);
  },
};
