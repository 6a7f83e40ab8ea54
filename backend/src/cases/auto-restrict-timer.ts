import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Timer } from '../scheduler/timer-rows.js';
import { AUTO_RESTRICT_TIMER } from '../tickets/escalation-pages.js';
import { TicketIntakeService } from '../tickets/ticket-intake.service.js';
import { loadTicket } from '../tickets/ticket-rows.js';
import { eventFacts } from './event-rows.js';

/**
 * The policy's `autoRestrictAfterMinutes`: a block-severity case still paging (nobody acknowledged) that long
 * after its first page gets the restrictions its events named, placed by the system actor. Here and not in
 * tickets/ because the events (and what they named) are cases' rows.
 */
@Injectable()
export class AutoRestrictTimer {
  constructor(
    scheduler: Scheduler,
    private readonly tickets: TicketIntakeService,
  ) {
    scheduler.register<{ ticketId: string; afterMinutes: number }>(AUTO_RESTRICT_TIMER, (t, m) => this.fire(t, m));
  }

  private async fire(timer: Timer<{ ticketId: string; afterMinutes: number }>, m: EntityManager) {
    const ticket = await loadTicket(m, timer.payload.ticketId, null, { lock: true });
    if (ticket.escalation !== 'paging' || ticket.severity !== 'block') return;
    const { named } = await eventFacts(m, ticket.id);
    const reason = `block case not acknowledged within ${timer.payload.afterMinutes} minutes of the page`;
    const after = await this.tickets.autoRestrict(
      m,
      ticket.id,
      named.map((r) => ({ kind: r.kind, value: r.value, reason, covers: [], expiresAt: null })),
    );
    return () => void this.tickets.afterCommit(after);
  }
}
