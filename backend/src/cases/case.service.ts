import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { foldAccountCode } from '../common/account-code.js';
import { badInput } from '../common/app-error.js';
import { DetectedEventErrorCode, RestrictionErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { canonicalRestrictions, type RestrictionInput } from '../restrictions/restriction-values.js';
import type { EventKind, Severity } from '../tickets/case-kinds.js';
import type { EvidenceRef } from '../tickets/evidence-rows.js';
import { TicketIntakeService } from '../tickets/ticket-intake.service.js';
import { type CaseActor, SYSTEM_ACTOR } from '../tickets/ticket-rows.js';
import { type AfterCommit, bothAfterCommit, NOTHING_AFTER_COMMIT } from '../tickets/ticket-transitions.service.js';
import { Clock } from '../common/clock.js';
import { OnCallService } from '../oncall/oncall.service.js';
import { inBusinessHours } from '../oncall/rota.js';
import { eventById, eventFacts, insertEvent, ruleEventId } from './event-rows.js';
import type { DetectedEvent, EventSource } from './event-view.js';

/** A detected event as detectors, email intake and `POST /api/events` hand it over. */
export interface DetectedEventInput {
  customerId?: string;
  accountCode?: string;
  kind: EventKind;
  severity: Severity;
  dedupeKey?: string;
  summary: string;
  details?: Record<string, unknown>;
  occurredAt: string;
  evidence?: EvidenceRef;
  restrictions?: RestrictionInput[];
  /** The detection rule that raised it: the rule raises one event per dedupe key, severity and window end. */
  ruleId?: string;
  /** A shadow rule's event: stored and listed, but it opens no ticket and restricts nothing. */
  shadow?: boolean;
  /** What within its case the event is about, when a rule raises several per case (e.g. each destination). */
  subject?: string;
  /** Who placed the block's restrictions when someone else did (an upstream carrier); default: Tollgate. */
  restrictedBy?: string;
}

/** A detector's event as it was stored on a ticket. */
export interface RaisedEvent {
  id: string;
  ticketId: string;
  customerId: string;
  kind: EventKind;
  severity: Severity;
  summary: string;
  occurredAt: string;
}

/**
 * Told of each new event a detector raised on a ticket (not shadow, not a repeat), in the transaction that stored
 * it (so what it writes, such as an alert mail, exists if and only if the event does); it may return work for
 * after the commit.
 */
export type RaisedEventListener = (m: EntityManager, event: RaisedEvent) => Promise<void | (() => void)>;

/**
 * Turns detected events into cases. It orchestrates only: tickets finds the customer's open ticket
 * with the same dedupe key or opens one, the event is stored and attached to it, and a block-severity
 * event asks tickets to auto-restrict.
 */
@Injectable()
export class CaseService {
  private readonly listeners: RaisedEventListener[] = [];

  constructor(
    private readonly db: DataSource,
    private readonly tickets: TicketIntakeService,
    private readonly oncall: OnCallService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Detection's alert mail listens here (cases/ knows nothing of alert settings). */
  onRaised(listener: RaisedEventListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }

  /** A detector's event, acted on by the system actor (its block restricts as Tollgate fraud detection). */
  raise(input: DetectedEventInput, source: Exclude<EventSource, 'api'>): Promise<DetectedEvent> {
    return this.ingest(input, SYSTEM_ACTOR, source);
  }

  async ingest(input: DetectedEventInput, actor: CaseActor, source: EventSource = 'api'): Promise<DetectedEvent> {
    const customerId = await this.resolveCustomer(input);
    const evidence = this.evidenceWindow(input);
    if (input.restrictions?.some((r) => r.confirmBroad)) {
      throw badInput(
        ['confirmBroad is for an admin RESTRICT on the ticket, not for detected events'],
        RestrictionErrorCode.ValueInvalid,
      );
    }
    // The event says why: its summary is the reason of IP restrictions beyond the customer's addresses.
    const restrictions = input.restrictions?.length
      ? await canonicalRestrictions(this.db.manager, customerId, input.restrictions, {
          actorRole: actor.role,
          minPrefixV4: this.config.restrictionMinPrefixV4,
          minPrefixV6: this.config.restrictionMinPrefixV6,
          defaultReason: `${input.kind} event: ${input.summary.split('\n', 1)[0].slice(0, 300)}`,
        })
      : [];
    const dedupeKey = input.dedupeKey?.trim() || input.kind;
    const { kind, severity, summary, ruleId } = input;
    const subject = input.subject ?? '';
    const row = {
      customerId,
      kind,
      severity,
      dedupeKey,
      summary,
      details: input.details ?? {},
      evidence: evidence ?? {},
      restrictions: restrictions.map(({ kind, value }) => ({ kind, value })),
      source,
      createdBy: actor.id,
      occurredAt: input.occurredAt,
      ruleId: ruleId ?? null,
      shadow: input.shadow ?? false,
      subject,
    };
    // A rule's event raised before (the same window seen again) is answered as it is, changing nothing.
    const raised = ruleId ? await ruleEventId(this.db, ruleId, dedupeKey, subject, severity, input.occurredAt) : null;
    if (raised) return eventById(this.db, raised);
    if (row.shadow) {
      const id = await insertEvent(this.db, { ...row, ticketId: null });
      return eventById(
        this.db,
        id ?? (await ruleEventId(this.db, ruleId!, dedupeKey, subject, severity, input.occurredAt))!,
      );
    }

    let after: AfterCommit = NOTHING_AFTER_COMMIT;
    const afterListeners: (() => void)[] = [];
    const eventId = await this.db
      .transaction(async (m) => {
        const ticket = await this.tickets.findOrOpen(m, { customerId, dedupeKey, kind, severity, summary }, actor);
        const id = await insertEvent(m, { ...row, ticketId: ticket.id });
        if (!id) throw new AlreadyRaised();
        const facts = () => eventFacts(m, ticket.id);
        await this.tickets.attachEvent(m, ticket, { eventId: id, kind, severity, summary, evidence, facts }, actor);
        if (severity === 'block' && restrictions.length) {
          after = await this.tickets.autoRestrict(m, ticket.id, restrictions, input.restrictedBy);
        }
        if ((severity === 'urgent' || severity === 'block') && (await this.afterHours())) {
          const reason = `${severity} case outside business hours: ${summary.split('\n', 1)[0].slice(0, 300)}`;
          after = bothAfterCommit(after, await this.tickets.autoEscalate(m, ticket.id, reason));
        }
        if (source === 'detector' || source === 'realtime') {
          const raised = { id, ticketId: ticket.id, customerId, kind, severity, summary, occurredAt: input.occurredAt };
          for (const listener of this.listeners) {
            const then = await listener(m, raised);
            if (then) afterListeners.push(then);
          }
        }
        return id;
      })
      .catch(async (err: unknown) => {
        // Raised at the same moment by another import: that one's event stands, this transaction rolled back.
        if (!(err instanceof AlreadyRaised)) throw err;
        return (await ruleEventId(this.db, ruleId!, dedupeKey, subject, severity, input.occurredAt))!;
      });
    await this.tickets.afterCommit(after);
    for (const then of afterListeners) then();
    return eventById(this.db, eventId);
  }

  /** Outside the on-call team's business hours (never before an admin saved the on-call setup). */
  private async afterHours(): Promise<boolean> {
    const setup = await this.oncall.savedSetup();
    return setup !== null && !inBusinessHours(setup, this.clock.now().getTime());
  }

  private async resolveCustomer(input: DetectedEventInput): Promise<string> {
    if (!input.customerId && !input.accountCode)
      throw badInput('customerId or accountCode is required', DetectedEventErrorCode.CustomerUnknown);
    const [c] = await this.db.query(
      `SELECT id, account_code FROM customers
        WHERE ($1::uuid IS NULL OR id = $1) AND ($2::text IS NULL OR lower(account_code) = $2)`,
      [input.customerId ?? null, input.accountCode ? foldAccountCode(input.accountCode) : null],
    );
    if (!c) {
      throw badInput(
        input.customerId && input.accountCode
          ? `customerId and accountCode do not name the same customer`
          : input.customerId
            ? `customerId ${input.customerId} is not a customer`
            : `accountCode ${input.accountCode} is not a customer's account code`,
        DetectedEventErrorCode.CustomerUnknown,
      );
    }
    return c.id;
  }

  private evidenceWindow(input: DetectedEventInput): EvidenceRef | undefined {
    const e = input.evidence;
    if (!e) return undefined;
    if (e.to && !e.from)
      throw badInput('evidence.from is required with evidence.to', DetectedEventErrorCode.EvidenceInvalid);
    // An open window ends when the traffic was seen.
    const to = e.from ? (e.to ?? input.occurredAt) : undefined;
    if (e.from && to && Date.parse(e.from) > Date.parse(to))
      throw badInput('evidence.from must not be after evidence.to', DetectedEventErrorCode.EvidenceInvalid);
    return { ...(e.cdrIds?.length && { cdrIds: e.cdrIds }), ...(e.from && { from: e.from, to }) };
  }
}

/** Rolls back an ingest whose rule event was stored meanwhile by a concurrent run. */
class AlreadyRaised extends Error {}
