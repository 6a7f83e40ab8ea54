import type { DetectedEventInput } from '../cases/case.service.js';
import { callsInWindow, type WindowCall } from '../cdrs/cdr-window-rows.js';
import { type CdrBatch, NONE } from '../cdrs/import/cdr-batch.js';
import type { Sql } from '../common/sql.js';
import type { CdrDetector, CustomerContext, JudgedCalls, JudgedRange, KnownCalls } from './cdr-detector.js';
import { narrowWindows, seatOrIpKey } from './known-calls.js';
import type { DetectionRule } from './rule-model.js';
import {
  type CallFacts,
  crossings,
  involved,
  matchesFilter,
  crossingEvidence,
  restrictionsOf,
  subjectOf,
  summaryOf,
} from './threshold.js';

const rowFacts: CallFacts = { number: null, country: null, disposition: '' };

/** The most calls one (rule, customer) window query reads; beyond it a burst is far past any threshold. */
export const MAX_WINDOW_CALLS = 50_000;

/**
 * Threshold rules (docs/design.md §Detection). One window query per (rule, customer) a run touches, reaching
 * back two rule windows before the first judged call, so calls stored by earlier imports count and the count
 * before each judged call is exact.
 */
export const thresholdDetector: CdrDetector<'threshold'> = {
  kind: 'threshold',

  touches(rule: DetectionRule<'threshold'>, batch: CdrBatch, i: number): boolean {
    // Called for every row and rule: one scratch object, not one per call.
    rowFacts.number = batch.calledE164[i];
    rowFacts.country = batch.country[i] === NONE ? null : batch.countries[batch.country[i]];
    rowFacts.disposition = batch.dispositions[batch.disposition[i]];
    return matchesFilter(rule.params.filter, rowFacts);
  },

  // A crossing needs the lower threshold's count in the window ending at a judged call: when the held calls are
  // all the stored ones from a window before the first judged call, no subject reaching it means no event.
  narrow(
    rule: DetectionRule<'threshold'>,
    customer,
    known: KnownCalls,
    judged: JudgedRange,
  ): JudgedRange | null | undefined {
    const p = rule.params;
    const byNumber = p.filter.kind === 'same_number' || p.filter.kind === 'same_disposition_number';
    const key = (batch: CdrBatch, i: number): string | null => {
      if (!thresholdDetector.touches(rule, batch, i, customer)) return null;
      const who = p.per === 'customer' ? '' : seatOrIpKey(p.per, batch, i);
      if (who === null || !byNumber) return who;
      const to = batch.calledE164[i]!;
      if (p.filter.kind === 'same_number') return who ? `${who} ${to}` : to;
      return `${who} ${batch.dispositions[batch.disposition[i]].toUpperCase()} ${to}`;
    };
    // Exact: the filter is the detector's own and seat ids, addresses and numbers name its subjects one to one.
    return narrowWindows(known, judged, p.window.minutes * 60_000, { warn: p.warn, block: p.block, exact: true }, key);
  },

  async evaluate(
    db: Sql,
    rule: DetectionRule<'threshold'>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]> {
    const p = rule.params;
    const windowMs = p.window.minutes * 60_000;
    const prefixFilter = p.filter.kind === 'prefix' || p.filter.kind === 'prefix_group';
    const countryFilter = p.filter.kind === 'country' || p.filter.kind === 'country_group';
    const disposition = p.filter.kind === 'same_disposition_number' ? p.filter.disposition : undefined;
    // Only the subjects whose count reaches the lower threshold in some window ending at a judged call can cross:
    // PostgreSQL counts the windows and sends only those subjects' calls.
    const calls = await callsInWindow(db, {
      customerId: customer.customerId,
      fromMs: judged.fromMs - 2 * windowMs,
      toMs: judged.toMs,
      prefixes: prefixFilter ? p.filter.prefixes : undefined,
      countries: countryFilter ? p.filter.countries : undefined,
      disposition,
      busy: {
        subject: {
          per: p.per,
          by:
            p.filter.kind === 'same_number'
              ? 'number'
              : p.filter.kind === 'same_disposition_number'
                ? 'disposition_number'
                : 'none',
        },
        windowMs,
        minCount: Math.min(p.warn ?? p.block, p.block),
        fromMs: judged.fromMs,
      },
      limit: MAX_WINDOW_CALLS,
    });
    const bySubject = new Map<string, WindowCall[]>();
    for (const c of calls) {
      if (!matchesFilter(p.filter, c)) continue;
      const subject = subjectOf(p, c);
      if (subject === null) continue;
      let list = bySubject.get(subject);
      if (!list) bySubject.set(subject, (list = []));
      list.push(c);
    }
    const isJudged = (c: WindowCall) => c.startMs >= judged.fromMs && c.startMs <= judged.toMs && judged.isNew(c);
    const events: DetectedEventInput[] = [];
    for (const [subject, list] of bySubject) {
      if (!list.some(isJudged)) continue;
      for (const crossing of crossings(list, isJudged, p)) {
        const inWindow = crossing.calls;
        const who = involved(inWindow);
        events.push({
          customerId: customer.customerId,
          kind: 'threshold',
          severity: crossing.severity,
          dedupeKey: `threshold:${rule.id}:${subject}`,
          summary: summaryOf(rule, crossing, customer.accountCode, subject),
          details: {
            ruleId: rule.id,
            ruleName: rule.name,
            mode: rule.mode,
            subject,
            per: p.per,
            calls: inWindow.length,
            windowMinutes: p.window.minutes,
            warn: p.warn ?? null,
            block: p.block,
            filter: p.filter,
            seats: who.seats,
            ips: who.ips,
            countries: who.countries,
            destinations: who.numbers.slice(0, 50),
          },
          occurredAt: new Date(crossing.atMs).toISOString(),
          evidence: crossingEvidence(crossing),
          restrictions: crossing.severity === 'block' ? restrictionsOf(p, inWindow, customer.accountCode) : undefined,
        });
      }
    }
    return events;
  },
};
