import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { foldAccountCode } from '../common/account-code.js';
import { AppError, badInput } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { type EventKind, higherSeverity, type Severity } from '../tickets/case-kinds.js';
import {
  type CanonicalRestriction,
  canonicalRestrictions,
  type RestrictionInput,
} from '../restrictions/restriction-values.js';
import { activeRestrictions } from '../restrictions/restriction-rows.js';
import { initialTicketSnapshot } from '../tickets/ticket.machine.js';
import { type CaseActor, loadTicket, SYSTEM_ACTOR, type TicketRow, writeTimeline } from '../tickets/ticket-rows.js';
import {
  type AfterCommit,
  NOTHING_AFTER_COMMIT,
  TicketTransitionsService,
} from '../tickets/ticket-transitions.service.js';
import { type EvidenceRef, generateClientSummary, linkEvidence, recomputeExposure } from './case-evidence.js';
import { EVENT_COLUMNS, type DetectedEvent } from './event-view.js';

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
}

/** Where an event came from, kept on the row. */
export type EventSource = 'api' | 'detector' | 'email';

/**
 * Turns detected events into cases: attach to the customer's open ticket with the same
 * dedupe key or open one, link the evidence, and auto-restrict for block-severity events.
 */
@Injectable()
export class CaseService {
  private readonly logger = new Logger(CaseService.name);

  constructor(
    private readonly db: DataSource,
    private readonly transitions: TicketTransitionsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async ingest(input: DetectedEventInput, actor: CaseActor, source: EventSource = 'api'): Promise<DetectedEvent> {
    const customerId = await this.resolveCustomer(input);
    const evidence = this.evidenceWindow(input);
    if (input.restrictions?.some((r) => r.confirmBroad)) {
      throw badInput(['confirmBroad is for an admin RESTRICT on the ticket, not for detected events']);
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

    let after: AfterCommit = NOTHING_AFTER_COMMIT;
    const eventId = await this.db.transaction(async (m) => {
      // Serialises ingest per (customer, dedupe key): two simultaneous events open one ticket.
      await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${customerId}\n${dedupeKey}`]);
      const [open] = await m.query(
        `SELECT id, client_summary_edited FROM tickets
          WHERE customer_id = $1 AND dedupe_key = $2 AND state NOT IN ('restrictions_lifted','dismissed')
          FOR UPDATE`,
        [customerId, dedupeKey],
      );
      const ticketId: string = open?.id ?? (await this.openTicket(m, customerId, dedupeKey, input, actor));
      if (open) {
        await m.query(
          `UPDATE tickets SET severity = $2, event_count = event_count + 1, updated_at = now() WHERE id = $1`,
          [ticketId, higherSeverity((await loadTicket(m, ticketId, null)).severity, input.severity)],
        );
      }
      const [{ id }] = await m.query(
        `INSERT INTO detected_events (customer_id, ticket_id, kind, severity, dedupe_key, summary, details, evidence,
                                      restrictions, source, created_by, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
        [
          customerId,
          ticketId,
          input.kind,
          input.severity,
          dedupeKey,
          input.summary,
          JSON.stringify(input.details ?? {}),
          JSON.stringify(evidence ?? {}),
          JSON.stringify(restrictions.map(({ kind, value }) => ({ kind, value }))),
          source,
          actor.id,
          input.occurredAt,
        ],
      );
      const linked = await linkEvidence(m, ticketId, customerId, evidence);
      await recomputeExposure(m, ticketId);
      // A summary a technician edited is theirs; an untouched one follows the evidence.
      if (!open?.client_summary_edited) {
        await m.query(`UPDATE tickets SET client_summary = $2 WHERE id = $1`, [
          ticketId,
          await generateClientSummary(m, ticketId),
        ]);
      }
      await writeTimeline(m, {
        ticketId,
        actor,
        type: 'detected_event',
        payload: {
          eventId: id,
          kind: input.kind,
          severity: input.severity,
          summary: input.summary,
          linkedCdrs: linked,
        },
        visibility: 'internal',
      });
      if (input.severity === 'block' && restrictions.length) {
        after = await this.autoRestrict(m, ticketId, restrictions);
      }
      return id as string;
    });
    await this.transitions.afterCommit(after);
    const [row] = await this.db.query(`SELECT ${EVENT_COLUMNS} FROM detected_events e WHERE e.id = $1`, [eventId]);
    return row;
  }

  private async resolveCustomer(input: DetectedEventInput): Promise<string> {
    if (!input.customerId && !input.accountCode) throw badInput('customerId or accountCode is required');
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
      );
    }
    return c.id;
  }

  private evidenceWindow(input: DetectedEventInput): EvidenceRef | undefined {
    const e = input.evidence;
    if (!e) return undefined;
    if (e.to && !e.from) throw badInput('evidence.from is required with evidence.to');
    // An open window ends when the traffic was seen.
    const to = e.from ? (e.to ?? input.occurredAt) : undefined;
    if (e.from && to && Date.parse(e.from) > Date.parse(to))
      throw badInput('evidence.from must not be after evidence.to');
    return { ...(e.cdrIds?.length && { cdrIds: e.cdrIds }), ...(e.from && { from: e.from, to }) };
  }

  private async openTicket(
    m: EntityManager,
    customerId: string,
    dedupeKey: string,
    input: DetectedEventInput,
    actor: CaseActor,
  ): Promise<string> {
    const snapshot = initialTicketSnapshot({ customerId });
    const [t] = await m.query(
      `INSERT INTO tickets (customer_id, title, kind, severity, dedupe_key, state, escalation, snapshot, event_count)
       VALUES ($1, $2, $3, $4, $5, 'detected', 'idle', $6, 1) RETURNING id`,
      [
        customerId,
        input.summary.split('\n', 1)[0].slice(0, 300),
        input.kind,
        input.severity,
        dedupeKey,
        JSON.stringify(snapshot),
      ],
    );
    await m.query(
      `INSERT INTO ticket_checklist_items (ticket_id, position, item)
       SELECT $1, x.ord, x.item FROM checklist_templates, jsonb_array_elements_text(items) WITH ORDINALITY AS x(item, ord)
        WHERE kind = $2`,
      [t.id, input.kind],
    );
    await writeTimeline(m, {
      ticketId: t.id,
      actor,
      type: 'opened',
      toState: 'detected',
      payload: { title: input.summary, kind: input.kind, severity: input.severity, dedupeKey },
      visibility: 'customer',
    });
    return t.id;
  }

  /** A block event restricts what is not already restricted, as the system actor, through the one event path. */
  private async autoRestrict(m: EntityManager, ticketId: string, named: CanonicalRestriction[]): Promise<AfterCommit> {
    const active = await activeRestrictions(m, ticketId);
    const missing = named.filter((r) => !active.some((a) => a.kind === r.kind && a.value === r.value));
    if (!missing.length) return NOTHING_AFTER_COMMIT;
    const ticket: TicketRow = await loadTicket(m, ticketId, null);
    try {
      const restrictions = missing.map(({ kind, value, reason }) => ({ kind, value, reason }));
      return await this.transitions.applyInTx(m, ticket, 'RESTRICT', { restrictions }, SYSTEM_ACTOR, ticket.version);
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
}
