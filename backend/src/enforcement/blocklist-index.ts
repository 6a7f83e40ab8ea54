// The in-memory blocklist the switch asks on every call. Pure: built from rows, no I/O.
import { foldAccountCode } from '../common/account-code.js';
import { type Cidr, normalizeIp, parseCidr, parseIp } from '../common/ip.js';
import { normalizeNumber } from '../common/phone/phone-number.js';
import type { RestrictionKind } from '../restrictions/restriction-kinds.js';

/** One block, from a ticket's restriction or another source (e.g. the brute-force blacklist). */
export interface BlockEntry {
  kind: RestrictionKind;
  value: string;
  /** The customer the block applies to; null for blocks that apply to everyone (IPs). */
  customerId: string | null;
  accountCode: string | null;
  /** Where it comes from, for reasons: `FRD-000123`, `group HARB009-BOSTON`, `brute-force`. */
  source: string;
  ticketId: string | null;
}

export interface SeatRef {
  customerId: string;
  userId: string;
  sipUsername: string | null;
  did: string | null;
  groupExternalId: string | null;
}

export interface CustomerRef {
  id: string;
  accountCode: string;
  cidrs: string[];
}

export interface AuthorizeQuery {
  accountCode?: string;
  sourceIp: string;
  caller?: string;
  callee: string;
}

export interface Decision {
  decision: 'allow' | 'deny';
  reasons: string[];
}

/** A block that belongs to one customer: the switch applies it to that account's calls only. */
export interface AccountBlock {
  account: string;
  value: string;
}

/** What the switch loads (API.md §Enforcement). IPs are global; every other entry names its account. */
export interface Blocklist {
  ips: string[];
  seats: AccountBlock[];
  groups: AccountBlock[];
  destinations: AccountBlock[];
  accounts: string[];
  version: number;
}

export const BLOCKLIST_KINDS = ['ip', 'seat', 'group', 'destination', 'account'] as const;
export type BlocklistKind = (typeof BLOCKLIST_KINDS)[number];

/**
 * A value as one token of a text line: whitespace and `%` are percent-encoded, so a value can never
 * split a line or add one (seat userIds are free text).
 */
function token(v: string): string {
  return v.replace(/[\s%]/gu, encodeURIComponent);
}

