import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppError } from '../common/app-error.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import { activeRestrictions } from '../restrictions/restriction-rows.js';
import type { CanonicalRestriction } from '../restrictions/restriction-values.js';
import { type EventKind, higherSeverity, type Severity } from './case-kinds.js';
import { startChecklist } from './checklist-rows.js';
import { renderClientSummary } from './client-summary.js';
import { destinationsByMinutes, type EvidenceRef, groupNames, linkEvidence, seatsOnCase } from './evidence-rows.js';
import { initialTicketSnapshot } from './ticket.machine.js';
import {
  type CaseActor,
  countEvent,
  findOpenTicket,
  insertTicket,
  loadTicket,
  lockDedupeKey,
  recomputeExposure,
  SYSTEM_ACTOR,
  writeGeneratedSummary,
} from './ticket-rows.js';
import { exposureHead } from './ticket-read-rows.js';
import { writeTimeline } from './timeline-rows.js';
import { type AfterCommit, NOTHING_AFTER_COMMIT, TicketTransitionsService } from './ticket-transitions.service.js';
import { TicketMail } from './ticket-mail.js';

const URGENT_SEVERITIES: readonly string[] = ['block', 'urgent'];

/** What a detected event says about its case: the ticket it opens or joins. */
export interface CaseOpening {
  customerId: string;
  dedupeKey: string;
  kind: EventKind;
  severity: Severity;
  summary: string;
}

/** The ticket an event opened or joined, locked in the ingest transaction. */
export interface CaseTicket {
  id: string;
  customerId: string;
  /** A summary a technician edited is theirs; an untouched one follows the evidence. */
  summaryEdited: boolean;
}

/** What the case's events say that the client summary states: the first event, and what they name. */
export interface CaseEventFacts {
  firstEvent: { kind: string; summary: string; occurredAt: Date } | null;
  named: RestrictionSpec[];
}

export interface AttachedEvent {
  eventId: string;
  kind: EventKind;
  severity: Severity;
  summary: string;
  evidence?: EvidenceRef;
  /** Read only when the summary follows the evidence (after the event is stored). */
  facts: () => Promise<CaseEventFacts>;
}

/**
 * Where detected events meet tickets: a ticket is born here (with its checklist and first timeline
 * entry), an event's evidence joins it, and a block event restricts it through the one event path.
 */
@Injectable()
export class TicketIntakeService {
  private readonly logger = new Logger(TicketIntakeService.name);

  constructor(
    private readonly transitions: TicketTransitionsService,
    private readonly mail: TicketMail,
  ) {}

  /** The customer's open ticket for the dedupe key, now one event more; or a new one. */
  async findOrOpen(m: EntityManager, c: CaseOpening, actor: CaseActor): Promise<CaseTicket> {
    await lockDedupeKey(m, c.customerId, c.dedupeKey);
    const open = await findOpenTicket(m, c.customerId, c.dedupeKey);
    if (!open) return { id: await this.open(m, c, actor), customerId: c.customerId, summaryEdited: false };
    await countEvent(m, open.id, higherSeverity((await loadTicket(m, open.id, null)).severity, c.severity));
    return { id: open.id, customerId: c.customerId, summaryEdited: open.client_summary_edited };
  }

  /** Links the event's CDRs, recomputes exposure and the untouched summary, and records the event. */
  async attachEvent(m: EntityManager, ticket: CaseTicket, e: AttachedEvent, actor: CaseActor): Promise<void> {
    const linked = await linkEvidence(m, ticket.id, ticket.customerId, e.evidence);
    await recomputeExposure(m, ticket.id);
    if (!ticket.summaryEdited) {
      await writeGeneratedSummary(m, ticket.id, await this.clientSummary(m, ticket.id, await e.facts()));
    }
    await writeTimeline(m, {
      ticketId: ticket.id,
      actor,
      type: 'detected_event',
      payload: { eventId: e.eventId, kind: e.kind, severity: e.severity, summary: e.summary, linkedCdrs: linked },
      visibility: 'internal',
    });
  }

