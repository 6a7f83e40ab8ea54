// The `tickets` table: loading a ticket and every write to it. Reads for lists, pages, mail and
// reports are in ticket-read-rows.ts.
import type { EntityManager } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import { notFound } from '../common/app-error.js';
import { TicketErrorCode } from '../common/error-codes.js';
import { returnedRows, type Sql } from '../common/sql.js';
import type { EventKind, Severity } from './case-kinds.js';
import { isNocStaff } from './ticket-machine.rules.js';
import type { CaseState, EscalationState, PersistedTicketSnapshot, TicketRole } from './ticket-machine.types.js';

/** Who acts on a case: a signed-in user, or `system` (detectors, email intake, timers). */
export interface CaseActor {
  id: string | null;
  role: TicketRole;
  name: string;
  customerId?: string | null;
}

/** The one system actor: detectors, email intake and timers act as it. */
export const SYSTEM_ACTOR: CaseActor = { id: null, role: 'system', name: 'Tollgate fraud detection' };

export function actorOf(p: Principal): CaseActor {
  return { id: p.id, role: p.role, name: p.name, customerId: p.customerId };
}

/** The machine's actor: the system actor gets a stable id since the envelope requires one. */
export function machineActor(a: CaseActor) {
  return { id: a.id ?? 'system', role: a.role, customerId: a.customerId ?? null };
}

export { isNocStaff };

export interface TicketRow {
  id: string;
  number: string;
  customer_id: string;
  title: string;
  kind: string;
  severity: Severity;
  dedupe_key: string;
  state: CaseState;
  escalation: EscalationState;
  snapshot: PersistedTicketSnapshot;
  version: number;
  owner_id: string | null;
}

/**
 * The ticket as the principal may see it: another customer's ticket is 404, exactly
 * like a missing one, so its existence is not revealed.
 */
export async function loadTicket(
  m: EntityManager,
  id: string,
  p: Principal | null,
  opts: { lock?: boolean } = {},
): Promise<TicketRow> {
  const scope = p ? scopeOf(p) : null;
  const [row] = await m.query(
    `SELECT id, number, customer_id, title, kind, severity, dedupe_key, state, escalation, snapshot, version, owner_id
       FROM tickets WHERE id = $1 AND ($2::uuid IS NULL OR customer_id = $2) ${opts.lock ? 'FOR UPDATE' : ''}`,
    [id, scope],
  );
  if (!row) throw notFound('Ticket', TicketErrorCode.NotFound);
  return row;
}

/** Serialises opening per (customer, dedupe key) until the transaction ends: two simultaneous events open one ticket. */
export async function lockDedupeKey(m: EntityManager, customerId: string, dedupeKey: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`${customerId}\n${dedupeKey}`]);
}

/** The customer's open ticket for the dedupe key, locked for the event that joins it. */
export async function findOpenTicket(
  m: EntityManager,
  customerId: string,
  dedupeKey: string,
): Promise<{ id: string; client_summary_edited: boolean } | undefined> {
  const [open] = await m.query(
    `SELECT id, client_summary_edited FROM tickets
      WHERE customer_id = $1 AND dedupe_key = $2 AND state NOT IN ('restrictions_lifted','dismissed')
      FOR UPDATE`,
    [customerId, dedupeKey],
  );
  return open;
}

export interface NewTicket {
  customerId: string;
  title: string;
  kind: EventKind;
  severity: Severity;
  dedupeKey: string;
  snapshot: PersistedTicketSnapshot;
}

