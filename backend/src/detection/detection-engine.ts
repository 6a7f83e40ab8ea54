import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseService, type DetectedEventInput } from '../cases/case.service.js';
import { callsPerHour } from '../cdrs/cdr-history-rows.js';
import { customersWithCalls } from '../cdrs/cdr-window-rows.js';
import { type CdrBatchObserver, CdrBatchObservers } from '../cdrs/import/batch-observers.js';
import { type CdrBatch, NONE } from '../cdrs/import/cdr-batch.js';
import { evaluateBaseline } from './baseline.detector.js';
import type { CdrDetector, CustomerContext, JudgedCalls } from './cdr-detector.js';
import { cdrDetector } from './cdr-detectors.js';
import {
  CDR_RULE_KINDS,
  type CdrRuleKind,
  type DetectionRule,
  isKind,
  overrideKey,
  type RuleKind,
  rulesForCustomer,
} from './rule-model.js';
import { type CustomerDetectionContext, customerContexts, enabledRules } from './rule-rows.js';
import { RecentCalls } from './known-calls.js';
import { ThresholdOverrides } from './threshold-overrides.js';

/** The rows of one customer in a batch that one rule judges. */
interface Touched {
  rule: DetectionRule<CdrRuleKind>;
  detector: CdrDetector<CdrRuleKind>;
  customer: CustomerDetectionContext;
  minMs: number;
  maxMs: number;
  /** The batch's new rows (all of them: a detector's own filters decide which it judges); built when first asked. */
  rows: () => BatchRows;
}

/** Per customer of a batch: the rules that apply to it, and each one's run so far (by the rule's position). */
interface CustomerRuns {
  customer: CustomerDetectionContext;
  rules: DetectionRule<CdrRuleKind>[];
  detectors: CdrDetector<CdrRuleKind>[];
  runs: (Touched | undefined)[];
}

/**
 * The batch's rows by call id and start, to tell a stored call the batch wrote from an older one. Built once
 * per batch from the strings the batch already holds: no key string per row.
 */
class BatchRows {
  private readonly starts = new Map<string, number | number[]>();

  constructor(batches: readonly CdrBatch[]) {
    for (const batch of batches) this.add(batch);
  }

  private add(batch: CdrBatch): void {
    for (let i = 0; i < batch.length; i++) {
      if (batch.customer[i] === NONE) continue;
      const id = batch.callId[i];
      const start = batch.startMs[i];
      const seen = this.starts.get(id);
      if (seen === undefined) this.starts.set(id, start);
      else if (typeof seen === 'number') this.starts.set(id, [seen, start]);
      else seen.push(start);
    }
  }

  has(call: { callId: string; startMs: number }): boolean {
    const seen = this.starts.get(call.callId);
    return typeof seen === 'number' ? seen === call.startMs : seen !== undefined && seen.includes(call.startMs);
  }
}

/** An event a backtest found, with the customer's account code to show it by. */
export type BacktestEvent = DetectedEventInput & { customerId: string; accountCode: string };

export interface BacktestResult {
  events: BacktestEvent[];
  /** More events than the limit: the earliest `limit` are listed. */
  truncated: boolean;
  customers: number;
}

/** How many (rule, customer) evaluations of one batch run at once. */
const EVALUATIONS_AT_ONCE = 4;

/**
 * How long the engine holds a batch after the newest run's first call: the longest window a quiet check reads
 * (threshold rules reach one window back), with an hour to spare. Older batches are let go.
 */
const HOLD_MS = 26 * 3_600_000;

/** A backtest judges a CDR rule's range a day at a time. */
const BACKTEST_STEP_MS = 86_400_000;

const isCdrKind = (kind: RuleKind): kind is CdrRuleKind => (CDR_RULE_KINDS as readonly string[]).includes(kind);

/**
 * Runs the CDR detectors (docs/design.md §Detection): on each import batch's new rows, raising their events
 * through the case service, and over stored CDRs for a backtest, returning them. Both call each detector's one
 * `evaluate`. Per batch: one query for the enabled rules, one for the customers' settings, then one evaluation
 * per (rule, customer) the batch's rows touch, never one per row.
 */
@Injectable()
export class DetectionEngine implements CdrBatchObserver, OnModuleInit, OnModuleDestroy {
  readonly name = 'detection';
  private readonly logger = new Logger(DetectionEngine.name);
  private unregister?: () => void;
  /** The batches seen lately: rules that cannot fire on a run are skipped without a query. */
  private readonly recent = new RecentCalls();
  /** The batches `recent` got at their commit (so `observeMany` does not add them twice). */
  private readonly held = new WeakSet<CdrBatch>();
  /** How many (rule, customer) evaluations ran (of them, how many on a narrower range), and how many were skipped. */
  readonly stats = { evaluated: 0, narrowed: 0, quiet: 0 };

  constructor(
    private readonly db: DataSource,
    private readonly observers: CdrBatchObservers,
    private readonly cases: CaseService,
    private readonly overrides: ThresholdOverrides,
  ) {}

