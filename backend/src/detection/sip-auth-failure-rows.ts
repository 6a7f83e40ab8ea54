// The `sip_auth_failures` table (append-only): every read and write of it is here.
import type { FailureRange } from '../auth/login-failure-rows.js';
import type { Sql } from '../common/sql.js';

export interface NewSipAuthFailure {
  /** Normalised (common/ip.ts `normalizeIp`). */
  sourceIp: string;
  username: string | null;
  at: Date;
}

/** One statement for the whole batch. */
export async function insertSipAuthFailures(m: Sql, rows: readonly NewSipAuthFailure[]): Promise<void> {
  if (!rows.length) return;
  await m.query(
    `INSERT INTO sip_auth_failures (source_ip, username, at)
     SELECT * FROM unnest($1::inet[], $2::text[], $3::timestamptz[])`,
    [rows.map((r) => r.sourceIp), rows.map((r) => r.username), rows.map((r) => r.at)],
  );
}

export interface SipAuthFailureAt {
  ip: string;
  atMs: number;
  username: string | null;
}

/** The failed registrations from each address in its range, oldest first, at most `limitPerIp` (the newest) per address. */
export function sipAuthFailuresFrom(
  m: Sql,
  ranges: readonly FailureRange[],
  limitPerIp: number,
): Promise<SipAuthFailureAt[]> {
  if (!ranges.length) return Promise.resolve([]);
  return m.query(
    `SELECT host(q.ip) AS ip, f."atMs", f.username
       FROM unnest($1::inet[], $2::timestamptz[], $3::timestamptz[]) AS q(ip, from_at, to_at)
       CROSS JOIN LATERAL (
         SELECT (extract(epoch FROM s.at) * 1000)::float8 AS "atMs", s.username
           FROM sip_auth_failures s
          WHERE s.source_ip = q.ip AND s.at >= q.from_at AND s.at <= q.to_at
          ORDER BY s.at DESC
          LIMIT $4) f
      ORDER BY 1, 2`,
    [ranges.map((r) => r.ip), ranges.map((r) => new Date(r.fromMs)), ranges.map((r) => new Date(r.toMs)), limitPerIp],
  );
}
