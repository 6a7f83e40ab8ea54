import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError, badInput, conflict } from '../common/app-error.js';
import { TicketErrorCode } from '../common/error-codes.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { EnforcementService } from '../enforcement/enforcement.service.js';
import { OutboxQueue } from '../notifications/outbox-queue.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import { liftRestrictions, placeRestrictions, retimeRestrictions } from '../restrictions/restriction-rows.js';
import {
  type CanonicalRestriction,
  canonicalRestrictions,
  restrictionKey,
} from '../restrictions/restriction-values.js';
import { formatTicketNumber } from './case-kinds.js';
import { checklistOf } from './checklist-rows.js';
import { RestrictionExpiry } from './restriction-expiry.js';
import { CustomerReminders } from './customer-reminders.js';
import { EscalationPages } from './escalation-pages.js';
import { foreignFields, payloadOf, type TicketEventDto } from './ticket-events.dto.js';
import { TicketMail, type TicketMailIntent } from './ticket-mail.js';
import { allowedEvents, decide, roleMayEverSend } from './ticket.machine.js';
import { EFFECT_PHASE, type TicketEffect, type TicketEvent, type TicketEventType } from './ticket-machine.types.js';
import {
  actorOf,
  type CaseActor,
  currentVersion,
  isNocStaff,
  loadTicket,
  machineActor,
  otherOpenTicket,
  type TicketRow,
  type TransitionWrite,
  writeTransition,
} from './ticket-rows.js';
import { transitionVisibility } from './ticket-timeline.js';
import { writeTimeline } from './timeline-rows.js';

/** What to do once the transaction has committed. */
export interface AfterCommit {
  enforcement: boolean;
  outbox: boolean;
}

export const NOTHING_AFTER_COMMIT: AfterCommit = { enforcement: false, outbox: false };

export function bothAfterCommit(a: AfterCommit, b: AfterCommit): AfterCommit {
  return { enforcement: a.enforcement || b.enforcement, outbox: a.outbox || b.outbox };
}

/**
 * The one path every ticket event takes — from a user, a detector or a timer:
 * restore → `decide` → one transaction (versioned UPDATE, restriction rows, timeline, outbox)
 * → after commit, refresh the enforcement index and kick the outbox. Every time written comes from
 * the Clock, so the event, the ticket row and the timeline agree.
 */
@Injectable()
export class TicketTransitionsService {
  private readonly logger = new Logger(TicketTransitionsService.name);

