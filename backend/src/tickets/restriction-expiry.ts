import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { EnforcementService } from '../enforcement/enforcement.service.js';
import { expireRestriction, expiringRestrictions } from '../restrictions/restriction-rows.js';
import { Scheduler } from '../scheduler/scheduler.js';
import type { Timer } from '../scheduler/timer-rows.js';
import type { CaseActor } from './ticket-rows.js';
import { writeTimeline } from './timeline-rows.js';

const KIND = 'restriction.expire';

/** Who lifts an expired restriction, as the timeline and the row name it. */
export const EXPIRY_ACTOR: CaseActor = { id: null, role: 'system', name: 'Tollgate (restriction expired)' };

/**
 * A step restriction ends by itself: one durable timer per expiring restriction lifts it at `expiresAt`
 * (the service is restored), unless a technician made it permanent or moved its end meanwhile: the timer
 * re-reads the row and lifts only what is still due.
 */
@Injectable()
export class RestrictionExpiry {
  constructor(
    private readonly scheduler: Scheduler,
    private readonly enforcement: EnforcementService,
    private readonly clock: Clock,
  ) {
    scheduler.register<{ restrictionId: string }>(KIND, (t, m) => this.expire(t, m));
  }

  /** In the transaction that placed or retimed the ticket's restrictions: a timer for each that expires. */
  async schedule(m: EntityManager, ticketId: string): Promise<void> {
    for (const r of await expiringRestrictions(m, ticketId)) {
      await this.scheduler.schedule(m, {
        kind: KIND,
        dedupeKey: r.id,
        dueAt: new Date(r.expiresAt),
        payload: { restrictionId: r.id },
        onConflict: 'replace',
      });
    }
  }

  private async expire(timer: Timer<{ restrictionId: string }>, m: EntityManager): Promise<void | (() => void)> {
    const lifted = await expireRestriction(m, timer.payload.restrictionId, EXPIRY_ACTOR, this.clock.now());
    if (!lifted) return; // made permanent, lifted, or moved later since (a later timer replaced this one)
    await writeTimeline(m, {
      ticketId: lifted.ticketId,
      actor: EXPIRY_ACTOR,
      type: 'restriction_expired',
      payload: { lifted: [{ kind: lifted.kind, value: lifted.value }], expiresAt: lifted.expiresAt },
      visibility: 'customer',
      at: this.clock.now(),
    });
    await EnforcementService.announceChange(m);
    return () => void this.enforcement.refresh();
  }
}
