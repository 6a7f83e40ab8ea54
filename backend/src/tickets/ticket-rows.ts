import type { EntityManager } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import { notFound } from '../common/app-error.js';
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
    `SELECT id, number, customer_id, title, kind, severity, dedupe_key, state, escalation, snapshot, version
       FROM tickets WHERE id = $1 AND ($2::uuid IS NULL OR customer_id = $2) ${opts.lock ? 'FOR UPDATE' : ''}`,
    [id, scope],
  );
  if (!row) throw notFound('Ticket');
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

/** The ticket's customer and exposure, as the client summary states them. */
export interface SummaryHead {
  customer_id: string;
  name: string;
  account_code: string;
  timezone: string;
  exposure_calls: number;
  exposure_minutes: string;
  exposure_cost: string;
  first_call_at: Date | null;
  last_call_at: Date | null;
}

export async function summaryHead(m: EntityManager, ticketId: string): Promise<SummaryHead> {
  const [head] = await m.query(
    `SELECT c.id AS customer_id, c.name, c.account_code, c.timezone, t.exposure_calls, t.exposure_minutes,
            t.exposure_cost, t.first_call_at, t.last_call_at
       FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $1`,
    [ticketId],
  );
  return head;
}

/** The client summary as generated from the evidence (not marked as edited). */
export async function writeGeneratedSummary(m: EntityManager, ticketId: string, clientSummary: string): Promise<void> {
  await m.query(`UPDATE tickets SET client_summary = $2 WHERE id = $1`, [ticketId, clientSummary]);
}

export interface TimelineEntryInput {
  ticketId: string;
  actor: CaseActor;
  type: string;
  fromState?: string | null;
  toState?: string | null;
  payload?: Record<string, unknown>;
  visibility: 'internal' | 'customer';
  /** When it happened, from the app's clock; the database's now() when omitted. */
  at?: Date;
}

export interface WrittenTimelineEntry {
  id: string;
  type: string;
  visibility: 'internal' | 'customer';
  payload: Record<string, unknown>;
  at: Date;
}

/** Appends one entry and returns that row (never "the latest", which a concurrent writer may own). */
export async function writeTimeline(m: EntityManager, e: TimelineEntryInput): Promise<WrittenTimelineEntry> {
  const [row] = await m.query(
    `INSERT INTO ticket_timeline (ticket_id, actor_id, actor_role, actor_name, type, from_state, to_state, payload, visibility, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10::timestamptz, now()))
     RETURNING id::text, type, visibility, payload, at`,
    [
      e.ticketId,
      e.actor.id,
      e.actor.role,
      e.actor.name,
      e.type,
      e.fromState ?? null,
      e.toState ?? null,
      JSON.stringify(e.payload ?? {}),
      e.visibility,
      e.at ?? null,
    ],
  );
  return row;
}

/** Any NOC action on a ticket (event, note, checklist) ends its time-to-acknowledge. */
export async function noteStaffAction(m: EntityManager, ticketId: string, a: CaseActor): Promise<void> {
  if (!isNocStaff(a.role)) return;
  await m.query(`UPDATE tickets SET acknowledged_at = now() WHERE id = $1 AND acknowledged_at IS NULL`, [ticketId]);
}

/** node-postgres via TypeORM hands UPDATE/DELETE ... RETURNING back as `[rows, count]`. */
export function returnedRows<T = any>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}
