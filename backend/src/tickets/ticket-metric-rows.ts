// Reads of `tickets` and `ticket_timeline` for case metrics (metrics/): the cases of a range and their timelines.
import type { Sql } from '../common/sql.js';
import { CLOSED_CASE_STATES } from './ticket-machine.types.js';

export interface MetricTicketRow {
  id: string;
  customerId: string;
  customerName: string;
  kind: string;
  openedAt: Date;
  firstCallAt: Date | null;
  lastCallAt: Date | null;
  exposureCost: string;
}

export interface MetricTimelineRow {
  ticketId: string;
  type: string;
  actorRole: string;
  fromState: string | null;
  toState: string | null;
  at: Date;
}

/** The tickets opened in [from, to), and those closed in it (a closing is entering a closed state). */
export async function metricTickets(
  m: Sql,
  from: Date,
  to: Date,
): Promise<{ tickets: MetricTicketRow[]; closings: { ticketId: string; at: Date }[] }> {
  const closings: { ticketId: string; at: Date }[] = await m.query(
    `SELECT ticket_id AS "ticketId", at FROM ticket_timeline
      WHERE at >= $1 AND at < $2 AND to_state = ANY($3::text[]) AND from_state IS DISTINCT FROM to_state`,
    [from, to, CLOSED_CASE_STATES],
  );
  const tickets: MetricTicketRow[] = await m.query(
    `SELECT t.id, t.customer_id AS "customerId", c.name AS "customerName", t.kind, t.opened_at AS "openedAt",
            t.first_call_at AS "firstCallAt", t.last_call_at AS "lastCallAt", t.exposure_cost AS "exposureCost"
       FROM tickets t JOIN customers c ON c.id = t.customer_id
      WHERE (t.opened_at >= $1 AND t.opened_at < $2) OR t.id = ANY($3::uuid[])`,
    [from, to, [...new Set(closings.map((c) => c.ticketId))]],
  );
  return { tickets, closings };
}

export async function metricTimelines(m: Sql, ticketIds: readonly string[]): Promise<MetricTimelineRow[]> {
  if (!ticketIds.length) return [];
  return m.query(
    `SELECT ticket_id AS "ticketId", type, actor_role AS "actorRole", from_state AS "fromState",
            to_state AS "toState", at
       FROM ticket_timeline WHERE ticket_id = ANY($1::uuid[]) ORDER BY ticket_id, id`,
    [ticketIds],
  );
}

/** Open cases by state and escalations by state, for the Prometheus gauges. */
export async function liveCaseCounts(m: Sql): Promise<{ state: string; escalation: string; n: number }[]> {
  return m.query(
    `SELECT state, escalation, count(*)::int AS n FROM tickets
      WHERE state <> ALL($1::text[]) GROUP BY state, escalation`,
    [CLOSED_CASE_STATES],
  );
}