  constructor(
    private readonly db: DataSource,
    private readonly enforcement: EnforcementService,
    private readonly outbox: OutboxQueue,
    private readonly mail: TicketMail,
    private readonly reminders: CustomerReminders,
    private readonly pages: EscalationPages,
    private readonly expiry: RestrictionExpiry,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** `POST /tickets/:id/events`. */
  async send(id: string, dto: TicketEventDto, p: Principal): Promise<void> {
    const foreign = foreignFields(dto);
    if (foreign.length) throw badInput(foreign, TicketErrorCode.EventPayloadInvalid);
    const ticket = await loadTicket(this.db.manager, id, p);
    const after = await this.db.transaction(async (m) => {
      if (dto.type === 'LIFT_RESTRICTIONS' && this.config.liftRequiresChecklist) {
        await this.assertChecklistDone(m, ticket, p);
      }
      return this.applyInTx(m, ticket, dto.type, payloadOf(dto), actorOf(p), dto.version);
    });
    await this.afterCommit(after);
  }

  /**
   * LIFT_REQUIRES_CHECKLIST: a person lifts a case's restrictions only once its checklist is done (the web app
   * otherwise asks for confirmation). Only where lifting is allowed now, so a refused event still says why it is.
   */
  private async assertChecklistDone(m: EntityManager, ticket: TicketRow, p: Principal): Promise<void> {
    if (!allowedEvents(ticket.snapshot, machineActor(actorOf(p))).includes('LIFT_RESTRICTIONS')) return;
    const unticked = (await checklistOf(m, ticket.id)).filter((i) => !i.checked).map((i) => i.item);
    if (!unticked.length) return;
    throw conflict(
      `Tick the checklist before lifting (LIFT_REQUIRES_CHECKLIST): ${unticked.length} item${unticked.length === 1 ? '' : 's'} unticked: ${unticked.join('; ')}`,
      TicketErrorCode.ChecklistIncomplete,
      { unticked },
    );
  }

  async afterCommit(a: AfterCommit): Promise<void> {
    if (a.outbox) this.outbox.kick();
    if (!a.enforcement) return;
    try {
      // Awaited so the caller's next authorize call already sees the change.
      await this.enforcement.refresh();
    } catch (e) {
      // Committed is committed: the periodic rebuild and NOTIFY listeners catch up.
      this.logger.error(`enforcement refresh after commit failed: ${(e as Error).message}`);
    }
  }

  /**
   * Applies one event inside `m`'s transaction. `ticket` may have been read outside it:
   * the UPDATE's `version = expected` guard turns any concurrent change into a 409.
   */
  async applyInTx(
    m: EntityManager,
    ticket: TicketRow,
    type: TicketEventType,
    payload: Record<string, unknown>,
    actor: CaseActor,
    expectedVersion: number,
  ): Promise<AfterCommit> {
    const machineActorNow = machineActor(actor);
    // Reasons and covered customers are stored beside the restrictions; the machine sees kind and value.
    let placed = new Map<string, CanonicalRestriction>();
    if (type === 'RESTRICT' && roleMayEverSend(actor.role, type) && Array.isArray(payload.restrictions)) {
      const canonical = await canonicalRestrictions(m, ticket.customer_id, payload.restrictions, {
        actorRole: actor.role,
        minPrefixV4: this.config.restrictionMinPrefixV4,
        minPrefixV6: this.config.restrictionMinPrefixV6,
        now: this.clock.now(),
      });
      placed = new Map(canonical.map((r) => [restrictionKey(r), r]));
      payload = { ...payload, restrictions: canonical.map(({ kind, value }) => ({ kind, value })) };
    }
    const now = this.clock.now();
    const event = { ...payload, type, actor: machineActorNow, at: now.toISOString() } as TicketEvent;
    const decision = decide(ticket.snapshot, event);

    // Role and payload refusals do not depend on the state, so they win over a stale version.
    if (!decision.ok && decision.code === 'forbidden') {
      throw new AppError(TicketErrorCode.EventForbidden, decision.message, { allowedEvents: decision.allowedEvents });
    }
    if (!decision.ok && decision.code === 'invalid_payload') {
      throw badInput(decision.message, TicketErrorCode.EventPayloadInvalid);
    }
    if (expectedVersion !== ticket.version) {
      throw staleVersion(ticket.version, allowedEvents(ticket.snapshot, machineActorNow));
    }
    if (!decision.ok) {
      throw conflict(decision.message, TicketErrorCode.EventNotAllowed, { allowedEvents: decision.allowedEvents });
    }

    const from = decision.previous;
    const entering = from.caseState !== 'restricted' && decision.caseState === 'restricted';
    const leaving = from.caseState === 'restricted' && decision.caseState !== 'restricted';
    const clientSummary =
      type === 'RESTRICT' && typeof payload.clientSummary === 'string' ? payload.clientSummary : null;
    const written = await this.updateTicket(m, ticket, {
      ticketId: ticket.id,
      expectedVersion,
      state: decision.caseState,
      escalation: decision.escalation,
      snapshot: decision.next,
      closedAt: decision.next.context.closedAt,
      restrictedAt: decision.next.context.restrictedAt,
      byNocStaff: isNocStaff(actor.role),
      leaving,
      entering,
      clientSummary,
      at: now,
    });
    if (!written) {
      const now = await currentVersion(m, ticket.id);
      throw staleVersion(now.version, allowedEvents(now.snapshot, machineActorNow));
    }

    const inPhase = (phase: (typeof EFFECT_PHASE)[keyof typeof EFFECT_PHASE]) =>
      decision.effects.filter((e) => EFFECT_PHASE[e.type] === phase);
    const { applied, lifted, retimed } = await this.runTransactionEffects(
      m,
      ticket,
      inPhase('transaction'),
      actor,
      now,
      placed,
    );
    const intents = this.mailIntents(inPhase('outbox'), payload, applied, lifted);
    for (const e of decision.effects) {
      if (e.type === 'pageOnCall') intents.push(await this.pages.page(m, ticket, e.level, text(payload.reason), now));
    }
    if (from.escalation === 'paging' && decision.escalation === 'engaged') {
      await this.pages.acknowledged(m, ticket.id, actor.id, now);
    }
    if (from.escalation !== 'idle' && decision.escalation === 'idle') await this.pages.ended(m, ticket.id, now);
    const queued = await this.mail.enqueue(m, ticket.id, intents);
    if (entering) await this.reminders.schedule(m, ticket.id, now);
    if (leaving) await this.reminders.cancel(m, ticket.id);
    // The machine asks for a refresh on every restriction step; it matters only when rows changed.
    const enforcement =
      inPhase('after_commit').length > 0 && (applied.length > 0 || lifted.length > 0 || retimed.length > 0);
    if (enforcement) await EnforcementService.announceChange(m);

    await writeTimeline(m, {
      ticketId: ticket.id,
      actor,
      type,
      fromState: from.caseState,
      toState: decision.caseState,
      payload: {
        ...payload,
        ...(type === 'RESTRICT' && { restrictions: applied }),
        ...(retimed.length && { retimed }),
        ...(lifted.length && { lifted }),
        ...(from.escalation !== decision.escalation && {
          escalation: { from: from.escalation, to: decision.escalation },
        }),
      },
      visibility: transitionVisibility(type),
      at: now,
    });
    return { enforcement, outbox: queued };
  }

  /** The versioned write; REOPEN next to a newer open ticket with the same dedupe key is a 409. */
  private async updateTicket(m: EntityManager, ticket: TicketRow, w: TransitionWrite): Promise<boolean> {
    try {
      return await writeTransition(m, w);
    } catch (e) {
      if ((e as { constraint?: string }).constraint !== 'uq_ticket_open_dedupe') throw e;
      const other = await otherOpenTicket(this.db, ticket);
      throw conflict(
        `${other ? formatTicketNumber(other.number) : 'Another ticket'} is already open for this customer and dedupe key; work on that one`,
        TicketErrorCode.AlreadyOpen,
      );
    }
  }

  private async runTransactionEffects(
    m: EntityManager,
    ticket: TicketRow,
    effects: TicketEffect[],
    actor: CaseActor,
    now: Date,
    placed: Map<string, CanonicalRestriction>,
  ): Promise<{ applied: RestrictionSpec[]; lifted: RestrictionSpec[]; retimed: RestrictionSpec[] }> {
    let applied: RestrictionSpec[] = [];
    let lifted: RestrictionSpec[] = [];
    let retimed: (RestrictionSpec & { expiresAt: Date | null })[] = [];
    for (const e of effects) {
      switch (e.type) {
        case 'applyRestrictions': {
          const rows = e.restrictions.map((r): CanonicalRestriction => {
            const p = placed.get(restrictionKey(r));
            return { ...r, reason: p?.reason ?? null, covers: p?.covers ?? [], expiresAt: p?.expiresAt ?? null };
          });
          // Already active on this ticket: nothing to add, but a new expiry (or none: permanent) is kept.
          retimed = await retimeRestrictions(m, ticket.id, rows);
          const at = { ticketId: ticket.id, customerId: ticket.customer_id, source: formatTicketNumber(ticket.number) };
          applied = await placeRestrictions(m, at, rows, actor, now);
          await this.expiry.schedule(m, ticket.id);
          break;
        }
        case 'liftAllRestrictions':
          lifted = await liftRestrictions(m, ticket.id, actor, now);
          break;
        case 'stopPaging':
          await this.mail.withdrawPages(m, ticket.id);
          await this.pages.stop(m, ticket.id);
          break;
        default:
          throw new Error(`effect ${e.type} is not a transaction effect`);
      }
    }
    return { applied, lifted, retimed };
  }

  private mailIntents(
    effects: TicketEffect[],
    payload: Record<string, unknown>,
    applied: RestrictionSpec[],
    lifted: RestrictionSpec[],
  ): TicketMailIntent[] {
    const out: TicketMailIntent[] = [];
    for (const e of effects) {
      switch (e.type) {
        case 'notifyCustomer': {
          // Re-sending restrictions that were already active changes nothing for the customer.
          if (e.template === 'restrictions_added' && !applied.length) break;
          const closing = e.template === 'restrictions_lifted' || e.template === 'dismissed';
          out.push({
            kind: 'customer_mail',
            template: e.template,
            // Only RESTRICT and REQUEST_INFO messages are written for the customer.
            message: e.template === 'dismissed' ? undefined : text(payload.message),
            restrictions: closing ? lifted : applied,
          });
          break;
        }
        case 'notifyTechnicians':
          out.push({
            kind: 'technician_mail',
            reason: e.reason,
            verdict: text(payload.verdict),
            message: text(payload.message),
          });
          break;
        case 'pageOnCall':
          // Paged through EscalationPages: the rota picks the recipients and the time-out.
          break;
        default:
          throw new Error(`effect ${e.type} is not an outbox effect`);
      }
    }
    return out;
  }
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v : undefined);

function staleVersion(current: number, allowed: TicketEventType[]): AppError {
  return conflict(`stale version, current is ${current}`, TicketErrorCode.StaleVersion, {
    version: current,
    allowedEvents: allowed,
  });
}
