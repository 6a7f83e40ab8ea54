import type { EntityManager } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import { notFound } from '../common/app-error.js';
import { TicketErrorCode } from '../common/error-codes.js';
import type { Severity } from './case-kinds.js';
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
  if (!row) throw notFound('Ticket', TicketErrorCode.NotFound);
  return row;
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
