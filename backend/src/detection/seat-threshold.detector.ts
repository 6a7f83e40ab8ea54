import type { DetectedEventInput } from '../cases/case.service.js';
import { callsInWindow, type WindowCall } from '../cdrs/cdr-window-rows.js';
import { CARIBBEAN, type CdrBatch, INTERNATIONAL, NONE, TOLL_FREE } from '../cdrs/import/cdr-batch.js';
import type { Sql } from '../common/sql.js';
import type { CdrDetector, CustomerContext, JudgedCalls } from './cdr-detector.js';
import type { DetectionRule } from './rule-model.js';
import { seatThresholdEvents } from './seat-threshold.js';
import { MAX_WINDOW_CALLS } from './threshold.detector.js';

/**
 * Seat and group thresholds to Caribbean NANP or international destinations (docs/design.md §Detection). One
 * window query per (rule, customer), of the calls to those destinations only, from two rule windows before
 * the first judged call.
 */
export const seatThresholdDetector: CdrDetector<'seat_threshold'> = {
  kind: 'seat_threshold',

  touches(rule: DetectionRule<'seat_threshold'>, batch: CdrBatch, i: number): boolean {
    if (batch.seat[i] === NONE) return false;
    const f = batch.flags[i];
    if (f & TOLL_FREE) return false;
    return rule.params.destinations === 'caribbean'
      ? (f & CARIBBEAN) !== 0
      : (f & INTERNATIONAL) !== 0 && (f & CARIBBEAN) === 0;
  },

  async evaluate(
    db: Sql,
    rule: DetectionRule<'seat_threshold'>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]> {
    const windowMs = rule.params.window.minutes * 60_000;
    const calls = await callsInWindow(db, {
      customerId: customer.customerId,
      fromMs: judged.fromMs - 2 * windowMs,
      toMs: judged.toMs,
      destinations: rule.params.destinations,
      limit: MAX_WINDOW_CALLS,
    });
    const isJudged = (c: WindowCall) => c.startMs >= judged.fromMs && c.startMs <= judged.toMs && judged.isNew(c);
    return seatThresholdEvents(rule, customer, calls, isJudged, customer.thresholds);
  },
};
