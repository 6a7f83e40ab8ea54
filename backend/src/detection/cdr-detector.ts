// The seam every CDR detector fills: which batch rows a rule could judge, and what it raises over a time range.
// The import's live run and the backtest call the same `evaluate`, so they agree on the same data.
import type { DetectedEventInput } from '../cases/case.service.js';
import type { CdrBatch } from '../cdrs/import/cdr-batch.js';
import type { Sql } from '../common/sql.js';
import type { CdrRuleKind, DetectionRule } from './rule-model.js';
import type { ThresholdLookup } from './threshold-overrides.js';

/** What a detector knows of the customer it judges. */
export interface CustomerContext {
  customerId: string;
  accountCode: string;
  /** IANA zone: days and hours are the customer's own. */
  timeZone: string;
  /** Countries (ISO alpha-2) and E.164 prefixes the customer may always call. */
  allowCountries: readonly string[];
  allowPrefixes: readonly string[];
  /** Approved seat and group thresholds (threshold-increase requests); absent: the rule's own everywhere. */
  thresholds?: ThresholdLookup;
}

/**
 * The calls a run judges. Live: the rows one import batch newly stored (`isNew` knows them), within
 * [fromMs, toMs]. Backtest: every stored call in [fromMs, toMs]. Stored calls before `fromMs` are history:
 * they count towards windows and profiles, but a detector raises only at a call it judges.
 */
export interface JudgedCalls {
  fromMs: number;
  toMs: number;
  isNew(call: { callId: string; startMs: number }): boolean;
}

/**
 * One customer's calls as the engine holds them in memory (`known-calls.ts`): the batches it saw lately, the run's
 * new rows among them, and the earliest call it saw with each source IP and country.
 */
export interface KnownCalls {
  /** Whether the held calls are every stored call of the customer with a start in [fromMs, toMs] (the hourly rollups agree). */
  complete(fromMs: number, toMs: number): boolean;
  /** Each held call of the customer with a start in [fromMs, toMs]. */
  each(fromMs: number, toMs: number, fn: (batch: CdrBatch, i: number) => void): void;
  /** Each new call of the customer in the run (the ones it judges). */
  eachNew(fn: (batch: CdrBatch, i: number) => void): void;
  /** The start of a stored call of the customer with this key, the earliest the engine saw; undefined if none. */
  earliest(dim: 'source_ip' | 'country', key: string): number | undefined;
}

/** What a detector's result must be for the live run and the backtest to agree: a function of the stored data. */
export interface CdrDetector<K extends CdrRuleKind = CdrRuleKind> {
  readonly kind: K;
  /** Whether row `i` of the batch is a call this rule could judge (a cheap test on the batch's columns). */
  touches(rule: DetectionRule<K>, batch: CdrBatch, i: number, customer: CustomerContext): boolean;
  /** The events the rule raises at the judged calls; read-only (the caller raises them, or returns them). */
  evaluate(
    db: Sql,
    rule: DetectionRule<K>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]>;
  /**
   * What memory says of this run, before any query: null when `evaluate` would raise nothing (the engine does not
   * call it); a part of `judged` outside which it would raise nothing (the engine judges only that part, with the
   * same result); undefined when memory cannot tell. A wrong null or part loses an alarm: answer only what is sure.
   */
  narrow?(
    rule: DetectionRule<K>,
    customer: CustomerContext,
    known: KnownCalls,
    judged: JudgedRange,
  ): JudgedRange | null | undefined;
}

/** The range of a run's new calls of one customer that a rule's `touches` picked. */
export interface JudgedRange {
  fromMs: number;
  toMs: number;
}