  /**
   * A block event restricts what is not already restricted, as the system actor, through the one event path;
   * `placedBy` names who really placed them when it was not Tollgate (an upstream carrier).
   */
  async autoRestrict(
    m: EntityManager,
    ticketId: string,
    named: CanonicalRestriction[],
    placedBy?: string,
  ): Promise<AfterCommit> {
    const active = await activeRestrictions(m, ticketId);
    const missing = named.filter((r) => !active.some((a) => a.kind === r.kind && a.value === r.value));
    if (!missing.length) return NOTHING_AFTER_COMMIT;
    const ticket = await loadTicket(m, ticketId, null);
    try {
      const restrictions = missing.map(({ kind, value, reason, expiresAt }) => ({
        kind,
        value,
        reason,
        ...(expiresAt && { expiresAt }),
      }));
      const actor = placedBy ? { ...SYSTEM_ACTOR, name: placedBy } : SYSTEM_ACTOR;
      return await this.transitions.applyInTx(m, ticket, 'RESTRICT', { restrictions }, actor, ticket.version);
    } catch (e) {
      // Refused before any write (decide said no): record it and keep the event.
      if (!(e instanceof AppError)) throw e;
      this.logger.warn(`auto-restrict on ticket ${ticketId} refused: ${e.message}`);
      await writeTimeline(m, {
        ticketId,
        actor: SYSTEM_ACTOR,
        type: 'auto_restrict_refused',
        payload: { restrictions: missing, reason: e.message },
        visibility: 'internal',
      });
      return NOTHING_AFTER_COMMIT;
    }
  }

  /** An urgent or block case outside business hours pages on call by itself (ESCALATE as the system actor). */
  async autoEscalate(m: EntityManager, ticketId: string, reason: string): Promise<AfterCommit> {
    const ticket = await loadTicket(m, ticketId, null);
    if (ticket.escalation !== 'idle') return NOTHING_AFTER_COMMIT;
    try {
      return await this.transitions.applyInTx(m, ticket, 'ESCALATE', { reason }, SYSTEM_ACTOR, ticket.version);
    } catch (e) {
      // A closed case is not escalated: record nothing, keep the event.
      if (!(e instanceof AppError)) throw e;
      this.logger.warn(`auto-escalation of ticket ${ticketId} refused: ${e.message}`);
      return NOTHING_AFTER_COMMIT;
    }
  }

  afterCommit(a: AfterCommit): Promise<void> {
    return this.transitions.afterCommit(a);
  }

  private async open(m: EntityManager, c: CaseOpening, actor: CaseActor): Promise<string> {
    const id = await insertTicket(m, {
      customerId: c.customerId,
      title: c.summary.split('\n', 1)[0].slice(0, 300),
      kind: c.kind,
      severity: c.severity,
      dedupeKey: c.dedupeKey,
      snapshot: initialTicketSnapshot({ customerId: c.customerId }),
    });
    await startChecklist(m, id, c.kind);
    // A new block or urgent case reaches a technician at once, whatever the customer is told.
    if (URGENT_SEVERITIES.includes(c.severity)) {
      await this.mail.enqueue(m, id, [{ kind: 'technician_mail', reason: 'new_case', message: c.summary }]);
    }
    await writeTimeline(m, {
      ticketId: id,
      actor,
      type: 'opened',
      toState: 'detected',
      payload: { title: c.summary, kind: c.kind, severity: c.severity, dedupeKey: c.dedupeKey },
      visibility: 'customer',
    });
    return id;
  }

  /** The client summary from the ticket's first event, the seats it names or that placed calls, and the calls. */
  private async clientSummary(m: EntityManager, ticketId: string, events: CaseEventFacts): Promise<string> {
    const head = await exposureHead(m, ticketId);
    const groupIds = events.named.filter((r) => r.kind === 'group').map((r) => r.value);
    const seatIds = events.named.filter((r) => r.kind === 'seat').map((r) => r.value);
    // A transaction has one connection: these queries run one after another.
    const seats = await seatsOnCase(m, ticketId, head.customer_id, { groupIds, seatIds });
    const groups = await groupNames(m, head.customer_id, groupIds);
    const destinations = await destinationsByMinutes(m, ticketId);
    const seatGroup = seats.find((s) => s.named)?.group_name ?? undefined;
    return renderClientSummary({
      customerName: head.customer_name,
      accountCode: head.account_code,
      timezone: head.timezone,
      enterprise: groups[0] ?? (seatIds.length ? (seatGroup ?? head.customer_name) : head.customer_name),
      occurredAt: events.firstEvent?.occurredAt ?? new Date(),
      eventKind: events.firstEvent?.kind ?? null,
      seats: seats.map((s) => ({ name: s.name, did: s.did, extension: s.extension })),
      calls: head.exposure_calls,
      minutes: Number(head.exposure_minutes),
      cost: Number(head.exposure_cost),
      firstCallAt: head.first_call_at,
      lastCallAt: head.last_call_at,
      destinations,
    });
  }
}