  /** Each customer's approved seat and group thresholds, read once per run. */
  private async withThresholds<C extends CustomerContext>(contexts: Map<string, C>): Promise<Map<string, C>> {
    for (const c of contexts.values()) c.thresholds = await this.overrides.lookupFor(c.customerId);
    return contexts;
  }

  onModuleInit(): void {
    this.unregister = this.observers.register(this);
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  historyChanged(): void {
    this.recent.forget();
  }

  /** Held at its commit: a run judging an earlier batch meanwhile counts it as stored (it is). */
  committed(batch: CdrBatch): void {
    this.recent.add(batch);
    this.held.add(batch);
  }

  observe(batch: CdrBatch): Promise<void> {
    return this.observeMany([batch]);
  }

  /**
   * Batches that committed while the engine was busy are judged in one pass: one evaluation per (rule, customer)
   * over their whole range, where one per batch would read the same windows again. The result is the same, since
   * a detector's events are a function of the stored calls and of which ones are new.
   */
  async observeMany(batches: readonly CdrBatch[]): Promise<void> {
    const kinds = CDR_RULE_KINDS.filter((k) => cdrDetector(k));
    const rules = await enabledRules(this.db, kinds);
    if (!rules.length) return;
    const used = new Set<string>();
    for (const batch of batches) {
      const seen = new Set<number>(batch.customer);
      seen.delete(NONE);
      for (const c of seen) used.add(batch.customers[c]);
    }
    for (const batch of batches) if (!this.held.has(batch)) this.recent.add(batch);
    const contexts = await this.withThresholds(await customerContexts(this.db, [...used]));
    const queue = await this.narrowByMemory(batches, this.touched(batches, rules, contexts));
    // A few (rule, customer) evaluations at once: each mostly waits on PostgreSQL, which has cores of its own.
    const worker = async () => {
      for (let t = queue.shift(); t; t = queue.shift()) await this.run(t);
    };
    await Promise.all(Array.from({ length: Math.min(EVALUATIONS_AT_ONCE, queue.length) }, worker));
  }

  /**
   * The evaluations that may raise something: each detector that can tell from the calls held in memory that its
   * rule raises nothing on this run is skipped. The hourly rollups (one query for the run) say whether the held calls
   * are all the stored ones; calls stored by an import the engine has not seen yet make a rule's check fail, and its
   * evaluation runs as it always did.
   */
  private async narrowByMemory(batches: readonly CdrBatch[], touched: Touched[]): Promise<Touched[]> {
    let fromMs = Infinity;
    let toMs = -Infinity;
    const customers = new Set<string>();
    for (const t of touched) {
      if (!t.detector.narrow) continue;
      customers.add(t.customer.customerId);
      if (t.minMs < fromMs) fromMs = t.minMs;
      if (t.maxMs > toMs) toMs = t.maxMs;
    }
    if (!customers.size) return touched;
    const stored = await callsPerHour(this.db, [...customers], fromMs - HOLD_MS, toMs);
    const out: Touched[] = [];
    for (const t of touched) {
      const id = t.customer.customerId;
      const known = this.recent.view(id, stored.get(id), batches);
      const part = t.detector.narrow?.(t.rule, t.customer, known, { fromMs: t.minMs, toMs: t.maxMs });
      if (part === null) {
        this.stats.quiet++;
        continue;
      }
      if (part && (part.fromMs > t.minMs || part.toMs < t.maxMs)) {
        t.minMs = Math.max(t.minMs, part.fromMs);
        t.maxMs = Math.min(t.maxMs, part.toMs);
        this.stats.narrowed++;
      }
      out.push(t);
    }
    this.stats.evaluated += out.length;
    this.recent.prune(fromMs - HOLD_MS);
    return out;
  }

  /** One rule's evaluation for one customer, its events raised; a failure is logged, never thrown. */
  private async run(t: Touched): Promise<void> {
    try {
      const rows = t.rows();
      const judged: JudgedCalls = {
        fromMs: t.minMs,
        toMs: t.maxMs,
        isNew: (c) => rows.has(c),
      };
      for (const event of await t.detector.evaluate(this.db, t.rule, t.customer, judged)) {
        await this.cases.raise({ ...event, ruleId: t.rule.id, shadow: t.rule.mode === 'shadow' }, 'detector');
      }
    } catch (err) {
      this.logger.error(
        `rule ${t.rule.id} (${t.rule.kind}) on customer ${t.customer.customerId}: ${err instanceof Error ? err.stack : err}`,
      );
    }
  }

  /** For each customer in the batches, the rules that apply to it and the new rows each one judges. */
  private touched(
    batches: readonly CdrBatch[],
    rules: DetectionRule<CdrRuleKind>[],
    contexts: Map<string, CustomerDetectionContext>,
  ): Touched[] {
    const byCustomer = new Map<string, CustomerRuns | null>();
    const out: Touched[] = [];
    let built: BatchRows | undefined;
    const rows = () => (built ??= new BatchRows(batches));
    for (const batch of batches) this.touchedIn(batch, rules, contexts, byCustomer, rows, out);
    return out;
  }

  private touchedIn(
    batch: CdrBatch,
    rules: DetectionRule<CdrRuleKind>[],
    contexts: Map<string, CustomerDetectionContext>,
    byCustomer: Map<string, CustomerRuns | null>,
    rows: () => BatchRows,
    out: Touched[],
  ): void {
    // By the batch's own customer index: one string lookup per customer and batch, not per row.
    const local = new Map<number, CustomerRuns | null>();
    for (let i = 0; i < batch.length; i++) {
      const c = batch.customer[i];
      if (c === NONE) continue;
      let applying = local.get(c);
      if (applying === undefined) {
        const id = batch.customers[c];
        applying = byCustomer.get(id);
        if (applying === undefined) {
          const context = contexts.get(id);
          const applies = context
            ? (rulesForCustomer(rules, context.customerId, context.detectionDisabled) as DetectionRule<CdrRuleKind>[])
            : [];
          applying = applies.length
            ? {
                customer: context!,
                rules: applies,
                detectors: applies.map((r) => cdrDetector(r.kind)!),
                runs: applies.map(() => undefined),
              }
            : null;
          byCustomer.set(id, applying);
        }
        local.set(c, applying);
      }
      if (applying === null) continue;
      const { customer } = applying;
      const startMs = batch.startMs[i];
      for (let r = 0; r < applying.rules.length; r++) {
        const rule = applying.rules[r];
        const detector = applying.detectors[r];
        if (!detector.touches(rule, batch, i, customer)) continue;
        const t = applying.runs[r];
        if (!t) {
          applying.runs[r] = { rule, detector, customer, minMs: startMs, maxMs: startMs, rows };
          out.push(applying.runs[r]!);
        } else if (startMs < t.minMs) t.minMs = startMs;
        else if (startMs > t.maxMs) t.maxMs = startMs;
      }
    }
  }

  /** Whether `backtest` can run rules of this kind: the CDR detectors, and baselines over the hourly rollups. */
  canBacktest(kind: RuleKind): boolean {
    return kind === 'baseline' || (isCdrKind(kind) && cdrDetector(kind) !== undefined);
  }

  /**
   * The events `rule` (saved or not) would have raised over the stored CDRs of [fromMs, toMs], with no side
   * effect: for its customer, or for a global rule every customer with calls in the range whose detection is on
   * and whose own rules do not override it.
   */
  async backtest(rule: DetectionRule, fromMs: number, toMs: number, limit: number): Promise<BacktestResult> {
    if (!this.canBacktest(rule.kind)) throw new Error(`no backtest for ${rule.kind}`);
    const evaluate = this.evaluatorOf(rule);
    const ids = rule.scope === 'customer' ? [rule.customerId!] : await customersWithCalls(this.db, fromMs, toMs);
    const contexts = await this.withThresholds(await customerContexts(this.db, ids));
    const others =
      rule.scope === 'global' ? (await enabledRules(this.db, rule.kind)).filter((r) => r.id !== rule.id) : [];
    const events: BacktestEvent[] = [];
    let evaluated = 0;
    for (const customer of contexts.values()) {
      if (customer.detectionDisabled) continue;
      if (rule.scope === 'global') {
        const own = others.filter((r) => r.scope === 'customer' && r.customerId === customer.customerId);
        if (own.some((r) => overrideKey(r) === overrideKey(rule))) continue;
      }
      evaluated++;
      for (const e of await evaluate(customer, fromMs, toMs))
        events.push({ ...e, customerId: customer.customerId, accountCode: customer.accountCode });
    }
    events.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.accountCode.localeCompare(b.accountCode));
    return { events: events.slice(0, limit), truncated: events.length > limit, customers: evaluated };
  }

  /** What a backtest runs for one customer over [fromMs, toMs]: the kind's own evaluation, nothing raised. */
  private evaluatorOf(
    rule: DetectionRule,
  ): (customer: CustomerDetectionContext, fromMs: number, toMs: number) => Promise<DetectedEventInput[]> {
    if (isKind(rule, 'baseline')) {
      return (c, fromMs, toMs) =>
        evaluateBaseline(
          this.db,
          rule,
          { id: c.customerId, accountCode: c.accountCode, timezone: c.timeZone },
          fromMs,
          toMs,
        );
    }
    const detector = cdrDetector(rule.kind as CdrRuleKind)!;
    return async (customer, fromMs, toMs) => {
      const out: DetectedEventInput[] = [];
      // A day at a time: each day sees the history before it, as an import's batches do.
      for (let from = fromMs; from <= toMs; from += BACKTEST_STEP_MS) {
        const judged: JudgedCalls = {
          fromMs: from,
          toMs: Math.min(toMs, from + BACKTEST_STEP_MS - 1),
          isNew: () => true,
        };
        out.push(...(await detector.evaluate(this.db, rule as DetectionRule<CdrRuleKind>, customer, judged)));
      }
      return out;
    };
  }
}
