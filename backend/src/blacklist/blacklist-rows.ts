// The `ip_blacklist` table: every read and write of it is here.
import type { Sql } from '../common/sql.js';
import { returnedRows } from '../common/sql.js';
import type { BlockEntry } from '../enforcement/blocklist-index.js';
import type { BlacklistEntry, BlacklistStatus, BruteForceFinding } from './blacklist-model.js';

/** Where a blacklisted IP's block comes from, as authorize names it in its reasons. */
export const BLACKLIST_SOURCE = 'brute-force blacklist';

const COLUMNS = `id, host(ip) AS ip, status, level, reason, sip_failures AS "sipFailures",
  portal_failures AS "portalFailures", users, first_failure_at AS "firstFailureAt",
  last_failure_at AS "lastFailureAt", rule_id AS "ruleId", rule_name AS "ruleName", created_at AS "createdAt",
  updated_at AS "updatedAt", whitelisted_at AS "whitelistedAt",
  CASE WHEN whitelisted_at IS NULL THEN NULL
       ELSE json_build_object('id', whitelisted_by, 'name', whitelisted_by_name) END AS "whitelistedBy"`;

/** Serialises every change of one IP's entries for the rest of the transaction. */
export async function lockIp(m: Sql, ip: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('ip_blacklist:' || $1, 0))`, [ip]);
}

/** The IP's own entry (not a shadow rule's), if any. */
export async function liveEntry(m: Sql, ip: string): Promise<BlacklistEntry | null> {
  const [row]: BlacklistEntry[] = await m.query(
    `SELECT ${COLUMNS} FROM ip_blacklist WHERE ip = $1::inet AND status <> 'shadow'`,
    [ip],
  );
  return row ?? null;
}

export async function shadowEntry(m: Sql, ip: string, ruleId: string): Promise<BlacklistEntry | null> {
  const [row]: BlacklistEntry[] = await m.query(
    `SELECT ${COLUMNS} FROM ip_blacklist WHERE ip = $1::inet AND status = 'shadow' AND rule_id = $2`,
    [ip, ruleId],
  );
  return row ?? null;
}

const findingValues = (f: BruteForceFinding, status: BlacklistStatus) => [
  status,
  f.level,
  f.reason,
  f.sipFailures,
  f.portalFailures,
  f.users,
  f.firstFailureAt,
  f.lastFailureAt,
  f.ruleId,
  f.ruleName,
];

export async function insertEntry(m: Sql, f: BruteForceFinding, status: BlacklistStatus, at: Date): Promise<void> {
  await m.query(
    `INSERT INTO ip_blacklist (ip, status, level, reason, sip_failures, portal_failures, users, first_failure_at,
                               last_failure_at, rule_id, rule_name, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12)`,
    [f.ip, ...findingValues(f, status), at],
  );
}

/** Replaces the finding an entry holds; it keeps its `createdAt` (when the IP was first listed). */
export async function replaceFinding(
  m: Sql,
  id: string,
  f: BruteForceFinding,
  status: BlacklistStatus,
  at: Date,
): Promise<void> {
  await m.query(
    `UPDATE ip_blacklist
        SET status = $2, level = $3, reason = $4, sip_failures = $5, portal_failures = $6, users = $7,
            first_failure_at = $8, last_failure_at = $9, rule_id = $10, rule_name = $11, updated_at = $12,
            version = nextval('ip_blacklist_version_seq')
      WHERE id = $1`,
    [id, ...findingValues(f, status), at],
  );
}

export async function whitelistEntry(
  m: Sql,
  id: string,
  by: { id: string | null; name: string },
  at: Date,
): Promise<BlacklistEntry> {
  const [row] = returnedRows<BlacklistEntry>(
    await m.query(
      `UPDATE ip_blacklist
          SET status = 'whitelisted', whitelisted_at = $2, whitelisted_by = $3, whitelisted_by_name = $4,
              updated_at = $2, version = nextval('ip_blacklist_version_seq')
        WHERE id = $1 RETURNING ${COLUMNS}`,
      [id, at, by.id, by.name],
    ),
  );
  return row;
}

export async function deleteEntry(m: Sql, id: string): Promise<void> {
  await m.query(`DELETE FROM ip_blacklist WHERE id = $1`, [id]);
  await m.query(`SELECT nextval('ip_blacklist_version_seq')`);
}

/** Newest first (by when the IP was first listed), `limit + 1` rows after the cursor's `[createdAt, id]`. */
export function listEntries(
  m: Sql,
  q: { status?: BlacklistStatus; limit: number; after: [string, string] | null },
): Promise<BlacklistEntry[]> {
  return m.query(
    `SELECT ${COLUMNS} FROM ip_blacklist
      WHERE ($1::text IS NULL OR status = $1)
        AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY created_at DESC, id DESC
      LIMIT $4`,
    [q.status ?? null, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit + 1],
  );
}

/** Of these addresses, those blacklisted now. */
export async function blacklistedAmong(m: Sql, ips: readonly string[]): Promise<string[]> {
  if (!ips.length) return [];
  const rows: { ip: string }[] = await m.query(
    `SELECT host(ip) AS ip FROM ip_blacklist WHERE status = 'blacklisted' AND ip = ANY($1::inet[]) ORDER BY ip`,
    [ips],
  );
  return rows.map((r) => r.ip);
}

/** The enforcement index's second block source: every blacklisted IP, for every account. */
export async function blacklistBlocks(m: Sql): Promise<{ entries: BlockEntry[]; version: number }> {
  const rows: { value: string }[] = await m.query(
    `SELECT set_masklen(ip, CASE family(ip) WHEN 4 THEN 32 ELSE 128 END)::cidr::text AS value
       FROM ip_blacklist WHERE status = 'blacklisted'`,
  );
  // Every write takes a new value from the sequence, so its last value only grows.
  const [v]: { version: string }[] = await m.query(
    `SELECT CASE WHEN is_called THEN last_value ELSE 0 END AS version FROM ip_blacklist_version_seq`,
  );
  return {
    version: Number(v.version),
    entries: rows.map((r) => ({
      kind: 'ip',
      value: r.value,
      customerId: null,
      accountCode: null,
      source: BLACKLIST_SOURCE,
      ticketId: null,
    })),
  };
}
