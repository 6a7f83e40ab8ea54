import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { returnedRows } from '../common/sql.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { MailPayload, OutboxKind } from './outbox.js';

/** A claimed row as its handler receives it. */
export interface OutboxDelivery {
  id: string;
  kind: OutboxKind;
  ticketId: string | null;
  payload: MailPayload;
  messageId: string;
  attempts: number;
}

export interface OutboxHandler {
  /** Throws SkipDelivery when the message can never be sent; any other error is retried. */
  deliver(d: OutboxDelivery): Promise<void>;
}

export interface DeliveryPolicy {
  maxAttempts: number;
  backoffSeconds(attempts: number): number;
  /** A claimed row is invisible for this long; a crash mid-send retries after it. */
  leaseSeconds: number;
}

/** The message could not be sent and never will be (no SMTP, no recipient): not an error to retry. */
export class SkipDelivery extends Error {}

const BATCH = 20;
/** Retries are found by this sweep (a durable timer), new messages by a kick after commit. */
const SWEEP_SECONDS = 5;

interface Lane {
  kind: OutboxKind;
  handler: OutboxHandler;
  policy: DeliveryPolicy;
  running: Promise<void> | null;
  again: boolean;
}

interface ClaimedRow {
  id: string;
  kind: OutboxKind;
  ticket_id: string | null;
  payload: MailPayload;
  message_id: string;
  attempts: number;
}

/**
 * The outbox's queue core: claims due rows with `FOR UPDATE SKIP LOCKED` (safe with several app
 * instances) and hands each to the handler of its kind. Each kind drains in its own lane, so a kind
 * whose server is down backs off alone and never holds up another.
 */
@Injectable()
export class OutboxQueue implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxQueue.name);
  private readonly lanes = new Map<OutboxKind, Lane>();
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    scheduler: Scheduler,
  ) {
    scheduler.every('outbox.sweep', SWEEP_SECONDS, async () => this.kick());
  }

  register(kind: OutboxKind, handler: OutboxHandler, policy: DeliveryPolicy): void {
    if (this.lanes.has(kind)) throw new Error(`outbox kind ${kind} registered twice`);
    this.lanes.set(kind, { kind, handler, policy, running: null, again: false });
  }

  onApplicationBootstrap(): void {
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.idle();
  }

  /** Run every lane soon; a kick during a run makes that lane go round once more. */
  kick(): void {
    for (const lane of this.lanes.values()) this.kickLane(lane);
  }

  /** Resolves once everything due now has been attempted (tests and shutdown wait on this). */
  async idle(): Promise<void> {
    for (;;) {
      const running = [...this.lanes.values()].map((l) => l.running).filter(Boolean);
      if (!running.length) return;
      await Promise.all(running);
    }
  }

  private kickLane(lane: Lane): void {
    if (this.stopped) return;
    if (lane.running) {
      lane.again = true;
      return;
    }
    lane.running = this.drain(lane)
      .catch((e) => this.logFailure(e))
      .finally(() => {
        lane.running = null;
        if (lane.again) {
          lane.again = false;
          this.kickLane(lane);
        }
      });
  }

  private async drain(lane: Lane): Promise<void> {
    while (!this.stopped) {
      const rows = returnedRows<ClaimedRow>(
        await this.db.query(
          `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => $2)
            WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND kind = $1 AND next_attempt_at <= now()
                          ORDER BY next_attempt_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING id, kind, ticket_id, payload, message_id, attempts`,
          [lane.kind, lane.policy.leaseSeconds],
        ),
      );
      if (!rows.length) return;
      // RETURNING does not keep the subquery's order; oldest first keeps a ticket's mails in sequence.
      rows.sort((a, b) => Number(a.id) - Number(b.id));
      for (const row of rows) await this.process(lane, row);
    }
  }

  private async process(lane: Lane, row: ClaimedRow): Promise<void> {
    try {
      await lane.handler.deliver({
        id: row.id,
        kind: row.kind,
        ticketId: row.ticket_id,
        payload: row.payload,
        messageId: row.message_id,
        attempts: row.attempts,
      });
      await this.db.query(`UPDATE outbox SET status = 'done', done_at = now(), last_error = NULL WHERE id = $1`, [
        row.id,
      ]);
    } catch (e) {
      const reason = (e as Error).message || String(e);
      if (e instanceof SkipDelivery) {
        this.logger.warn(`outbox #${row.id} ${row.kind} skipped: ${reason}`);
        await this.db.query(
          `UPDATE outbox SET status = 'skipped', done_at = now(), last_error = $2 WHERE id = $1 AND status = 'pending'`,
          [row.id, reason],
        );
        return;
      }
      const final = row.attempts >= lane.policy.maxAttempts;
      this.logger.error(`outbox #${row.id} ${row.kind} attempt ${row.attempts} failed: ${reason}`);
      await this.db.query(
        `UPDATE outbox SET status = $2, last_error = $3,
                next_attempt_at = now() + make_interval(secs => $4), done_at = CASE WHEN $2 = 'failed' THEN now() END
          WHERE id = $1 AND status = 'pending'`,
        [row.id, final ? 'failed' : 'pending', reason.slice(0, 2000), lane.policy.backoffSeconds(row.attempts)],
      );
    }
  }

  private logFailure(e: unknown): void {
    if (!this.stopped) this.logger.error(`outbox: ${(e as Error)?.stack ?? String(e)}`);
  }
}
