import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { type Timer, timerRows, type TimerSpec } from './timer-rows.js';

/**
 * Runs in the same transaction that marks the timer done: its writes and "done" commit together.
 * It may return work to do once that transaction has committed (e.g. kick the outbox).
 */
export type TimerHandler<P = Record<string, unknown>> = (
  timer: Timer<P>,
  m: EntityManager,
) => Promise<void | (() => void)>;

export interface RetryPolicy {
  maxAttempts: number;
  backoffSeconds(attempts: number): number;
  /** How long a claimed timer stays invisible: a sweeper that dies mid-run is retried after it. */
  leaseSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 10,
  backoffSeconds: (n) => Math.min(15 * 2 ** (n - 1), 3600),
  leaseSeconds: 300,
};

const BATCH = 50;

/**
 * Durable "do X at time T": rows in `timers`, claimed by one sweeper (`FOR UPDATE SKIP LOCKED`, safe
 * with several instances), each run by the handler registered for its kind. Time comes from the Clock,
 * so tests move time instead of sleeping.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(Scheduler.name);
  private readonly handlers = new Map<string, { handle: TimerHandler<any>; policy: RetryPolicy }>();
  private readonly recurrings: { kind: string; everySeconds: number }[] = [];
  private loop: NodeJS.Timeout | null = null;
  private running: Promise<number> | null = null;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Called from a feature's constructor or onModuleInit. */
  register<P>(kind: string, handle: TimerHandler<P>, policy: Partial<RetryPolicy> = {}): void {
    if (this.handlers.has(kind)) throw new Error(`timer kind ${kind} registered twice`);
    this.handlers.set(kind, { handle, policy: { ...DEFAULT_RETRY, ...policy } });
  }

  /** A job that runs every `everySeconds` for as long as the app is deployed; its row survives restarts. */
  every<P>(kind: string, everySeconds: number, handle: TimerHandler<P>, policy: Partial<RetryPolicy> = {}): void {
    this.register(kind, handle, policy);
    this.recurrings.push({ kind, everySeconds });
  }

  /** Written in the caller's transaction when one is given, so the timer exists iff the change committed. */
  schedule(m: EntityManager | null, spec: TimerSpec): Promise<string | null> {
    return timerRows.insert(m ?? this.db, spec);
  }

  cancel(m: EntityManager | null, kind: string, dedupeKey: string): Promise<number> {
    return timerRows.cancel(m ?? this.db, kind, dedupeKey, this.clock.now());
  }

  async onApplicationBootstrap(): Promise<void> {
    for (const r of this.recurrings) {
      await this.schedule(null, {
        kind: r.kind,
        dedupeKey: r.kind,
        dueAt: this.clock.now(),
        everySeconds: r.everySeconds,
        onConflict: 'keep',
      });
    }
    if (this.config.timerSweepMs > 0) this.arm(0);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.loop) clearTimeout(this.loop);
    await this.running;
  }

  /** Runs everything due now, one timer per transaction; resolves with how many ran. */
  runDue(): Promise<number> {
    // One pass at a time in this process; other instances are kept apart by SKIP LOCKED.
    this.running ??= this.sweep().finally(() => (this.running = null));
    return this.running;
  }

  /** A sweep is claimDue, then runClaimed for each: a sweeper that dies between them leaves leased rows. */
  claimDue(): Promise<Timer[]> {
    const lease = Math.max(...[...this.handlers.values()].map((h) => h.policy.leaseSeconds), 60);
    return timerRows.claimDue(this.db, this.clock.now(), BATCH, lease);
  }

  private async sweep(): Promise<number> {
    let ran = 0;
    while (!this.stopped) {
      const due = await this.claimDue();
      if (!due.length) break;
      for (const t of due) if (await this.runClaimed(t)) ran++;
    }
    return ran;
  }

  /** False when the claim went stale (another sweeper ran or re-claimed the timer since). */
  async runClaimed(t: Timer): Promise<boolean> {
    const h = this.handlers.get(t.kind);
    if (!h) {
      await timerRows.fail(this.db, t, this.clock.now(), `no handler for timer kind ${t.kind}`, 300, false);
      this.logger.warn(`timer #${t.id}: no handler for kind ${t.kind}; retried in 5 minutes`);
      return false;
    }
    const after: { run?: void | (() => void) } = {};
    try {
      const ran = await this.db.transaction(async (m) => {
        if (!(await timerRows.lockClaimed(m, t))) return false;
        // Done first, so the handler may set the next timer with the same key; a failure rolls both back.
        await timerRows.complete(m, t, this.clock.now());
        after.run = await h.handle(t, m);
        return true;
      });
      if (ran && after.run) after.run();
      return ran;
    } catch (e) {
      const final = !t.everySeconds && t.attempts >= h.policy.maxAttempts;
      const retryIn = t.everySeconds ?? h.policy.backoffSeconds(t.attempts);
      const reason = (e as Error)?.message || String(e);
      this.logger.error(`timer #${t.id} ${t.kind} attempt ${t.attempts} failed${final ? ' for good' : ''}: ${reason}`);
      await timerRows.fail(this.db, t, this.clock.now(), reason, retryIn, final);
      return false;
    }
  }

  private arm(ms: number): void {
    if (this.stopped) return;
    this.loop = setTimeout(() => {
      void this.runDue()
        .catch((e) => this.logger.error(`timer sweep: ${(e as Error)?.stack ?? String(e)}`))
        .finally(() => this.arm(this.config.timerSweepMs));
    }, ms);
    this.loop.unref();
  }
}
