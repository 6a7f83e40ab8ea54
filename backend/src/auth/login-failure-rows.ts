// The `login_failures` table (append-only): every read and write of it is here.
import type { Sql } from '../common/sql.js';

export interface NewLoginFailure {
  email: string;
  /** Normalised (common/ip.ts `normalizeIp`); null when the request had no address. */
  sourceIp: string | null;
  reason: string;
  at: Date;
}

export async function insertLoginFailure(m: Sql, f: NewLoginFailure): Promise<void> {
  await m.query(`INSERT INTO login_failures (email, source_ip, reason, at) VALUES ($1, $2, $3, $4)`, [
    f.email.slice(0, 320),
    f.sourceIp,
    f.reason,
    f.at,
  ]);
}

/** One failed login as the brute-force detector counts it. */
export interface LoginFailureAt {
  ip: string;
  atMs: number;
  email: string;
}

/** Per address: the failures from it in [fromMs, toMs]. */
export interface FailureRange {
  ip: string;
  fromMs: number;
  toMs: number;
}

/**
 * The failed logins from each address in its range, oldest first, at most `limitPerIp` (the newest) per
 * address. An IPv4 address also matches its IPv4-mapped spelling, which rows written before addresses
 * were normalised may hold.
 */
export function loginFailuresFrom(
  m: Sql,
  ranges: readonly FailureRange[],
  limitPerIp: number,
): Promise<LoginFailureAt[]> {
  if (!ranges.length) return Promise.resolve([]);
  return m.query(
    `SELECT host(q.ip) AS ip, f."atMs", f.email
       FROM unnest($1::inet[], $2::timestamptz[], $3::timestamptz[]) AS q(ip, from_at, to_at)
       CROSS JOIN LATERAL (
         SELECT (extract(epoch FROM l.at) * 1000)::float8 AS "atMs", l.email
           FROM login_failures l
          WHERE l.source_ip = ANY(CASE WHEN family(q.ip) = 4 THEN ARRAY[q.ip, ('::ffff:' || host(q.ip))::inet]
                                       ELSE ARRAY[q.ip] END)
            AND l.at >= q.from_at AND l.at <= q.to_at
          ORDER BY l.at DESC
          LIMIT $4) f
      ORDER BY 1, 2`,
    [ranges.map((r) => r.ip), ranges.map((r) => new Date(r.fromMs)), ranges.map((r) => new Date(r.toMs)), limitPerIp],
  );
}
