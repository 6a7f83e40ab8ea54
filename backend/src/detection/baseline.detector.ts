import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CaseService, type DetectedEventInput } from '../cases/case.service.js';
import { highestRuleSeverities } from '../cases/event-rows.js';
import { firstTrafficHour, jurisdictionCallIds, jurisdictionMinutes } from '../cdrs/usage/minutes-rows.js';
import { Clock } from '../common/clock.js';
import type { Sql } from '../common/sql.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Severity } from '../tickets/case-kinds.js';
import {
  type BaselineCustomer,
  type BaselineHistory,
  baselineDedupeKey,
  evaluateHours,
  historyOf,
  historySpan,
  localHour,
  localHourAt,
  localHoursBetween,
  wholeHourZone,
} from './baseline.js';
import { type DetectionRule, type DetectionSettings, rulesForCustomer } from './rule-model.js';
import { allCustomers, type CustomerRef, detectionSettings, enabledRules } from './rule-rows.js';
import { MAX_EVIDENCE_IDS } from './threshold.js';

const HOUR_MS = 3_600_000;
/** How often the scheduled run looks at the hour so far. */
const RUN_SECONDS = 300;
/** Each run looks back this far, so CDRs imported late (a daily file) are still compared. */
const LOOKBACK_MS = 26 * HOUR_MS;

/** The customer's stored minutes for evaluating [fromMs, toMs), known up to `toMs`. */
export async function baselineHistory(
  db: Sql,
  customer: Pick<CustomerRef, 'id' | 'timezone'>,
  fromMs: number,
  toMs: number,
): Promise<BaselineHistory> {
  const span = historySpan(fromMs, toMs);
  const bucketMs = wholeHourZone(customer.timezone, span.fromMs, span.toMs) ? HOUR_MS : 15 * 60_000;
  const from = Math.floor(span.fromMs / bucketMs) * bucketMs;
  const to = Math.ceil(span.toMs / bucketMs) * bucketMs;
  const [buckets, since] = await Promise.all([
    jurisdictionMinutes(db, customer.id, from, to, bucketMs === HOUR_MS ? 60 : 15),
    firstTrafficHour(db, customer.id),
  ]);
  return historyOf(buckets, bucketMs, since, toMs);
}

/** A snooze silences the local day it ends at midnight of: hours of that day raise nothing. */
function quietOf(settings: DetectionSettings, timeZone: string): BaselineCustomer['quiet'] {
  const until = settings.alerts.snoozedUntil?.getTime();
  if (until === undefined) return null;
  const day = localHourAt(until - 1, timeZone).day;
  return { fromMs: localHour(day, 0, timeZone).startMs, toMs: until };
}

/**
 * The baseline events a rule raises for one customer over the local hours overlapping [fromMs, toMs), without
 * raising them: the scheduled run raises what this returns, and a backtest can call it over any range. The
 * customer's opt-outs and snooze are honoured. With `seed`, what the rule already raised for the same cases
 * counts (the scheduled run); without, the range starts afresh (a backtest).
 */
export async function evaluateBaseline(
  db: Sql,
  rule: DetectionRule<'baseline'>,
  customer: Pick<CustomerRef, 'id' | 'accountCode' | 'timezone'>,
  fromMs: number,
  toMs: number,
  opts: { seed?: boolean; settings?: DetectionSettings } = {},
): Promise<DetectedEventInput[]> {
  const settings = opts.settings ?? (await detectionSettings(db, [customer.id])).get(customer.id)!;
  const who: BaselineCustomer = {
    id: customer.id,
    accountCode: customer.accountCode,
    timezone: customer.timezone,
    optOuts: settings.alerts.optOuts,
    quiet: quietOf(settings, customer.timezone),
  };
  const hours = localHoursBetween(fromMs, toMs, customer.timezone);
  if (!hours.length) return [];
  const history = await baselineHistory(db, customer, hours[0].startMs, toMs);
  let raised = new Map<string, Severity>();
  if (opts.seed) {
    const days = [...new Set(hours.map((h) => h.day))];
    const keys = rule.params.jurisdictions.flatMap((j) => days.map((d) => baselineDedupeKey(j, d)));
    raised = await highestRuleSeverities(db, rule.id, customer.id, keys);
  }
  const events = evaluateHours(history, hours, rule, who, raised);
  for (const e of events) {
    const d = e.details as { jurisdiction: string; hourStart: string };
    const cdrIds = await jurisdictionCallIds(
      db,
      customer.id,
      d.jurisdiction,
      Date.parse(d.hourStart),
      Date.parse(e.occurredAt),
      MAX_EVIDENCE_IDS,
    );
    if (cdrIds.length) e.evidence = { ...e.evidence, cdrIds };
  }
  return events;
}

/**
 * Baseline rules (docs/design.md §Detection) on a schedule: every few minutes, through a durable timer, each
 * customer's hour so far (and the hours of the last day, for late imports) against its normal.
 */
@Injectable()
export class BaselineDetector {
  private readonly logger = new Logger(BaselineDetector.name);

  constructor(
    private readonly db: DataSource,
    private readonly cases: CaseService,
    private readonly clock: Clock,
    scheduler: Scheduler,
  ) {
    // The run raises through the case service in its own transactions; the timer's only marks it done.
    scheduler.every('detection.baseline', RUN_SECONDS, async () => {
      await this.run();
    });
  }

  /** One round over every customer a baseline rule applies to; resolves with how many events it raised. */
  async run(): Promise<number> {
    const rules = (await enabledRules(this.db, 'baseline')) as DetectionRule<'baseline'>[];
    if (!rules.length) return 0;
    const now = this.clock.now().getTime();
    const customers = await allCustomers(this.db);
    const settings = await detectionSettings(
      this.db,
      customers.map((c) => c.id),
    );
    let raised = 0;
    for (const c of customers) {
      const s = settings.get(c.id)!;
      for (const rule of rulesForCustomer(rules, c.id, s.detectionDisabled) as DetectionRule<'baseline'>[]) {
        try {
          const events = await evaluateBaseline(this.db, rule, c, now - LOOKBACK_MS, now, { seed: true, settings: s });
          for (const e of events) {
            await this.cases.raise(e, 'detector');
            raised++;
          }
        } catch (err) {
          this.logger.error(`rule ${rule.id} on customer ${c.id}: ${err instanceof Error ? err.stack : err}`);
        }
      }
    }
    return raised;
  }
}
