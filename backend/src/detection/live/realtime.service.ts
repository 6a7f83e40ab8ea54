import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { CaseService, type DetectedEventInput } from '../../cases/case.service.js';
import type { RateDeck } from '../../cdrs/enrichment/rate-deck.js';
import { spendSince } from '../../cdrs/cdr-history-rows.js';
import { currentRateDeck } from '../../cdrs/rate-deck-rows.js';
import { Clock } from '../../common/clock.js';
import { localDayOf } from '../../common/local-day.js';
import { isCaribbean, isInternational } from '../../common/phone/destination-class.js';
import { countryOf } from '../../common/phone/countries.js';
import { APP_CONFIG, type AppConfig } from '../../config/config.js';
import type { BlockEntry } from '../../enforcement/blocklist-index.js';
import type { Attempt, AttemptVerdict } from '../../enforcement/authorize.js';
import { EnforcementService } from '../../enforcement/enforcement.service.js';
import { Scheduler } from '../../scheduler/scheduler.js';
import { type DetectionRule, isKind, rulesForCustomer } from '../rule-model.js';
import { allCustomers, allRules, customerContexts, type CustomerDetectionContext } from '../rule-rows.js';
import { LiveCounters } from './live-counters.js';
import { type LiveCall, LiveRules } from './live-rules.js';
import { ThresholdOverrides } from '../threshold-overrides.js';

/** The key of the advisory lock the counter authority holds (one per database): "tollgate realtime". */
export const COUNTER_AUTHORITY_LOCK = 7_415_231_001;
const RELOAD_SECONDS = 60;
/** Raised events waiting for the case service; beyond this the oldest are dropped (the CDRs raise them later). */
const MAX_QUEUED_EVENTS = 10_000;

/** Thrown at start-up when another instance already counts attempts for this database. */
export class SecondCounterAuthority extends Error {}

/**
 * Real-time rules at call set-up (docs/design.md §Real-time enforcement): counts every attempt authorize lets
 * through on live counters, answers from memory, and raises the crossings through the case service after the
 * answer, one at a time, with source `realtime`.
 */
