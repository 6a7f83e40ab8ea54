// Reads of `customer_ips` for other features. The customer tables have no single owner yet
// (docs/architecture.md, "Not there yet"); new readers go through here rather than add their own SQL.
import type { Sql } from '../common/sql.js';

/** A customer's registered range that holds an address. */
export interface RegisteredRange {
  ip: string;
  accountCode: string;
  cidr: string;
}

/** For each of these (normalised) addresses inside some customer's registered IPs/CIDRs, the range and its customer. */
export async function registeredRangesHolding(m: Sql, ips: readonly string[]): Promise<Map<string, RegisteredRange>> {
  if (!ips.length) return new Map();
  const rows: RegisteredRange[] = await m.query(
    `SELECT DISTINCT ON (x.ip) host(x.ip) AS ip, c.account_code AS "accountCode", i.cidr::text AS cidr
       FROM unnest($1::inet[]) AS x(ip)
       JOIN customer_ips i ON i.cidr >>= x.ip
       JOIN customers c ON c.id = i.customer_id
      ORDER BY x.ip, masklen(i.cidr) DESC`,
    [ips],
  );
  return new Map(rows.map((r) => [r.ip, r]));
}

/** For each range (in order), the customers with registered addresses inside it, and how many addresses each. */
export async function registeredAddressesIn(
  m: Sql,
  cidrs: readonly string[],
): Promise<{ n: number; accountCode: string; name: string; addresses: string }[]> {
  if (!cidrs.length) return [];
  return m.query(
    `SELECT w.n::int AS n, c.account_code AS "accountCode", c.name,
            -- The overlap of two CIDRs is the longer of them.
            sum(2::numeric ^ ((CASE WHEN family(w.cidr) = 4 THEN 32 ELSE 128 END)
                              - greatest(masklen(i.cidr), masklen(w.cidr))))::numeric(40, 0)::text AS addresses
       FROM unnest($1::cidr[]) WITH ORDINALITY AS w(cidr, n)
       JOIN customer_ips i ON i.cidr && w.cidr
       JOIN customers c ON c.id = i.customer_id
      GROUP BY w.n, c.account_code, c.name
      ORDER BY w.n, c.account_code`,
    [cidrs],
  );
}
