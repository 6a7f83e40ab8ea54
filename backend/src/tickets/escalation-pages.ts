import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { OnCallPager } from '../oncall/pager.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { formatTicketNumber } from './case-kinds.js';
import type { TicketMailIntent } from './ticket-mail.js';
import type { TicketRow } from './ticket-rows.js';

/** The durable timer that sends PAGE_TIMEOUT (as `system`) when a page level goes unacknowledged. */
export const PAGE_TIMEOUT_TIMER = 'ticket.page_timeout';
/**
 * The timer that restricts a block-severity case nobody acknowledged (policy `autoRestrictAfterMinutes`).
 * Its handler is in cases/ (auto-restrict-timer.ts), which knows the restrictions the case's events named.
 */
export const AUTO_RESTRICT_TIMER = 'case.auto_restrict';

const MINUTE = 60_000;

/**
 * The ticket side of paging: asks the on-call rota whom a level reaches (it records the page on the
 * escalation), turns that into page mails and SMS, and sets the escalation's timers in the same transaction.
 */
@Injectable()
export class EscalationPages {
  constructor(
    private readonly pager: OnCallPager,
    private readonly scheduler: Scheduler,
  ) {}

  async page(m: EntityManager, ticket: TicketRow, level: number, reason: string | undefined, now: Date) {
    const plan = await this.pager.page(
      m,
      {
        ticketId: ticket.id,
        number: formatTicketNumber(ticket.number),
        title: ticket.title,
        severity: ticket.severity,
        reason: reason ?? null,
      },
      level,
      now,
    );
    if (plan.ackTimeoutMinutes !== null) {
      await this.scheduler.schedule(m, {
        kind: PAGE_TIMEOUT_TIMER,
        dedupeKey: ticket.id,
        dueAt: new Date(now.getTime() + plan.ackTimeoutMinutes * MINUTE),
        payload: { ticketId: ticket.id, level },
      });
    }
    if (plan.autoRestrictAfterMinutes !== null && ticket.severity === 'block') {
      await this.scheduler.schedule(m, {
        kind: AUTO_RESTRICT_TIMER,
        dedupeKey: ticket.id,
        dueAt: new Date(now.getTime() + plan.autoRestrictAfterMinutes * MINUTE),
        payload: { ticketId: ticket.id, afterMinutes: plan.autoRestrictAfterMinutes },
      });
    }
    const intent: TicketMailIntent = {
      kind: 'oncall_page',
      level,
      reason: plan.reason ?? undefined,
      recipients: plan.recipients,
      nextLevelInMinutes: plan.ackTimeoutMinutes,
    };
    return intent;
  }

  /** Acknowledged, withdrawn or closed: no further level, no auto-restrict. */
  async stop(m: EntityManager, ticketId: string): Promise<void> {
    await this.scheduler.cancel(m, PAGE_TIMEOUT_TIMER, ticketId);
    await this.scheduler.cancel(m, AUTO_RESTRICT_TIMER, ticketId);
  }

  acknowledged(m: EntityManager, ticketId: string, by: string | null, at: Date): Promise<void> {
    return this.pager.acknowledged(m, ticketId, by, at);
  }

  ended(m: EntityManager, ticketId: string, at: Date): Promise<void> {
    return this.pager.ended(m, ticketId, at);
  }
}