@Injectable()
export class RealtimeService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeService.name);
  readonly counters: LiveCounters;
  private readonly rules: LiveRules;
  private all: DetectionRule[] = [];
  private customers = new Map<string, CustomerDetectionContext>();
  private byCustomer = new Map<string, DetectionRule[]>();
  private deck: RateDeck | null = null;
  private readonly queue: DetectedEventInput[] = [];
  private draining: Promise<void> | null = null;
  private lock: pg.Client | null = null;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly enforcement: EnforcementService,
    private readonly cases: CaseService,
    private readonly clock: Clock,
    scheduler: Scheduler,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly overrides: ThresholdOverrides,
  ) {
    this.counters = new LiveCounters(clock, { maxKeys: config.realtimeMaxKeys });
    this.rules = new LiveRules(this.counters);
    scheduler.every('realtime.reload', RELOAD_SECONDS, () => {
      // Rules, settings and the rate deck change on other instances too; expired windows are dropped meanwhile.
      return Promise.resolve(
        () =>
          void this.reload().then(() => {
            this.counters.sweep();
            this.rules.spend.sweep(this.clock.now().getTime());
          }),
      );
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.reload();
    this.enforcement.onRefreshed(() => this.reload());
    this.enforcement.setPremiumCheck((customerId, e164) => this.isPremium(customerId, e164));
    if (!this.config.realtimeCounters) {
      this.logger.log('REALTIME_COUNTERS=false: authorize answers from the blocklist only, counting nothing');
      return;
    }
    await this.takeAuthority();
    this.enforcement.observeAttempts((a) => this.attempt(a));
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.draining;
    await this.lock?.end().catch(() => {});
  }

  /** Reads rules, customers' settings and the rate deck again (after a change, and every minute). */
  async reload(): Promise<void> {
    const [rules, customers, deck] = await Promise.all([
      allRules(this.db),
      allCustomers(this.db),
      currentRateDeck(this.db),
    ]);
    this.customers = await customerContexts(
      this.db,
      customers.map((c) => c.id),
    );
    this.all = rules;
    this.byCustomer = new Map();
    this.deck = deck;
    await this.loadSpend();
  }

  /**
   * The cost of today's stored CDRs of each customer a spend rule applies to, for the live estimate (off the
   * request path: at every reload, so within a minute of an import).
   */
  private async loadSpend(): Promise<void> {
    if (!this.all.some((r) => r.enabled && isKind(r, 'spend_limit'))) return;
    const now = this.clock.now().getTime();
    const wanted: {
      customer: CustomerDetectionContext;
      rule: DetectionRule<'spend_limit'>;
      day: string;
      fromMs: number;
    }[] = [];
    for (const customer of this.customers.values()) {
      const rule = this.rulesOf(customer.customerId).find((r) => isKind(r, 'spend_limit'));
      if (!rule) continue;
      const day = localDayOf(customer.timeZone, now);
      wanted.push({ customer, rule: rule as DetectionRule<'spend_limit'>, day: day.date, fromMs: day.startMs });
    }
    const read = await spendSince(
      this.db,
      wanted.map((w) => ({ customerId: w.customer.customerId, fromMs: w.fromMs })),
      now,
    );
    const byId = new Map(read.map((r) => [r.customerId, r]));
    for (const w of wanted) {
      const r = byId.get(w.customer.customerId);
      this.rules.spend.stored(w.customer.customerId, w.customer.timeZone, {
        day: w.day,
        cost: r?.cost ?? 0,
        newestMs: r?.newestMs ?? null,
        warn: w.rule.params.warn,
        block: w.rule.params.block,
      });
    }
  }

  /** Events raised and not yet handed to the case service. */
  get pending(): number {
    return this.queue.length + (this.draining ? 1 : 0);
  }

  /**
   * Only one instance may count attempts against a database: two would each see half of a burst. The lock is a
   * session advisory lock on a connection of its own, so it goes when the process does.
   */
  private async takeAuthority(): Promise<void> {
    const url = (this.db.options as { url?: string }).url;
    if (!url) return;
    const client = new pg.Client({ connectionString: url, application_name: 'tollgate-realtime-authority' });
    await client.connect();
    const [{ locked }] = (await client.query(`SELECT pg_try_advisory_lock($1) AS locked`, [COUNTER_AUTHORITY_LOCK]))
      .rows as { locked: boolean }[];
    if (!locked) {
      await client.end();
      throw new SecondCounterAuthority(
        'Another Tollgate instance already counts call attempts for this database (REALTIME_COUNTERS=true). ' +
          'Start this one with REALTIME_COUNTERS=false, or route the switch to one instance (docs/scaling.md).',
      );
    }
    client.on('error', (e) => this.logger.error(`counter authority connection lost: ${e.message}`));
    this.lock = client;
  }

  private rulesOf(customerId: string): DetectionRule[] {
    let rules = this.byCustomer.get(customerId);
    if (!rules) {
      const c = this.customers.get(customerId);
      rules = rulesForCustomer(this.all, customerId, c?.detectionDisabled ?? false);
      this.byCustomer.set(customerId, rules);
    }
    return rules;
  }

  private isPremium(customerId: string, e164: string): boolean {
    const rate = this.deck?.lookup(e164);
    if (!rate) return false;
    const cap = this.rulesOf(customerId).find((r) => isKind(r, 'max_rate'));
    return !!cap && rate.ratePerMinute > (cap as DetectionRule<'max_rate'>).params.maxPerMinute;
  }

  /** On the request path: memory only. */
  private attempt(a: Attempt): AttemptVerdict | null {
    const customerId = a.facts.customer?.id;
    const customer = customerId ? this.customers.get(customerId) : undefined;
    // Events belong to a customer: an attempt nobody owns is answered by the blocklist alone.
    if (!customer) return null;
    const rules = this.rulesOf(customer.customerId);
    if (!rules.length) return null;
    const number = a.facts.callee;
    const country = countryOf(number);
    const rate = number ? this.deck?.lookup(number) : null;
    const call: LiveCall = {
      attempt: {
        atMs: a.atMs,
        caller: a.query.caller ?? null,
        callee: number ?? a.query.callee,
        sourceIp: a.facts.sourceIp,
        country,
      },
      customer,
      seat: a.facts.seat?.userId ?? null,
      group: a.facts.seat?.groupExternalId ?? null,
      ip: a.facts.sourceIp,
      number,
      country,
      caribbean: isCaribbean(number),
      international: isInternational(number),
      rate: rate
        ? { prefix: `+${rate.prefix}`, description: rate.description, ratePerMinute: rate.ratePerMinute }
        : null,
      thresholds: this.overrides.cachedLookupFor(customer.customerId),
    };
    const verdict = this.rules.judge(rules, call);
    if (verdict.events.length) this.enqueue(verdict.events);
    if (!verdict.denied.length) return null;
    const source = `real-time rule '${verdict.events.find((e) => e.severity === 'block' && !e.shadow)?.details?.ruleName}'`;
    const blocks: BlockEntry[] = verdict.restrictions.map((r) => ({
      kind: r.kind,
      value: r.value,
      // An IP restriction blocks the address for every account, as a stored one does.
      customerId: r.kind === 'ip' ? null : customer.customerId,
      accountCode: customer.accountCode,
      source,
      ticketId: null,
    }));
    return { denied: verdict.denied, blocks };
  }

  private enqueue(events: DetectedEventInput[]): void {
    this.queue.push(...events);
    if (this.queue.length > MAX_QUEUED_EVENTS) {
      const dropped = this.queue.splice(0, this.queue.length - MAX_QUEUED_EVENTS);
      this.logger.warn(`real-time event queue full: ${dropped.length} events dropped (the CDRs will raise them)`);
    }
    // After the answer: the request that crossed gets its reply before any case work starts.
    this.draining ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.drain());
  }

  /** One event at a time, in the order raised: a warning's ticket exists before its block joins it. */
  private async drain(): Promise<void> {
    try {
      for (let e = this.queue.shift(); e && !this.stopped; e = this.queue.shift()) {
        try {
          await this.cases.raise(e, 'realtime');
        } catch (err) {
          this.logger.error(`real-time ${e.kind} event for ${e.dedupeKey} not raised: ${(err as Error).message}`);
        }
      }
    } finally {
      this.draining = null;
      if (this.queue.length && !this.stopped) this.draining = this.drain();
    }
  }
}