/** A ticket as its first event opens it: `detected`, idle, one event. */
export async function insertTicket(m: EntityManager, t: NewTicket): Promise<string> {
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO tickets (customer_id, title, kind, severity, dedupe_key, state, escalation, snapshot, event_count)
     VALUES ($1, $2, $3, $4, $5, 'detected', 'idle', $6, 1) RETURNING id`,
    [t.customerId, t.title, t.kind, t.severity, t.dedupeKey, JSON.stringify(t.snapshot)],
  );
  return row.id;
}

/** One more event joined the ticket, at `severity` (the higher of the two). */
export async function countEvent(m: EntityManager, ticketId: string, severity: Severity): Promise<void> {
  await m.query(`UPDATE tickets SET severity = $2, event_count = event_count + 1, updated_at = now() WHERE id = $1`, [
    ticketId,
    severity,
  ]);
}

/** Exposure is always recomputed from the linked CDRs, so it never drifts from the evidence. */
export async function recomputeExposure(m: EntityManager, ticketId: string): Promise<void> {
  await m.query(
    `UPDATE tickets t
        SET exposure_calls = x.calls, exposure_minutes = x.minutes, exposure_cost = x.cost,
            first_call_at = x.first_at, last_call_at = x.last_at
       FROM (SELECT count(*)::int AS calls, coalesce(sum(c.billsec), 0) / 60.0 AS minutes,
                    coalesce(sum(c.cost), 0) AS cost, min(c.started_at) AS first_at,
                    max(coalesce(c.ended_at, c.started_at)) AS last_at
               FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
              WHERE tc.ticket_id = $1) x
      WHERE t.id = $1`,
    [ticketId],
  );
}

/** The client summary as generated from the evidence (not marked as edited). */
export async function writeGeneratedSummary(m: EntityManager, ticketId: string, clientSummary: string): Promise<void> {
  await m.query(`UPDATE tickets SET client_summary = $2 WHERE id = $1`, [ticketId, clientSummary]);
}

/** Any NOC action on a ticket (event, note, checklist) ends its time-to-acknowledge. */
export async function noteStaffAction(m: EntityManager, ticketId: string, a: CaseActor, at: Date): Promise<void> {
  if (!isNocStaff(a.role)) return;
  await m.query(`UPDATE tickets SET acknowledged_at = $2 WHERE id = $1 AND acknowledged_at IS NULL`, [ticketId, at]);
}

/** Who owns the case now (null: nobody). Not a lifecycle change: the version stays, so nobody's event goes stale. */
export async function setOwner(m: EntityManager, ticketId: string, ownerId: string | null, at: Date): Promise<void> {
  await m.query(`UPDATE tickets SET owner_id = $2, updated_at = $3 WHERE id = $1`, [ticketId, ownerId, at]);
}

/** A note or other work on the ticket moves it up the "recently updated" order. */
export async function touchTicket(m: EntityManager, ticketId: string, at: Date): Promise<void> {
  await m.query(`UPDATE tickets SET updated_at = $2 WHERE id = $1`, [ticketId, at]);
}

/** A technician's summary: from now on it is theirs, and new evidence no longer rewrites it. */
export async function writeEditedSummary(
  m: EntityManager,
  ticketId: string,
  clientSummary: string,
  at: Date,
): Promise<void> {
  await m.query(`UPDATE tickets SET client_summary = $2, client_summary_edited = true, updated_at = $3 WHERE id = $1`, [
    ticketId,
    clientSummary,
    at,
  ]);
}

/** One decided transition, as the lifecycle service writes it. */
export interface TransitionWrite {
  ticketId: string;
  expectedVersion: number;
  state: CaseState;
  escalation: EscalationState;
  snapshot: PersistedTicketSnapshot;
  closedAt: string | null;
  restrictedAt: string | null;
  /** NOC staff acted: the end of time-to-acknowledge. */
  byNocStaff: boolean;
  /** Leaving `restricted` stops the customer's waiting clock; entering it starts it. */
  leaving: boolean;
  entering: boolean;
  /** A RESTRICT's client summary; it marks the summary as edited. */
  clientSummary: string | null;
  at: Date;
}

/**
 * The versioned write: false when the ticket is no longer at `expectedVersion` (a concurrent writer
 * won). REOPEN next to a newer open ticket with the same dedupe key fails on `uq_ticket_open_dedupe`.
 */
export async function writeTransition(m: EntityManager, w: TransitionWrite): Promise<boolean> {
  const updated = await m.query(
    `UPDATE tickets SET state = $3, escalation = $4, snapshot = $5, version = version + 1, updated_at = $12,
            closed_at = $6::timestamptz,
            restricted_at = coalesce(restricted_at, $7::timestamptz),
            acknowledged_at = CASE WHEN acknowledged_at IS NULL AND $8 THEN $12 ELSE acknowledged_at END,
            waiting_seconds = waiting_seconds + CASE WHEN $9 AND waiting_since IS NOT NULL
                                THEN greatest(floor(extract(epoch FROM $12 - waiting_since)), 0)::int ELSE 0 END,
            waiting_since = CASE WHEN $10 THEN $12 WHEN $9 THEN NULL ELSE waiting_since END,
            client_summary = coalesce($11::text, client_summary),
            client_summary_edited = client_summary_edited OR $11::text IS NOT NULL
      WHERE id = $1 AND version = $2
      RETURNING version`,
    [
      w.ticketId,
      w.expectedVersion,
      w.state,
      w.escalation,
      JSON.stringify(w.snapshot),
      w.closedAt,
      w.restrictedAt,
      w.byNocStaff,
      w.leaving,
      w.entering,
      w.clientSummary,
      w.at,
    ],
  );
  return returnedRows(updated).length > 0;
}

/** The ticket's version and snapshot now (after a lost race), read inside the caller's transaction. */
export async function currentVersion(
  m: EntityManager,
  ticketId: string,
): Promise<{ version: number; snapshot: PersistedTicketSnapshot }> {
  const [now] = await m.query(`SELECT version, snapshot FROM tickets WHERE id = $1`, [ticketId]);
  return now;
}

/** Another open ticket of the customer with this dedupe key, if there is one. */
export async function otherOpenTicket(m: Sql, t: TicketRow): Promise<{ number: string } | undefined> {
  const [other]: { number: string }[] = await m.query(
    `SELECT number FROM tickets WHERE customer_id = $1 AND dedupe_key = $2
        AND state NOT IN ('restrictions_lifted','dismissed') AND id <> $3`,
    [t.customer_id, t.dedupe_key, t.id],
  );
  return other;
}

/** A ticket still waiting in `restricted` for the customer, locked, with the start of the current wait. */
export async function lockWaitingTicket(
  m: EntityManager,
  ticketId: string,
): Promise<{ id: string; last: Date } | undefined> {
  const [ticket] = returnedRows<{ id: string; last: Date }>(
    await m.query(
      `SELECT id, greatest(waiting_since, coalesce(reminded_at, waiting_since)) AS last
         FROM tickets t WHERE id = $1 AND state = 'restricted' AND waiting_since IS NOT NULL FOR UPDATE`,
      [ticketId],
    ),
  );
  return ticket;
}

export async function markReminded(m: EntityManager, ticketId: string, at: Date): Promise<void> {
  await m.query(`UPDATE tickets SET reminded_at = $2 WHERE id = $1`, [ticketId, at]);
}

/** Keeps an outside system's reference (an upstream carrier's ticket number) on the ticket, once. */
export async function addExternalRef(m: Sql, ticketId: string, ref: string): Promise<void> {
  await m.query(
    `UPDATE tickets SET external_refs = array_append(external_refs, $2)
      WHERE id = $1 AND NOT ($2 = ANY (external_refs))`,
    [ticketId, ref],
  );
}

/** The ticket with this number (`FRD-000123` is 123) and its customer; null when there is none. */
export async function ticketByNumber(m: Sql, n: number): Promise<{ id: string; customerId: string } | null> {
  const [row] = await m.query(`SELECT id, customer_id AS "customerId" FROM tickets WHERE number = $1`, [n]);
  return row ?? null;
}

/** The ticket's customer; null when there is no such ticket. */
export async function ticketCustomer(m: Sql, id: string): Promise<{ id: string; customerId: string } | null> {
  const [row] = await m.query(`SELECT id, customer_id AS "customerId" FROM tickets WHERE id = $1`, [id]);
  return row ?? null;
}
