// The on-call tables: `oncall_setup` (one row), `escalations` and `escalation_pages`. All their SQL.
import { returnedRows, type Sql } from '../common/sql.js';
import type { OnCallSetup } from './rota.js';

export interface SetupRow {
  setup: OnCallSetup;
  updated_at: Date;
}

export async function loadSetup(m: Sql): Promise<SetupRow | null> {
  const [r]: SetupRow[] = await m.query(`SELECT setup, updated_at FROM oncall_setup WHERE id = 1`);
  return r ?? null;
}

export async function saveSetup(m: Sql, setup: OnCallSetup, by: string, at: Date): Promise<void> {
  await m.query(
    `INSERT INTO oncall_setup (id, setup, updated_by, updated_at) VALUES (1, $1, $2, $3)
     ON CONFLICT (id) DO UPDATE SET setup = EXCLUDED.setup, updated_by = EXCLUDED.updated_by,
                                    updated_at = EXCLUDED.updated_at`,
    [JSON.stringify(setup), by, at],
  );
}

export interface EscalationRow {
  id: string;
  ticket_id: string;
  ticket_number: string;
  ticket_title: string;
  severity: string;
  reason: string | null;
  setup: OnCallSetup;
  started_at: Date;
  level: number;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  ended_at: Date | null;
}

export interface NewEscalation {
  ticketId: string;
  ticketNumber: string;
  ticketTitle: string;
  severity: string;
  reason: string | null;
  setup: OnCallSetup;
  at: Date;
}

/** A new escalation of the ticket (any one still open is ended first: one open escalation per ticket). */
export async function startEscalation(m: Sql, e: NewEscalation): Promise<EscalationRow> {
  await endEscalation(m, e.ticketId, e.at);
  const [row]: EscalationRow[] = await m.query(
    `INSERT INTO escalations (ticket_id, ticket_number, ticket_title, severity, reason, setup, started_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [e.ticketId, e.ticketNumber, e.ticketTitle, e.severity, e.reason, JSON.stringify(e.setup), e.at],
  );
  return row;
}

/** The ticket's open escalation, locked for the page being sent. */
export async function openEscalation(m: Sql, ticketId: string): Promise<EscalationRow | null> {
  const [r]: EscalationRow[] = await m.query(
    `SELECT * FROM escalations WHERE ticket_id = $1 AND ended_at IS NULL FOR UPDATE`,
    [ticketId],
  );
  return r ?? null;
}

export async function setEscalationLevel(m: Sql, id: string, level: number): Promise<void> {
  await m.query(`UPDATE escalations SET level = $2 WHERE id = $1`, [id, level]);
}

export async function markAcknowledged(m: Sql, ticketId: string, by: string | null, at: Date): Promise<void> {
  await m.query(
    `UPDATE escalations SET acknowledged_at = $3, acknowledged_by = $2 WHERE ticket_id = $1 AND ended_at IS NULL`,
    [ticketId, by, at],
  );
}

export async function endEscalation(m: Sql, ticketId: string, at: Date): Promise<void> {
  await m.query(`UPDATE escalations SET ended_at = $2 WHERE ticket_id = $1 AND ended_at IS NULL`, [ticketId, at]);
}

export interface PageRow {
  escalation_id: string;
  level: number;
  user_id: string;
  user_name: string;
  user_email: string;
  paged_at: Date;
}

export async function insertPages(
  m: Sql,
  escalationId: string,
  level: number,
  pages: { userId: string; name: string; email: string; tokenHash: Buffer }[],
  at: Date,
): Promise<void> {
  if (!pages.length) return;
  await m.query(
    `INSERT INTO escalation_pages (escalation_id, level, user_id, user_name, user_email, ack_token_hash, paged_at)
     SELECT $1::uuid, $2::int, * FROM unnest($3::uuid[], $4::text[], $5::text[], $6::bytea[]), (SELECT $7::timestamptz)`,
    [
      escalationId,
      level,
      pages.map((p) => p.userId),
      pages.map((p) => p.name),
      pages.map((p) => p.email),
      pages.map((p) => p.tokenHash),
      at,
    ],
  );
}

/** The page an acknowledge link was sent with, and its escalation's ticket. */
export async function pageByToken(
  m: Sql,
  tokenHash: Buffer,
): Promise<(PageRow & { ticket_id: string; ended_at: Date | null }) | null> {
  const [r] = await m.query(
    `SELECT p.escalation_id, p.level, p.user_id, p.user_name, p.user_email, p.paged_at, e.ticket_id, e.ended_at
       FROM escalation_pages p JOIN escalations e ON e.id = p.escalation_id
      WHERE p.ack_token_hash = $1`,
    [tokenHash],
  );
  return r ?? null;
}

export async function pagesOf(m: Sql, escalationIds: readonly string[]): Promise<PageRow[]> {
  if (!escalationIds.length) return [];
  return m.query(
    `SELECT escalation_id, level, user_id, user_name, user_email, paged_at FROM escalation_pages
      WHERE escalation_id = ANY($1::uuid[]) ORDER BY paged_at, level, user_name`,
    [escalationIds],
  );
}

/** Open escalations (newest first), or the latest escalation of each given ticket. */
export async function listEscalations(m: Sql, q: { open?: boolean; ticketIds?: string[] }): Promise<EscalationRow[]> {
  if (q.ticketIds) {
    return returnedRows<EscalationRow>(
      await m.query(
        `SELECT DISTINCT ON (ticket_id) * FROM escalations WHERE ticket_id = ANY($1::uuid[])
          ORDER BY ticket_id, started_at DESC`,
        [q.ticketIds],
      ),
    );
  }
  return m.query(
    `SELECT * FROM escalations WHERE ($1::boolean IS NOT TRUE OR ended_at IS NULL) ORDER BY started_at DESC LIMIT 200`,
    [q.open ?? null],
  );
}
