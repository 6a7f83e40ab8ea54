import type { DetectedEventInput } from '../cases/case.service.js';
import { callsInWindow, type WindowCall } from '../cdrs/cdr-window-rows.js';
import { type CdrBatch, NONE } from '../cdrs/import/cdr-batch.js';
import type { Sql } from '../common/sql.js';
import { callRateCounts, callRateEvents } from './call-rate.js';
import type { CdrDetector, CustomerContext, JudgedCalls, JudgedRange, KnownCalls } from './cdr-detector.js';
import { narrowWindows, seatOrIpKey } from './known-calls.js';
import type { DetectionRule } from './rule-model.js';
import { MAX_WINDOW_CALLS } from './threshold.detector.js';

/**
 * Call attempts per second per customer, seat or IP (docs/design.md §Detection), over the calls' starts. One
 * window query per (rule, customer) a run touches, from two rule windows before the first judged call.
 */
export const callRateDetector: CdrDetector<'call_rate'> = {
  kind: 'call_rate',

  touches(rule: DetectionRule<'call_rate'>, batch: CdrBatch, i: number): boolean {
    const per = rule.params.per;
    return per === 'customer' || (per === 'seat' ? batch.seat[i] : batch.sourceIp[i]) !== NONE;
  },

  // The closed window counted here holds at least the half-open one judged: no subject reaching the lower count in
  // it means no crossing.
  narrow(
    rule: DetectionRule<'call_rate'>,
    _customer,
    known: KnownCalls,
    judged: JudgedRange,
  ): JudgedRange | null | undefined {
    const p = rule.params;
    const counts = callRateCounts(p);
    return narrowWindows(
      known,
      judged,
      p.windowSeconds * 1000,
      { warn: counts.warn, block: counts.block, exact: false },
      (batch, i) => (p.per === 'customer' ? '' : seatOrIpKey(p.per, batch, i)),
    );
  },

  async evaluate(
    db: Sql,
    rule: DetectionRule<'call_rate'>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]> {
    const windowMs = rule.params.windowSeconds * 1000;
    const counts = callRateCounts(rule.params);
    const calls = await callsInWindow(db, {
      customerId: customer.customerId,
      fromMs: judged.fromMs - 2 * windowMs,
      toMs: judged.toMs,
      // Only subjects whose calls reach the lower count in some window can cross (PostgreSQL's window is closed,
      // a superset of the half-open one judged here).
      busy: {
        subject: { per: rule.params.per, by: 'none' },
        windowMs,
        minCount: Math.min(counts.warn ?? counts.block, counts.block),
        fromMs: judged.fromMs,
      },
      limit: MAX_WINDOW_CALLS,
    });
    const isJudged = (c: WindowCall) => c.startMs >= judged.fromMs && c.startMs <= judged.toMs && judged.isNew(c);
    return callRateEvents(rule, customer, calls, isJudged);
  },
};
