// The `restrictions` table: every read and write of it is here. Rows are never deleted and a lift
// is one-way (active → lifted), which the blocklist's version counts on.
import { returnedRows, type Sql } from '../common/sql.js';
import type { RestrictionKind, RestrictionSpec } from './restriction-kinds.js';
import type { CoveredCustomer } from './ip-restriction-scope.js';
import type { CanonicalRestriction } from './restriction-values.js';

/** Who placed or lifted restrictions; `id` is null for the system actor. */
export interface RestrictionActor {
  id: string | null;
  name: string;
}

/** Where restrictions are placed: the ticket, its customer, and how the blocklist names it (`FRD-000123`). */
export interface RestrictionPlacement {
  ticketId: string;
  customerId: string;
  source: string;
}

/** A ticket's restriction as the API shows it; `reason` and `covers` only for the NOC. */
export interface RestrictionView {
  id: string;
  kind: RestrictionKind;
  value: string;
  status: 'active' | 'lifted';
  createdBy: string;
  createdAt: Date;
  liftedBy: string | null;
  liftedAt: Date | null;
  /** When a timer lifts it; null when permanent. */
  expiresAt: Date | null;
  reason?: string | null;
  covers?: CoveredCustomer[];
}

/** One active restriction as the blocklist loads it. */
export interface RestrictionBlock extends RestrictionSpec {
  /** The customer the block applies to; null for an IP, which is blocked for everyone. */
  customerId: string | null;
  accountCode: string;
  source: string;
  ticketId: string;
  expiresAt: string | null;
}

/** Inserts what is not already active on the ticket (the partial unique index says so); returns what was added. */
export async function placeRestrictions(
  m: Sql,
  at: RestrictionPlacement,
  list: CanonicalRestriction[],
  by: RestrictionActor,
  now: Date,
): Promise<RestrictionSpec[]> {
  if (!list.length) return [];
  return m.query(
    `INSERT INTO restrictions (ticket_id, customer_id, kind, value, reason, covers, created_by, created_by_name, created_at,
                               source, expires_at)
     SELECT $1, $2, r.kind, r.value, r.reason, r.covers, $3, $4, $6, $7, r."expiresAt"
       FROM jsonb_to_recordset($5) AS r(kind text, value text, reason text, covers jsonb, "expiresAt" timestamptz)
     ON CONFLICT (ticket_id, kind, value) WHERE status = 'active' DO NOTHING
     RETURNING kind, value`,
    [at.ticketId, at.customerId, by.id, by.name, JSON.stringify(list), now, at.source],
  );
}

/** A restriction that ends by itself, as its timer reads it. */
export interface ExpiringRestriction extends RestrictionSpec {
  id: string;
  ticketId: string;
  expiresAt: Date;
}

/**
 * Sets a new expiry on restrictions already active on the ticket (null: permanent); returns those that changed.
 * Placing an active restriction again is how a technician makes it permanent or moves its end.
 */
export async function retimeRestrictions(
  m: Sql,
  ticketId: string,
  list: readonly CanonicalRestriction[],
): Promise<(RestrictionSpec & { expiresAt: Date | null })[]> {
  if (!list.length) return [];
  return returnedRows(
    await m.query(
      `UPDATE restrictions x SET expires_at = r."expiresAt", retimes = x.retimes + 1
         FROM jsonb_to_recordset($2) AS r(kind text, value text, "expiresAt" timestamptz)
        WHERE x.ticket_id = $1 AND x.status = 'active' AND x.kind = r.kind AND x.value = r.value
          AND x.expires_at IS DISTINCT FROM r."expiresAt"
        RETURNING x.kind, x.value, x.expires_at AS "expiresAt"`,
      [ticketId, JSON.stringify(list)],
    ),
  );
}

/** The ticket's active restrictions that end by themselves: each has a timer. */
export function expiringRestrictions(m: Sql, ticketId: string): Promise<ExpiringRestriction[]> {
  return m.query(
    `SELECT id, ticket_id AS "ticketId", kind, value, expires_at AS "expiresAt" FROM restrictions
      WHERE ticket_id = $1 AND status = 'active' AND expires_at IS NOT NULL`,
    [ticketId],
  );
}

