import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseService, type DetectedEventInput } from '../cases/case.service.js';
import { callsInWindow, type WindowCall } from '../cdrs/cdr-window-rows.js';
import { type CdrBatchObserver, CdrBatchObservers } from '../cdrs/import/batch-observers.js';
import { type CdrBatch, NONE } from '../cdrs/import/cdr-batch.js';
import { type DetectionRule, rulesForCustomer } from './rule-model.js';
import { accountCodes, detectionDisabled, enabledRules } from './rule-rows.js';
import {
  crossings,
  involved,
  matchesFilter,
  MAX_EVIDENCE_IDS,
  restrictionsOf,
  subjectOf,
  summaryOf,
} from './threshold.js';

/** The most calls one (rule, customer) window query reads; beyond it a burst is far past any threshold. */
const MAX_WINDOW_CALLS = 50_000;

/** The new rows of one customer in a batch that one rule counts. */
interface Touched {
  rule: DetectionRule<'threshold'>;
  customerId: string;
  minMs: number;
  maxMs: number;
  /** `callId@startMs` of the batch's matching rows. */
  keys: Set<string>;
}

const keyOf = (callId: string, startMs: number) => `${callId}@${startMs}`;

/**
 * Threshold rules (docs/design.md §Detection) on each import batch's new rows. Per batch: one query for the
 * enabled rules, one for the customers' settings, then one window query per (rule, customer) the batch's
 * matching rows touch, never one per row. The window reaches back two rule windows before the batch's first
 * matching row, so calls stored by earlier imports count and the count before each new call is exact.
 */
@Injectable()
export class ThresholdDetector implements CdrBatchObserver, OnModuleInit, OnModuleDestroy {
  readonly name = 'threshold';
  private readonly logger = new Logger(ThresholdDetector.name);
  private unregister?: () => void;

  constructor(
    private readonly db: DataSource,
    private readonly observers: CdrBatchObservers,
    private readonly cases: CaseService,
  ) {}

  onModuleInit(): void {
    this.unregister = this.observers.register(this);
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  async observe(batch: CdrBatch): Promise<void> {
    const rules = (await enabledRules(this.db, 'threshold')) as DetectionRule<'threshold'>[];
    if (!rules.length) return;
    const used = new Set<number>(batch.customer);
    used.delete(NONE);
    const customerIds = [...used].map((i) => batch.customers[i]);
    const disabled = await detectionDisabled(this.db, customerIds);
    const touched = this.touched(batch, rules, disabled);
    if (!touched.length) return;
    const codes = await accountCodes(this.db, [...new Set(touched.map((t) => t.customerId))]);
    for (const t of touched) {
      try {
        await this.evaluate(t, codes.get(t.customerId) ?? t.customerId);
      } catch (err) {
        this.logger.error(`rule ${t.rule.id} on customer ${t.customerId}: ${err instanceof Error ? err.stack : err}`);
      }
    }
  }

  /** For each customer in the batch, the rules that apply to it and the new rows each one counts. */
  private touched(batch: CdrBatch, rules: DetectionRule<'threshold'>[], disabled: Set<string>): Touched[] {
    const byCustomer = new Map<number, DetectionRule<'threshold'>[]>();
    const out = new Map<string, Touched>();
    for (let i = 0; i < batch.length; i++) {
      const c = batch.customer[i];
      if (c === NONE) continue;
      const customerId = batch.customers[c];
      let applying = byCustomer.get(c);
      if (!applying)
        byCustomer.set(
          c,
          (applying = rulesForCustomer(rules, customerId, disabled.has(customerId)) as DetectionRule<'threshold'>[]),
        );
      if (!applying.length) continue;
      const facts = {
        number: batch.calledE164[i],
        country: batch.country[i] === NONE ? null : batch.countries[batch.country[i]],
        disposition: batch.dispositions[batch.disposition[i]],
      };
      const startMs = batch.startMs[i];
      for (const rule of applying) {
        if (!matchesFilter(rule.params.filter, facts)) continue;
        const k = `${rule.id}/${customerId}`;
        let t = out.get(k);
        if (!t) out.set(k, (t = { rule, customerId, minMs: startMs, maxMs: startMs, keys: new Set() }));
        t.minMs = Math.min(t.minMs, startMs);
        t.maxMs = Math.max(t.maxMs, startMs);
        t.keys.add(keyOf(batch.callId[i], startMs));
      }
    }
    return [...out.values()];
  }

  private async evaluate(t: Touched, accountCode: string): Promise<void> {
    const { rule } = t;
    const p = rule.params;
    const windowMs = p.window.minutes * 60_000;
    const prefixFilter = p.filter.kind === 'prefix' || p.filter.kind === 'prefix_group';
    const countryFilter = p.filter.kind === 'country' || p.filter.kind === 'country_group';
    const calls = await callsInWindow(this.db, {
      customerId: t.customerId,
      fromMs: t.minMs - 2 * windowMs,
      toMs: t.maxMs,
      prefixes: prefixFilter ? p.filter.prefixes : undefined,
      countries: countryFilter ? p.filter.countries : undefined,
      disposition: p.filter.kind === 'same_disposition_number' ? p.filter.disposition : undefined,
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
    const isNew = (c: WindowCall) => t.keys.has(keyOf(c.callId, c.startMs));
    for (const [subject, list] of bySubject) {
      if (!list.some(isNew)) continue;
      for (const crossing of crossings(list, isNew, p)) {
        const inWindow = crossing.calls;
        const who = involved(inWindow);
        const event: DetectedEventInput = {
          customerId: t.customerId,
          kind: 'threshold',
          severity: crossing.severity,
          dedupeKey: `threshold:${rule.id}:${subject}`,
          summary: summaryOf(rule, crossing, accountCode, subject),
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
          evidence: {
            cdrIds: inWindow.slice(-MAX_EVIDENCE_IDS).map((c) => c.id),
            from: new Date(inWindow[0].startMs).toISOString(),
            to: new Date(crossing.atMs).toISOString(),
          },
          restrictions: crossing.severity === 'block' ? restrictionsOf(p, inWindow, accountCode) : undefined,
          ruleId: rule.id,
          shadow: rule.mode === 'shadow',
        };
        await this.cases.raise(event, 'detector');
      }
    }
  }
}
