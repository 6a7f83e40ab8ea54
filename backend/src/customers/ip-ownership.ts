// An IP address belongs to at most one customer: CDRs without an account code, and authorize calls,
// find their customer by source IP. Overlapping ranges of two customers would hand one customer's
// traffic to the other. The readable check is here; the exclusion constraint ex_customer_ip_overlap
// (DEFERRABLE, checked at commit) is the backstop against concurrent writes.
import type { EntityManager } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { CustomerErrorCode } from '../common/error-codes.js';
import { type Cidr, displayCidr, parseCidr } from '../common/ip.js';

export interface IpOwner {
  /** Null for a customer an import or a create is about to add. */
  customerId: string | null;
  accountCode: string;
  name: string;
}

export interface OwnedRange {
  /** Ranges with the same key belong to one customer and may overlap each other. */
  ownerKey: string;
  owner: IpOwner;
  cidr: Cidr;
  /** Part of the write being checked (not already stored). */
  proposed: boolean;
}

export interface IpOverlap {
  ip: string;
  customer: IpOwner;
  overlaps: { ip: string; customer: IpOwner };
}

const WIDTH = { 4: 32n, 6: 128n } as const;

/**
 * Pairs of ranges of different owners that share an address, where at least one is proposed.
 * CIDRs either nest or are disjoint, so one sweep in address order with a stack of the ranges still
 * open finds every pair: O(n log n), not O(n²), for an import of thousands of customers.
 */
export function overlappingRanges(ranges: OwnedRange[]): [OwnedRange, OwnedRange][] {
  const out: [OwnedRange, OwnedRange][] = [];
  for (const version of [4, 6] as const) {
    const width = WIDTH[version];
    const list = ranges
      .filter((r) => r.cidr.version === version)
      .map((r) => ({ r, start: r.cidr.network, end: r.cidr.network | ((1n << (width - BigInt(r.cidr.prefix))) - 1n) }))
      .sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.r.cidr.prefix - b.r.cidr.prefix));
    const open: typeof list = [];
    for (const x of list) {
      while (open.length && open[open.length - 1].end < x.start) open.pop();
      // Every range still open contains x.
      for (const o of open) {
        if (o.r.ownerKey !== x.r.ownerKey && (o.r.proposed || x.r.proposed)) out.push([x.r, o.r]);
      }
      open.push(x);
    }
  }
  return out;
}

const who = (o: IpOwner) => `customer ${o.accountCode} (${o.name})`;

export function ipOverlapError(pairs: [OwnedRange, OwnedRange][]): AppError {
  // The proposed side first: "the address you asked for overlaps the one held by …".
  const overlaps: IpOverlap[] = pairs.map(([a, b]) => {
    const [mine, theirs] = a.proposed ? [a, b] : [b, a];
    return {
      ip: displayCidr(mine.cidr.text),
      customer: mine.owner,
      overlaps: { ip: displayCidr(theirs.cidr.text), customer: theirs.owner },
    };
  });
  return new AppError(
    CustomerErrorCode.IpOverlap,
    overlaps.map(
      (o) =>
        `${o.ip} of ${who(o.customer)} overlaps ${o.overlaps.ip} of ${who(o.overlaps.customer)}: an IP address belongs to one customer`,
    ),
    { overlaps },
  );
}

/**
 * Refuses (409, naming both customers and both ranges) IPs that overlap another customer's: stored
 * ones of customers the write leaves alone, or each other's within the write.
 */
export async function assertIpsUnshared(
  m: EntityManager,
  proposed: { ownerKey: string; owner: IpOwner; ips: string[] }[],
  /** Customers whose whole inventory the write replaces: their stored IPs do not count. */
  replacing: { customerIds: string[]; foldedCodes: string[] },
): Promise<void> {
  const mine: OwnedRange[] = [];
  for (const p of proposed) {
    const seen = new Set<string>();
    for (const ip of p.ips) {
      const cidr = parseCidr(ip);
      if (!cidr || seen.has(cidr.text)) continue;
      seen.add(cidr.text);
      mine.push({ ownerKey: p.ownerKey, owner: p.owner, cidr, proposed: true });
    }
  }
  if (!mine.length) return;
  // One GiST probe per proposed range (nested loop on idx of ex_customer_ip_overlap).
  const stored: { cidr: string; id: string; name: string; accountCode: string }[] = await m.query(
    `SELECT DISTINCT i.cidr::text AS cidr, c.id, c.name, c.account_code AS "accountCode"
       FROM unnest($1::cidr[]) AS w(cidr)
       JOIN customer_ips i ON i.cidr && w.cidr
       JOIN customers c ON c.id = i.customer_id
      WHERE c.id <> ALL($2::uuid[]) AND lower(c.account_code) <> ALL($3::text[])`,
    [mine.map((r) => r.cidr.text), replacing.customerIds, replacing.foldedCodes],
  );
  const theirs: OwnedRange[] = stored.flatMap((s) => {
    const cidr = parseCidr(s.cidr);
    return cidr
      ? [
          {
            ownerKey: `id:${s.id}`,
            owner: { customerId: s.id, accountCode: s.accountCode, name: s.name },
            cidr,
            proposed: false,
          },
        ]
      : [];
  });
  const pairs = overlappingRanges([...mine, ...theirs]);
  if (pairs.length) throw ipOverlapError(pairs);
}

/** A concurrent write got past the pre-check and the constraint refused it at commit. */
export function ipOverlapFromConstraint(e: unknown): AppError | null {
  const err = e as { code?: string; constraint?: string; detail?: string };
  if (err?.code !== '23P01' || err.constraint !== 'ex_customer_ip_overlap') return null;
  return new AppError(
    CustomerErrorCode.IpOverlap,
    `An IP range overlaps another customer's (${err.detail ?? 'ex_customer_ip_overlap'}): an IP address belongs to one customer`,
  );
}