/** Lifts one restriction whose expiry has come (still active, still expiring by then); null when it had not. */
export async function expireRestriction(
  m: Sql,
  id: string,
  by: RestrictionActor,
  now: Date,
): Promise<ExpiringRestriction | null> {
  const [row] = returnedRows<ExpiringRestriction>(
    await m.query(
      `UPDATE restrictions SET status = 'lifted', lifted_at = $2, lifted_by = $3, lifted_by_name = $4
        WHERE id = $1 AND status = 'active' AND expires_at IS NOT NULL AND expires_at <= $2
        RETURNING id, ticket_id AS "ticketId", kind, value, expires_at AS "expiresAt"`,
      [id, now, by.id, by.name],
    ),
  );
  return row ?? null;
}

/** Lifts every active restriction of the ticket; returns what was lifted. */
export async function liftRestrictions(
  m: Sql,
  ticketId: string,
  by: RestrictionActor,
  now: Date,
): Promise<RestrictionSpec[]> {
  return returnedRows<RestrictionSpec>(
    await m.query(
      `UPDATE restrictions SET status = 'lifted', lifted_at = $4, lifted_by = $2, lifted_by_name = $3
        WHERE ticket_id = $1 AND status = 'active' RETURNING kind, value`,
      [ticketId, by.id, by.name, now],
    ),
  );
}

/** What is blocked now on the ticket, in the order it was placed. */
export function activeRestrictions(m: Sql, ticketId: string): Promise<RestrictionSpec[]> {
  return m.query(`SELECT kind, value FROM restrictions WHERE ticket_id = $1 AND status = 'active' ORDER BY seq`, [
    ticketId,
  ]);
}

/** What is blocked now on one customer's account, across its cases, newest first. */
export interface CustomerRestriction {
  id: string;
  kind: RestrictionKind;
  value: string;
  ticketId: string;
  /** The case that placed it (`FRD-000123`). */
  source: string | null;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
}

export function customerRestrictions(m: Sql, customerId: string): Promise<CustomerRestriction[]> {
  return m.query(
    `SELECT id, kind, value, ticket_id AS "ticketId", source, created_by_name AS "createdBy", created_at AS "createdAt",
            expires_at AS "expiresAt"
       FROM restrictions WHERE customer_id = $1 AND status = 'active' ORDER BY created_at DESC, seq DESC LIMIT 500`,
    [customerId],
  );
}

/** Every restriction of the ticket, active and lifted, in the order placed. */
export function ticketRestrictions(m: Sql, ticketId: string, opts: { withScope: boolean }): Promise<RestrictionView[]> {
  return m.query(
    `SELECT id, kind, value, status, created_by_name AS "createdBy", created_at AS "createdAt",
            lifted_by_name AS "liftedBy", lifted_at AS "liftedAt", expires_at AS "expiresAt"
            ${opts.withScope ? ', reason, covers' : ''}
       FROM restrictions WHERE ticket_id = $1 ORDER BY seq`,
    [ticketId],
  );
}

/** The block source the enforcement index loads: the active restrictions, and a version that only grows. */
export async function restrictionBlocks(m: Sql): Promise<{ entries: RestrictionBlock[]; version: number }> {
  const rows: (RestrictionSpec & {
    customerId: string;
    accountCode: string;
    ticketId: string;
    source: string | null;
    expiresAt: Date | null;
  })[] = await m.query(
    `SELECT r.kind, r.value, r.customer_id AS "customerId", c.account_code AS "accountCode",
              r.ticket_id AS "ticketId", r.source, r.expires_at AS "expiresAt"
         FROM restrictions r
         JOIN customers c ON c.id = r.customer_id
        WHERE r.status = 'active'`,
  );
  // Rows are never deleted, a lift is one-way and retimes only count up, so applies + lifts + retimes only grows.
  const [v]: { version: number }[] = await m.query(
    `SELECT (count(*) + count(lifted_at) + coalesce(sum(retimes), 0))::int AS version FROM restrictions`,
  );
  return {
    version: v.version,
    entries: rows.map((r) => ({
      ...r,
      // An IP restriction blocks the address for every account: the source is compromised.
      customerId: r.kind === 'ip' ? null : r.customerId,
      // Null only on a row written by an instance older than the column.
      source: r.source ?? 'ticket restriction',
      expiresAt: r.expiresAt ? new Date(r.expiresAt).toISOString() : null,
    })),
  };
}
