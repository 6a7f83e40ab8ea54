// The `threshold_requests` table, all its SQL; and the reads of seats and groups a request names (the customer
// tables have no rows module yet: docs/architecture.md, "Not there yet").
import type { Sql } from '../common/sql.js';

export interface Thresholds {
  userCallThreshold?: number;
  userBlockThreshold?: number;
  groupCallThreshold?: number;
  groupBlockThreshold?: number;
}

export type RequestStatus = 'pending' | 'approved' | 'rejected';

export interface ThresholdRequestRow {
  id: string;
  ticketId: string;
  customerId: string;
  ruleId: string | null;
  scope: 'seat' | 'group';
  targetId: string;
  current: Thresholds;
  requested: Thresholds;
  reason: string;
  status: RequestStatus;
  appliedTo: string[];
  requestedBy: string | null;
  requestedByName: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decisionComment: string | null;
  createdAt: Date;
  decidedAt: Date | null;
}

const COLUMNS = `r.id, r.ticket_id AS "ticketId", r.customer_id AS "customerId", r.rule_id AS "ruleId", r.scope,
  r.target_id AS "targetId", r.current, r.requested, r.reason, r.status, r.applied_to AS "appliedTo",
  r.requested_by AS "requestedBy", rq.name AS "requestedByName", r.decided_by AS "decidedBy",
  dc.name AS "decidedByName", r.decision_comment AS "decisionComment", r.created_at AS "createdAt",
  r.decided_at AS "decidedAt"`;
const FROM = `threshold_requests r LEFT JOIN users rq ON rq.id = r.requested_by LEFT JOIN users dc ON dc.id = r.decided_by`;

export interface NewRequest {
  ticketId: string;
  customerId: string;
  ruleId: string | null;
  scope: 'seat' | 'group';
  targetId: string;
  current: Thresholds;
  requested: Thresholds;
  reason: string;
  requestedBy: string;
  at: Date;
}

export async function insertRequest(m: Sql, r: NewRequest): Promise<string> {
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO threshold_requests (ticket_id, customer_id, rule_id, scope, target_id, current, requested, reason,
                                     requested_by, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
    [
      r.ticketId,
      r.customerId,
      r.ruleId,
      r.scope,
      r.targetId,
      JSON.stringify(r.current),
      JSON.stringify(r.requested),
      r.reason,
      r.requestedBy,
      r.at,
    ],
  );
  return row.id;
}

export async function requestById(
  m: Sql,
  id: string,
  opts: { lock?: boolean } = {},
): Promise<ThresholdRequestRow | null> {
  const [r]: ThresholdRequestRow[] = await m.query(
    `SELECT ${COLUMNS} FROM ${FROM} WHERE r.id = $1 ${opts.lock ? 'FOR UPDATE OF r' : ''}`,
    [id],
  );
  return r ?? null;
}

export async function listRequests(
  m: Sql,
  f: { status?: RequestStatus; ticketId?: string; customerId?: string },
): Promise<ThresholdRequestRow[]> {
  return m.query(
    `SELECT ${COLUMNS} FROM ${FROM}
      WHERE ($1::text IS NULL OR r.status = $1) AND ($2::uuid IS NULL OR r.ticket_id = $2)
        AND ($3::uuid IS NULL OR r.customer_id = $3)
      ORDER BY r.created_at DESC, r.id LIMIT 200`,
    [f.status ?? null, f.ticketId ?? null, f.customerId ?? null],
  );
}

export async function decideRequest(
  m: Sql,
  d: { id: string; status: 'approved' | 'rejected'; appliedTo: string[]; by: string; comment: string | null; at: Date },
): Promise<void> {
  await m.query(
    `UPDATE threshold_requests SET status = $2, applied_to = $3, decided_by = $4, decision_comment = $5,
            decided_at = $6 WHERE id = $1 AND status = 'pending'`,
    [d.id, d.status, d.appliedTo, d.by, d.comment, d.at],
  );
}

/** The customer's seat by userId, and its group's externalId. */
export async function seatOf(
  m: Sql,
  customerId: string,
  userId: string,
): Promise<{ userId: string; groupExternalId: string | null } | null> {
  const [r] = await m.query(
    `SELECT s.user_id AS "userId", g.external_id AS "groupExternalId"
       FROM seats s LEFT JOIN customer_groups g ON g.id = s.group_id WHERE s.customer_id = $1 AND s.user_id = $2`,
    [customerId, userId],
  );
  return r ?? null;
}

/** The userIds of the group's seats now, or null when the customer has no such group. */
export async function seatsOfGroup(m: Sql, customerId: string, externalId: string): Promise<string[] | null> {
  const rows: { group_id: string; user_id: string | null }[] = await m.query(
    `SELECT g.id AS group_id, s.user_id FROM customer_groups g LEFT JOIN seats s ON s.group_id = g.id
      WHERE g.customer_id = $1 AND g.external_id = $2 ORDER BY s.user_id`,
    [customerId, externalId],
  );
  if (!rows.length) return null;
  return rows.flatMap((r) => (r.user_id ? [r.user_id] : []));
}
