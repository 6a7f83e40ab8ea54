// Whose addresses an IP restriction blocks. IP blocks are global (a compromised source is blocked for
// every account), so a range on one customer's ticket may stop another customer's calls: the NOC must
// say why, and the ticket shows whose inventory the range covers.
import type { EntityManager } from 'typeorm';
import type { Cidr } from '../common/ip.js';

/** A customer whose inventory (IPs/CIDRs) overlaps a restricted range. */
export interface CoveredCustomer {
  customerId: string;
  accountCode: string;
  name: string;
}

export interface IpRestrictionScope {
  covers: CoveredCustomer[];
  /** Why a reason is required (the range reaches beyond the ticket customer's own addresses), or null. */
  reachesBeyond: string | null;
}

export interface IpRestrictionLimits {
  minPrefixV4: number;
  minPrefixV6: number;
}

/** The shortest prefix allowed without an admin's confirmation, or null when `cidr` is long enough. */
export function broaderThanAllowed(cidr: Cidr, limits: IpRestrictionLimits): { min: number; variable: string } | null {
  const min = cidr.version === 4 ? limits.minPrefixV4 : limits.minPrefixV6;
  return cidr.prefix < min ? { min, variable: `RESTRICTION_MIN_PREFIX_V${cidr.version}` } : null;
}

/** For each range: the customers whose inventory it overlaps, and whether it lies outside the ticket customer's. */
export async function ipRestrictionScopes(
  m: EntityManager,
  ticketCustomer: { id: string; accountCode: string },
  cidrs: Cidr[],
): Promise<IpRestrictionScope[]> {
  if (!cidrs.length) return [];
  const rows: { n: number; customerId: string; accountCode: string; name: string; inside: boolean }[] = await m.query(
    `SELECT w.n::int AS n, c.id AS "customerId", c.account_code AS "accountCode", c.name,
            bool_or(w.cidr <<= i.cidr) AS inside
       FROM unnest($1::cidr[]) WITH ORDINALITY AS w(cidr, n)
       JOIN customer_ips i ON i.cidr && w.cidr
       JOIN customers c ON c.id = i.customer_id
      GROUP BY w.n, c.id, c.account_code, c.name
      ORDER BY w.n, c.account_code`,
    [cidrs.map((c) => c.text)],
  );
  return cidrs.map((_, i) => {
    const hits = rows.filter((r) => r.n === i + 1);
    const others = hits.filter((r) => r.customerId !== ticketCustomer.id);
    const inside = hits.some((r) => r.customerId === ticketCustomer.id && r.inside);
    const why = [
      ...(others.length ? [`addresses of ${others.map((o) => `${o.accountCode} (${o.name})`).join(', ')}`] : []),
      ...(inside ? [] : [`addresses outside ${ticketCustomer.accountCode}'s inventory`]),
    ];
    return {
      covers: hits.map(({ customerId, accountCode, name }) => ({ customerId, accountCode, name })),
      reachesBeyond: why.length ? `covers ${why.join(' and ')}` : null,
    };
  });
}
