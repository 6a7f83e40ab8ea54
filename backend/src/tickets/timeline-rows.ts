// The `ticket_timeline` table: append-only (a trigger refuses UPDATE and DELETE).
import type { Sql } from '../common/sql.js';
import type { TimelineEntry } from './ticket-timeline.js';
import type { CaseActor } from './ticket-rows.js';

const TIMELINE_COLUMNS = `id::text, ticket_id AS "ticketId", type,
  json_build_object('id', actor_id, 'role', actor_role, 'name', actor_name) AS actor,
  from_state AS "fromState", to_state AS "toState", payload, visibility, at`;

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
export async function writeTimeline(m: Sql, e: TimelineEntryInput): Promise<WrittenTimelineEntry> {
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

/** Oldest first, after the entry `afterId`; only customer-visible entries when `customerOnly`. */
export function timelinePage(
  m: Sql,
  ticketId: string,
  q: { customerOnly: boolean; afterId: string | number | null; limit: number },
): Promise<TimelineEntry[]> {
  return m.query(
    `SELECT ${TIMELINE_COLUMNS} FROM ticket_timeline
      WHERE ticket_id = $1 AND ($2::boolean IS FALSE OR visibility = 'customer') AND ($3::bigint IS NULL OR id > $3)
      ORDER BY id LIMIT $4`,
    [ticketId, q.customerOnly, q.afterId, q.limit],
  );
}

/** The whole timeline, oldest first (for the report). */
export function wholeTimeline(m: Sql, ticketId: string, customerOnly: boolean): Promise<TimelineEntry[]> {
  return m.query(
    `SELECT ${TIMELINE_COLUMNS} FROM ticket_timeline
      WHERE ticket_id = $1 AND ($2::boolean IS FALSE OR visibility = 'customer') ORDER BY id`,
    [ticketId, customerOnly],
  );
}

/** The case states that carry an outcome: fraud confirmed, charges accepted as legitimate, or dismissed. */
export const OUTCOME_STATES = ['source_removed', 'charges_accepted', 'dismissed'] as const;
export type OutcomeState = (typeof OUTCOME_STATES)[number];

/**
 * Of these tickets, the latest outcome state each went through (a later lift or reopen keeps it); tickets that
 * never reached one are absent.
 */
export async function caseOutcomes(m: Sql, ticketIds: readonly string[]): Promise<Map<string, OutcomeState>> {
  if (!ticketIds.length) return new Map();
  const rows: { ticketId: string; state: OutcomeState }[] = await m.query(
    `SELECT DISTINCT ON (ticket_id) ticket_id AS "ticketId", to_state AS state FROM ticket_timeline
      WHERE ticket_id = ANY($1::uuid[]) AND to_state = ANY($2::text[])
      ORDER BY ticket_id, id DESC`,
    [ticketIds, OUTCOME_STATES],
  );
  return new Map(rows.map((r) => [r.ticketId, r.state]));
}
