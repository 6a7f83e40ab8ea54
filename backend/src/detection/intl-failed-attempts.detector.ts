import type { DetectedEventInput } from '../cases/case.service.js';
import { callsInWindow, type WindowCall } from '../cdrs/cdr-window-rows.js';
import { type CdrBatch, INTERNATIONAL, NONE, PROBE, TOLL_FREE } from '../cdrs/import/cdr-batch.js';
import type { Sql } from '../common/sql.js';
import type { CdrDetector, CustomerContext, JudgedCalls, JudgedRange, KnownCalls } from './cdr-detector.js';
import { narrowSeatOrIp } from './known-calls.js';
import { intlFailedAttemptsEvents } from './intl-failed-attempts.js';
import type { DetectionRule } from './rule-model.js';
import { MAX_WINDOW_CALLS } from './threshold.detector.js';

/**
 * Failed or unanswered international attempts, and 011/00 probes, per seat or IP (docs/design.md §Detection).
 * One window query per (rule, customer), of the unanswered calls only.
 */
export const intlFailedAttemptsDetector: CdrDetector<'intl_failed_attempts'> = {
  kind: 'intl_failed_attempts',

  // Exactly the calls `isFailedInternational` counts: unanswered, not toll-free, international or a probe.
  touches(rule: DetectionRule<'intl_failed_attempts'>, batch: CdrBatch, i: number): boolean {
    if (!Number.isNaN(batch.answerMs[i])) return false;
    if ((rule.params.per === 'seat' ? batch.seat[i] : batch.sourceIp[i]) === NONE) return false;
    const f = batch.flags[i];
    if (f & TOLL_FREE) return false;
    return (f & (INTERNATIONAL | PROBE)) !== 0;
  },

  // `touches` picks exactly the calls the rule counts, so the held calls' counts are the stored ones.
  narrow(
    rule: DetectionRule<'intl_failed_attempts'>,
    customer,
    known: KnownCalls,
    judged: JudgedRange,
  ): JudgedRange | null | undefined {
    return narrowSeatOrIp(known, judged, rule.params, true, (batch, i) =>
      intlFailedAttemptsDetector.touches(rule, batch, i, customer),
    );
  },

  async evaluate(
    db: Sql,
    rule: DetectionRule<'intl_failed_attempts'>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]> {
    const windowMs = rule.params.window.minutes * 60_000;
    const calls = await callsInWindow(db, {
      customerId: customer.customerId,
      fromMs: judged.fromMs - 2 * windowMs,
      toMs: judged.toMs,
      answered: false,
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
    return intlFailedAttemptsEvents(rule, customer, calls, isJudged);
  },
};
