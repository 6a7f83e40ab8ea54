import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { formatTicketNumber } from '../tickets/case-kinds.js';
import { returnedRows } from '../tickets/ticket-rows.js';
import { customerMail, type MailTicket, pageMail, type RenderedMail, technicianMail } from './mail-templates.js';
import type { OutboxMessage } from './outbox.js';
import { sweepCustomerReminders } from './reminders.js';

const BATCH = 20;
const MAX_ATTEMPTS = 8;
const POLL_MS = 5_000;
const SWEEP_MS = 60_000;
/** A claimed row is invisible to other workers for this long; a crash mid-send retries after it. */
const LEASE = '5 minutes';

interface ClaimedRow {
  id: string;
  kind: OutboxMessage['kind'];
  ticket_id: string;
  payload: any;
  attempts: number;
}

/** The message could not be sent and never will be (no SMTP, no recipient): not an error to retry. */
class Skip extends Error {}

export function backoffSeconds(attempts: number): number {
  return Math.min(30 * 2 ** (attempts - 1), 3600);
}

/**
 * Claims outbox rows with `FOR UPDATE SKIP LOCKED` (safe with several app instances), sends them
 * outside any transaction, and records done / skipped / retry-with-backoff / failed.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(OutboxWorker.name);
  private transport: Transporter | null = null;
  private timers: NodeJS.Timeout[] = [];
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timers.push(setInterval(() => this.kick(), POLL_MS).unref());
    this.timers.push(setInterval(() => void this.sweepReminders().catch((e) => this.logFailure(e)), SWEEP_MS).unref());
    this.kick();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    this.timers.forEach(clearInterval);
    await this.running;
    this.transport?.close();
  }

  /** Run soon; calls during a run make it go round once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((e) => this.logFailure(e))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves once everything due now has been attempted (tests and shutdown wait on this). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async sweepReminders(): Promise<number> {
    const n = await sweepCustomerReminders(this.db, this.config.customerReminderHours);
    if (n) this.kick();
    return n;
  }

  private async drain(): Promise<void> {
    while (!this.stopped) {
      const rows = returnedRows<ClaimedRow>(
        await this.db.query(
          `UPDATE outbox SET attempts = attempts + 1, next_attempt_at = now() + interval '${LEASE}'
          WHERE id IN (SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= now()
                        ORDER BY next_attempt_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING id, kind, ticket_id, payload, attempts`,
        ),
      );
      if (!rows.length) return;
      // RETURNING does not keep the subquery's order; oldest first keeps a ticket's mails in sequence.
      rows.sort((a, b) => Number(a.id) - Number(b.id));
      for (const row of rows) await this.process(row);
    }
  }

  private async process(row: ClaimedRow): Promise<void> {
    try {
      await this.execute(row);
      await this.db.query(`UPDATE outbox SET status = 'done', done_at = now(), last_error = NULL WHERE id = $1`, [
        row.id,
      ]);
    } catch (e) {
      const reason = (e as Error).message || String(e);
      if (e instanceof Skip) {
        this.logger.warn(`outbox #${row.id} ${row.kind} skipped: ${reason}`);
        await this.db.query(
          `UPDATE outbox SET status = 'skipped', done_at = now(), last_error = $2 WHERE id = $1 AND status = 'pending'`,
          [row.id, reason],
        );
        return;
      }
      const final = row.attempts >= MAX_ATTEMPTS;
      this.logger.error(`outbox #${row.id} ${row.kind} attempt ${row.attempts} failed: ${reason}`);
      await this.db.query(
        `UPDATE outbox SET status = $2, last_error = $3,
                next_attempt_at = now() + make_interval(secs => $4), done_at = CASE WHEN $2 = 'failed' THEN now() END
          WHERE id = $1 AND status = 'pending'`,
        [row.id, final ? 'failed' : 'pending', reason.slice(0, 2000), backoffSeconds(row.attempts)],
      );
    }
  }

  private async execute(row: ClaimedRow): Promise<void> {
    const ticket = await this.mailTicket(row.ticket_id);
    const ticketUrl = `${this.config.publicUrl}/tickets/${ticket.id}`;
    switch (row.kind) {
      case 'customer_mail': {
        const to = await this.emails(`SELECT email FROM customer_contacts WHERE customer_id = $1`, [
          await this.customerOf(row.ticket_id),
        ]);
        // Customers read their tickets in the portal; staff in the workspace.
        const portalUrl = `${this.config.publicUrl}/portal/tickets/${ticket.id}`;
        return this.send(to, customerMail(ticket, portalUrl, row.payload), ticket, 'the customer has no contact email');
      }
      case 'technician_mail': {
        const to = await this.emails(`SELECT email FROM users WHERE active AND role = 'technician'`);
        return this.send(to, technicianMail(ticket, ticketUrl, row.payload), ticket, 'no active technician');
      }
      case 'oncall_page': {
        // Until the on-call rota exists, every active engineer is paged by email.
        const to = await this.emails(`SELECT email FROM users WHERE active AND role = 'engineer'`);
        return this.send(to, pageMail(ticket, ticketUrl, row.payload), ticket, 'no active engineer to page');
      }
      default:
        throw new Skip(`unknown outbox kind ${String(row.kind)}`);
    }
  }

  private async send(to: string[], mail: RenderedMail, t: MailTicket, noRecipient: string): Promise<void> {
    if (!this.config.smtpUrl) throw new Skip('SMTP_URL is not set');
    if (!to.length) throw new Skip(noRecipient);
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to,
      subject: mail.subject,
      text: mail.text,
      // One thread per ticket in the recipient's mail client.
      references: `<ticket-${t.id}@tollgate>`,
      headers: { 'X-Tollgate-Ticket': t.number },
    });
  }

  private async emails(sql: string, params: unknown[] = []): Promise<string[]> {
    const rows: { email: string | null }[] = await this.db.query(sql, params);
    return [...new Set(rows.map((r) => r.email).filter((e): e is string => !!e))];
  }

  private async customerOf(ticketId: string): Promise<string> {
    const [r] = await this.db.query(`SELECT customer_id FROM tickets WHERE id = $1`, [ticketId]);
    return r.customer_id;
  }

  private async mailTicket(ticketId: string): Promise<MailTicket> {
    const [r] = await this.db.query(
      `SELECT t.id, t.number, t.title, t.client_summary, c.name AS customer_name
         FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $1`,
      [ticketId],
    );
    if (!r) throw new Skip(`ticket ${ticketId} not found`);
    return {
      id: r.id,
      number: formatTicketNumber(r.number),
      title: r.title,
      customerName: r.customer_name,
      clientSummary: r.client_summary,
    };
  }

  private logFailure(e: unknown): void {
    if (!this.stopped) this.logger.error(`outbox worker: ${(e as Error)?.stack ?? String(e)}`);
  }
}