/** The identities a caller string may name a seat by: userId, SIP username, DID. */
function callerKeys(caller: string): string[] {
  const full = caller
    .trim()
    .replace(/^(sip|sips|tel):/i, '')
    .toLowerCase();
  const user = full.split(/[@;]/)[0];
  const did = normalizeNumber(user);
  return [...new Set([full, user, ...(did ? [did] : [])])];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function push<K, V>(map: Map<K, V[]>, key: K, v: V): void {
  const list = map.get(key);
  if (list) list.push(v);
  else map.set(key, [v]);
}

/** CIDRs grouped by prefix length: a lookup costs one hash probe per distinct length, not one per CIDR. */
class CidrMap<T> {
  private readonly byLength = new Map<string, { version: 4 | 6; shift: bigint; nets: Map<bigint, T[]> }>();

  add(cidr: Cidr, value: T): void {
    const key = `${cidr.version}/${cidr.prefix}`;
    let group = this.byLength.get(key);
    if (!group) {
      const shift = BigInt((cidr.version === 4 ? 32 : 128) - cidr.prefix);
      group = { version: cidr.version, shift, nets: new Map() };
      this.byLength.set(key, group);
    }
    push(group.nets, cidr.network >> group.shift, value);
  }

  /** Every value whose CIDR contains `ip`, most specific first. */
  lookup(ip: { version: 4 | 6; value: bigint }): T[] {
    const hits: { shift: bigint; values: T[] }[] = [];
    for (const g of this.byLength.values()) {
      if (g.version !== ip.version) continue;
      const values = g.nets.get(ip.value >> g.shift);
      if (values) hits.push({ shift: g.shift, values });
    }
    return hits.sort((a, b) => Number(a.shift - b.shift)).flatMap((h) => h.values);
  }
}

export class BlocklistIndex {
  private readonly ipBlocks = new CidrMap<BlockEntry>();
  private readonly destinations = new Map<string, BlockEntry[]>();
  private readonly seatKeys = new Map<string, BlockEntry[]>();
  /** Seat identities (userId, SIP username, lower-cased) → the seat's DID: the context of local dialling. */
  private readonly didByCaller = new Map<string, string>();
  private readonly accountBlocks = new Map<string, BlockEntry[]>();
  private readonly customerByAccount = new Map<string, CustomerRef>();
  private readonly customerRanges = new CidrMap<CustomerRef>();
  private readonly list: Blocklist;

  constructor(entries: BlockEntry[], seats: SeatRef[], customers: CustomerRef[], version: number) {
    for (const c of customers) {
      this.customerByAccount.set(foldAccountCode(c.accountCode), c);
      for (const text of c.cidrs) {
        const cidr = parseCidr(text);
        if (cidr) this.customerRanges.add(cidr, c);
      }
    }

    // A blocked group blocks each of its seats.
    const expanded = [...entries];
    for (const g of entries.filter((e) => e.kind === 'group')) {
      for (const s of seats) {
        if (s.customerId === g.customerId && s.groupExternalId === g.value) {
          expanded.push({ ...g, kind: 'seat', value: s.userId, source: `${g.source}, group ${g.value}` });
        }
      }
    }
    const seatByUserId = new Map(seats.map((s) => [`${s.customerId}\n${s.userId}`, s]));
    for (const s of seats) {
      const did = normalizeNumber(s.did);
      if (!did) continue;
      for (const k of [s.userId.toLowerCase(), s.sipUsername?.toLowerCase()]) if (k) this.didByCaller.set(k, did);
    }
    for (const e of expanded) {
      switch (e.kind) {
        case 'ip': {
          const cidr = parseCidr(e.value);
          if (cidr) this.ipBlocks.add(cidr, e);
          break;
        }
        case 'destination':
          push(this.destinations, e.value, e);
          break;
        case 'account':
          push(this.accountBlocks, e.customerId ?? '', e);
          break;
        case 'seat': {
          const s = seatByUserId.get(`${e.customerId}\n${e.value}`);
          const keys = [e.value.toLowerCase(), s?.sipUsername?.toLowerCase(), normalizeNumber(s?.did)];
          for (const k of new Set(keys)) if (k) push(this.seatKeys, k, e);
          break;
        }
        case 'group':
          break;
      }
    }
    const values = (kind: RestrictionKind) =>
      [...new Set(expanded.filter((e) => e.kind === kind).map((e) => e.value))].sort();
    const byAccount = (kind: RestrictionKind): AccountBlock[] => {
      const seen = new Map<string, AccountBlock>();
      for (const e of expanded.filter((x) => x.kind === kind)) {
        // No source produces a customer-less seat/group/destination today; '*' would say "every account".
        const account = e.accountCode ?? '*';
        seen.set(`${account}\n${e.value}`, { account, value: e.value });
      }
      return [...seen.values()].sort((a, b) => compare(a.account, b.account) || compare(a.value, b.value));
    };
    this.list = {
      ips: values('ip'),
      seats: byAccount('seat'),
      groups: byAccount('group'),
      destinations: byAccount('destination'),
      accounts: [...new Set(expanded.filter((e) => e.kind === 'account').map((e) => e.accountCode ?? e.value))].sort(),
      version,
    };
  }

  static empty(): BlocklistIndex {
    return new BlocklistIndex([], [], [], 0);
  }

  get version(): number {
    return this.list.version;
  }

  blocklist(): Blocklist {
    return this.list;
  }

  /**
   * One entry per line. All kinds: `ip <value>` and `<kind> <account> <value>` (an account block's value
   * is its account code). One kind: bare values for `ip` (ipset/nftables), `<account> <value>` otherwise
   * (a Kamailio htable or a dialplan lookup).
   */
  text(kind?: BlocklistKind): string {
    const lines = (k: BlocklistKind): string[][] => {
      switch (k) {
        case 'ip':
          return this.list.ips.map((v) => [v]);
        case 'account':
          return this.list.accounts.map((a) => [a, a]);
        case 'seat':
        case 'group':
        case 'destination':
          return this.list[`${k}s`].map((e) => [e.account, e.value]);
      }
    };
    const rows = kind ? lines(kind) : BLOCKLIST_KINDS.flatMap((k) => lines(k).map((fields) => [k, ...fields]));
    return rows.map((fields) => fields.map(token).join(' ') + '\n').join('');
  }

  /** The caller's own number: the caller string itself when it is one, else the DID of the seat it names. */
  private callerNumber(caller: string | undefined): string | null {
    if (!caller) return null;
    const keys = callerKeys(caller);
    for (const k of keys) if (k.startsWith('+')) return k;
    for (const k of keys) {
      const did = this.didByCaller.get(k);
      if (did) return did;
    }
    return null;
  }

  authorize(q: AuthorizeQuery): Decision {
    const ip = parseIp(q.sourceIp);
    const customer = q.accountCode
      ? (this.customerByAccount.get(foldAccountCode(q.accountCode)) ?? null)
      : ip
        ? // The most specific range owns an address.
          (this.customerRanges.lookup(ip)[0] ?? null)
        : null;
    // When the call's customer is unknown, every customer's blocks apply (fail closed).
    const applies = (e: BlockEntry) => e.customerId === null || !customer || e.customerId === customer.id;
    const reasons: string[] = [];

    if (ip) {
      for (const e of this.ipBlocks.lookup(ip)) {
        reasons.push(`source IP ${normalizeIp(q.sourceIp)} is blocked by ip ${e.value} (${e.source})`);
      }
    }
    if (customer) {
      for (const e of this.accountBlocks.get(customer.id) ?? []) {
        reasons.push(`account ${customer.accountCode} is blocked (${e.source})`);
      }
    }
    // Local dialling is read in the caller's NANP context: a 7-digit number is never a country code.
    const callee = normalizeNumber(q.callee, { callerE164: this.callerNumber(q.caller) });
    if (callee && this.destinations.size) {
      for (let len = 2; len <= callee.length; len++) {
        for (const e of this.destinations.get(callee.slice(0, len)) ?? []) {
          if (applies(e)) reasons.push(`callee ${callee} matches destination ${e.value} (${e.source})`);
        }
      }
    }
    if (q.caller && this.seatKeys.size) {
      const seen = new Set<BlockEntry>();
      for (const k of callerKeys(q.caller)) {
        for (const e of this.seatKeys.get(k) ?? []) {
          if (applies(e) && !seen.has(e)) {
            seen.add(e);
            reasons.push(`caller ${q.caller} is blocked seat ${e.value} (${e.source})`);
          }
        }
      }
    }
    return { decision: reasons.length ? 'deny' : 'allow', reasons };
  }
}
