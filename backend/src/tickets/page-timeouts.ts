import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Timer } from '../scheduler/timer-rows.js';
import { PAGE_TIMEOUT_TIMER } from './escalation-pages.js';
import { loadTicket, SYSTEM_ACTOR } from './ticket-rows.js';
import { TicketTransitionsService } from './ticket-transitions.service.js';

/**
 * A page level nobody acknowledged: the durable timer sends PAGE_TIMEOUT as `system`, and the machine pages
 * the next level (whose own timer the transition sets). The timer row survives a restart between the page
 * and its time-out; a stale level (acknowledged or re-paged since) is refused by the machine and dropped.
 */
@Injectable()
export class PageTimeouts {
  private readonly logger = new Logger(PageTimeouts.name);

  constructor(
    scheduler: Scheduler,
    private readonly transitions: TicketTransitionsService,
  ) {
    scheduler.register<{ ticketId: string; level: number }>(PAGE_TIMEOUT_TIMER, (t, m) => this.timeOut(t, m));
  }

  private async timeOut(timer: Timer<{ ticketId: string; level: number }>, m: EntityManager) {
    const ticket = await loadTicket(m, timer.payload.ticketId, null, { lock: true });
    try {
      const after = await this.transitions.applyInTx(
        m,
        ticket,
        'PAGE_TIMEOUT',
        { level: timer.payload.level },
        SYSTEM_ACTOR,
        ticket.version,
      );
      return () => void this.transitions.afterCommit(after);
    } catch (e) {
      // Acknowledged, withdrawn or closed since the page: nothing to escalate.
      if (!(e instanceof AppError)) throw e;
      this.logger.log(`page time-out on ticket ${ticket.id} dropped: ${e.message}`);
    }
  }
}
