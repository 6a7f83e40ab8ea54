import type { EntityManager } from 'typeorm';
import { foldAccountCode } from '../../common/account-code.js';
import { type Cidr, cidrContains, normalizeIp, parseCidr, parseIp } from '../../common/ip.js';

export interface MatchedCustomer {
  id: string;
  name: string;
  state: string | null;
  /** ISO alpha-2, or null: the deployment's home country applies. */
  country: string | null;
  timezone: string;
}

interface SeatKeys {
  bySip: Map<string, string>;
  byDid: Map<string, string>;
  byExtension: Map<string, string>;
  byUserId: Map<string, string>;
}

const digits = (s: string) => s.replace(/\D/g, '');
/** DIDs compare on their last 10 digits: `+16175550142`, `16175550142` and `6175550142` are one line. */
const didKey = (s: string) => digits(s).slice(-10);

/**
 * Resolves CDRs to customers (account code, else source IP by longest CIDR) and seats (SIP user,
 * caller DID, extension). Loaded once per import: a few thousand customers fit in memory easily.
 */
export class CustomerMatcher {
  private readonly byAccount = new Map<string, MatchedCustomer>();
  private readonly byId = new Map<string, MatchedCustomer>();
  private cidrs: { cidr: Cidr; customer: MatchedCustomer }[] = [];
  private readonly exactIp = new Map<string, MatchedCustomer>();
  private readonly seats = new Map<string, SeatKeys>();
  private readonly seatGroups = new Map<string, string>();

  static async load(m: EntityManager): Promise<CustomerMatcher> {
    const sut = new CustomerMatcher();
    const customers: {
      id: string;
      name: string;
      account_code: string;
      state: string | null;
      country: string | null;
      timezone: string;
    }[] = await m.query(`SELECT id, name, account_code, state, country, timezone FROM customers`);
    for (const c of customers) {
      const mc = { id: c.id, name: c.name, state: c.state, country: c.country, timezone: c.timezone };
      sut.byAccount.set(foldAccountCode(c.account_code), mc);
      sut.byId.set(c.id, mc);
    }
    const ips: { customer_id: string; cidr: string }[] = await m.query(
      `SELECT customer_id, cidr::text AS cidr FROM customer_ips`,
    );
    for (const row of ips) {
      const cidr = parseCidr(row.cidr);
      const customer = sut.byId.get(row.customer_id);
      if (!cidr || !customer) continue;
      if (cidr.prefix === (cidr.version === 4 ? 32 : 128)) sut.exactIp.set(cidr.text.split('/')[0], customer);
      else sut.cidrs.push({ cidr, customer });
    }
    sut.cidrs.sort((a, b) => b.cidr.prefix - a.cidr.prefix); // longest prefix wins
    const seats: {
      id: string;
      customer_id: string;
      user_id: string;
      sip_username: string | null;
      did: string | null;
      extension: string | null;
      group_id: string | null;
    }[] = await m.query(`SELECT id, customer_id, user_id, sip_username, did, extension, group_id FROM seats`);
    for (const s of seats) {
      let keys = sut.seats.get(s.customer_id);
      if (!keys) {
        keys = { bySip: new Map(), byDid: new Map(), byExtension: new Map(), byUserId: new Map() };
        sut.seats.set(s.customer_id, keys);
      }
      keys.byUserId.set(s.user_id.toLowerCase(), s.id);
      if (s.sip_username) keys.bySip.set(s.sip_username.toLowerCase(), s.id);
      if (s.did) keys.byDid.set(didKey(s.did), s.id);
      if (s.extension) keys.byExtension.set(s.extension, s.id);
      if (s.group_id) sut.seatGroups.set(s.id, s.group_id);
    }
    return sut;
  }

  customer(accountCode: string | null, sourceIp: string | null): MatchedCustomer | null {
    if (accountCode) {
      const c = this.byAccount.get(foldAccountCode(accountCode));
      if (c) return c;
    }
    const address = sourceIp ? normalizeIp(sourceIp) : null;
    if (address) {
      const exact = this.exactIp.get(address);
      if (exact) return exact;
      if (this.cidrs.length) {
        const ip = parseIp(address);
        if (ip) for (const { cidr, customer } of this.cidrs) if (cidrContains(cidr, ip)) return customer;
      }
    }
    return null;
  }

  seat(customerId: string, sipUser: string | null, callerNumber: string | null): string | null {
    const keys = this.seats.get(customerId);
    if (!keys) return null;
    if (sipUser) {
      const s = sipUser.toLowerCase();
      const hit = keys.bySip.get(s) ?? keys.byUserId.get(s);
      if (hit) return hit;
    }
    if (callerNumber) {
      const d = digits(callerNumber);
      if (d.length >= 7) {
        const hit = keys.byDid.get(didKey(d));
        if (hit) return hit;
      }
      if (d.length > 0 && d.length <= 6) return keys.byExtension.get(d) ?? null;
    }
    return null;
  }

  /** The seat's group, if it has one. */
  groupOf(seatId: string): string | null {
    return this.seatGroups.get(seatId) ?? null;
  }
}
