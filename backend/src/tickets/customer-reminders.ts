import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { OutboxQueue } from '../notifications/outbox-queue.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Timer } from '../scheduler/timer-rows.js';
import { TicketMail } from './ticket-mail.js';
import { activeRestrictions } from '../restrictions/restriction-rows.js';
import { lockWaitingTicket, markReminded, SYSTEM_ACTOR } from './ticket-rows.js';
import { writeTimeline } from './timeline-rows.js';

const KIND = 'ticket.customer_reminder';
const HOUR = 3_600_000;

/**
 * A ticket rule: a case `restricted` for CUSTOMER_REMINDER_HOURS without the customer's review
 * reminds the customer, and again every CUSTOMER_REMINDER_HOURS while it still waits. One durable
 * timer per ticket, set on entering `restricted` and cancelled on leaving it.
 */
@Injectable()
export class CustomerReminders {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly mail: TicketMail,
    private readonly outbox: OutboxQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    scheduler.register<{ ticketId: string }>(KIND, (t, m) => this.remind(t, m));
  }

  schedule(m: EntityManager, ticketId: string, waitingSince: Date): Promise<string | null> {
    const dueAt = new Date(waitingSince.getTime() + this.config.customerReminderHours * HOUR);
    return this.scheduler.schedule(m, { kind: KIND, dedupeKey: ticketId, dueAt, payload: { ticketId } });
  }

  cancel(m: EntityManager, ticketId: string): Promise<number> {
    return this.scheduler.cancel(m, KIND, ticketId);
  }

  private async remind(timer: Timer<{ ticketId: string }>, m: EntityManager): Promise<void | (() => void)> {
    const now = this.clock.now();
    const hours = this.config.customerReminderHours;
    const ticket = await lockWaitingTicket(m, timer.payload.ticketId);
    if (!ticket) return; // reviewed or closed since: nothing to remind
    const due = new Date(ticket.last.getTime() + hours * HOUR);
    if (due > now) {
      // The wait restarted since this timer was set (a new restriction episode): wait for the new time.
      await this.scheduler.schedule(m, { kind: KIND, dedupeKey: ticket.id, dueAt: due, payload: timer.payload });
      return;
    }
    await markReminded(m, ticket.id, now);
    await this.mail.enqueue(m, ticket.id, [
      { kind: 'customer_mail', template: 'reminder', restrictions: await activeRestrictions(m, ticket.id) },
    ]);
    await writeTimeline(m, {
      ticketId: ticket.id,
      actor: SYSTEM_ACTOR,
      type: 'customer_reminded',
      payload: { afterHours: hours },
      visibility: 'internal',
      at: now,
    });
    await this.scheduler.schedule(m, {
      kind: KIND,
      dedupeKey: ticket.id,
      dueAt: new Date(now.getTime() + hours * HOUR),
      payload: timer.payload,
    });
    return () => this.outbox.kick();
  }
}
