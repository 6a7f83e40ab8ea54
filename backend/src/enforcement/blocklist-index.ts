// The in-memory blocklist the switch asks on every call. Pure: built from rows, no I/O.
import { foldAccountCode } from '../common/account-code.js';
import { type Cidr, normalizeIp, parseCidr, parseIp } from '../common/ip.js';
import { isCaribbean, isInternational } from '../common/phone/destination-class.js';
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
  /** When the block ends by itself (a timer restores it); null when permanent. */
  expiresAt?: string | null;
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

/** The block that decided a denial, as the answer names it. */
export interface DecidingRestriction {
  kind: RestrictionKind;
  value: string;
  /** `FRD-000123`, `brute-force`, or `real-time rule '…'` for a block placed at call set-up. */
  source: string;
  expiresAt?: string;
}

export interface Decision {
  decision: 'allow' | 'deny';
  reasons: string[];
  restriction?: DecidingRestriction;
  emergency?: true;
}

/** What the index reads from a request: the call's customer, the seat the caller names, the callee as E.164. */
export interface CallFacts {
  customer: CustomerRef | null;
  seat: SeatRef | null;
  /** The callee as E.164 (local dialling read in the caller's context), null when it is not a number. */
  callee: string | null;
  /** The source address in canonical text (an IPv4-mapped IPv6 address is its IPv4 address). */
  sourceIp: string;
}

/** Decides whether a number is above the customer's price cap (the `premium` destination class). */
export type PremiumCheck = (customerId: string, e164: string) => boolean;

/** A block that belongs to one customer: the switch applies it to that account's calls only. */
export interface AccountBlock {
  account: string;
  value: string;
  /** When the block ends by itself; absent when permanent. */
  expiresAt?: string;
}

/** What the switch loads (API.md §Enforcement). IPs are global; every other entry names its account. */
export interface Blocklist {
  ips: string[];
  seats: AccountBlock[];
  groups: AccountBlock[];
  destinations: AccountBlock[];
  /** `international`, `caribbean` (non-US NANP), `premium` (above the customer's price cap). */
  destinationClasses: AccountBlock[];
  accounts: string[];
  version: number;
}

export const BLOCKLIST_KINDS = ['ip', 'seat', 'group', 'destination', 'destination_class', 'account'] as const;
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
  private readonly destinationClasses: BlockEntry[] = [];
  private readonly seatKeys = new Map<string, BlockEntry[]>();
  /** Seat identities (userId, SIP username lower-cased; DID) → the seats they name. */
  private readonly seatsByKey = new Map<string, SeatRef[]>();
  private readonly seatByUserId = new Map<string, SeatRef>();
  private readonly accountBlocks = new Map<string, BlockEntry[]>();
  private readonly customerByAccount = new Map<string, CustomerRef>();
  /** By the code as stored, which is how a switch usually sends it: found without folding. */
  private readonly customerByStoredCode = new Map<string, CustomerRef>();
  private readonly customerRanges = new CidrMap<CustomerRef>();
  /** Every entry, groups expanded to their seats: what the blocklist lists. */
  private readonly entries: BlockEntry[] = [];
  private list: Blocklist | null = null;
  private liveVersion = 0;

  constructor(
    entries: BlockEntry[],
    private readonly seats: SeatRef[],
    customers: CustomerRef[],
    private readonly dbVersion: number,
    private readonly premium: PremiumCheck = () => false,
  ) {
    for (const c of customers) {
      this.customerByAccount.set(foldAccountCode(c.accountCode), c);
      this.customerByStoredCode.set(c.accountCode, c);
      for (const text of c.cidrs) {
        const cidr = parseCidr(text);
        if (cidr) this.customerRanges.add(cidr, c);
      }
    }
    for (const s of seats) {
      this.seatByUserId.set(`${s.customerId}\n${s.userId}`, s);
      for (const k of new Set([s.userId.toLowerCase(), s.sipUsername?.toLowerCase(), normalizeNumber(s.did)])) {
        if (k) push(this.seatsByKey, k, s);
      }
    }
    for (const e of entries) this.add(e);
  }

  static empty(): BlocklistIndex {
    return new BlocklistIndex([], [], [], 0);
  }

  get version(): number {
    return this.dbVersion + this.liveVersion;
  }

  /**
   * Blocks placed at call set-up by the real-time rules, before their case is written: in force at once. The
   * next rebuild from the database carries them over until the restriction rows exist.
   */
  addLive(entries: readonly BlockEntry[], versionBump: number): void {
    for (const e of entries) this.add(e);
    this.liveVersion += versionBump;
    this.list = null;
  }

  private add(e: BlockEntry): void {
    this.entries.push(e);
    switch (e.kind) {
      case 'ip': {
        const cidr = parseCidr(e.value);
        if (cidr) this.ipBlocks.add(cidr, e);
        break;
      }
      case 'destination':
        push(this.destinations, e.value, e);
        break;
      case 'destination_class':
        this.destinationClasses.push(e);
        break;
      case 'account':
        push(this.accountBlocks, e.customerId ?? '', e);
        break;
      case 'seat': {
        const s = this.seatByUserId.get(`${e.customerId}\n${e.value}`);
        const keys = [e.value.toLowerCase(), s?.sipUsername?.toLowerCase(), normalizeNumber(s?.did)];
        for (const k of new Set(keys)) if (k) push(this.seatKeys, k, e);
        break;
      }
      case 'group':
        // A blocked group blocks each of its seats.
        for (const s of this.seats) {
          if (s.customerId === e.customerId && s.groupExternalId === e.value) {
            this.add({ ...e, kind: 'seat', value: s.userId, source: `${e.source}, group ${e.value}` });
          }
        }
        break;
    }
  }

  blocklist(): Blocklist {
    if (this.list) return this.list;
    const all = this.entries;
    const byAccount = (kind: RestrictionKind): AccountBlock[] => {
      const seen = new Map<string, AccountBlock>();
      for (const e of all.filter((x) => x.kind === kind)) {
        // No source produces a customer-less seat/group/destination today; '*' would say "every account".
        const account = e.accountCode ?? '*';
        const key = `${account}\n${e.value}`;
        const before = seen.get(key);
        // The same block from two sources lasts as long as the longest of them.
        const expiresAt =
          before && (!before.expiresAt || !e.expiresAt) ? undefined : later(before?.expiresAt, e.expiresAt);
        seen.set(key, { account, value: e.value, ...(expiresAt && { expiresAt }) });
      }
      return [...seen.values()].sort((a, b) => compare(a.account, b.account) || compare(a.value, b.value));
    };
    this.list = {
      ips: [...new Set(all.filter((e) => e.kind === 'ip').map((e) => e.value))].sort(),
      seats: byAccount('seat'),
      groups: byAccount('group'),
      destinations: byAccount('destination'),
      destinationClasses: byAccount('destination_class'),
      accounts: [...new Set(all.filter((e) => e.kind === 'account').map((e) => e.accountCode ?? e.value))].sort(),
      version: this.version,
    };
    return this.list;
  }

  /**
   * One entry per line. All kinds: `ip <value>` and `<kind> <account> <value>` (an account block's value
   * is its account code). One kind: bare values for `ip` (ipset/nftables), `<account> <value>` otherwise
   * (a Kamailio htable or a dialplan lookup). A block that expires ends its line with `expires=<ISO time>`.
   */
  text(kind?: BlocklistKind): string {
    const list = this.blocklist();
    const lines = (k: BlocklistKind): string[][] => {
      switch (k) {
        case 'ip':
          return list.ips.map((v) => [v]);
        case 'account':
          return list.accounts.map((a) => [a, a]);
        case 'seat':
        case 'group':
        case 'destination':
          return list[`${k}s`].map(fields);
        case 'destination_class':
          return list.destinationClasses.map(fields);
      }
    };
    const rows = kind ? lines(kind) : BLOCKLIST_KINDS.flatMap((k) => lines(k).map((f) => [k, ...f]));
    return rows.map((f) => f.map(token).join(' ') + '\n').join('');
  }

  /** The caller's own number: the caller string itself when it is one, else the DID of the seat it names. */
  private callerNumber(caller: string | undefined): string | null {
    if (!caller) return null;
    const keys = callerKeys(caller);
    for (const k of keys) if (k.startsWith('+')) return k;
    for (const k of keys) {
      const did = this.seatsByKey.get(k)?.find((s) => s.did)?.did;
      if (did) return normalizeNumber(did);
    }
    return null;
  }

  /** The request's customer (account code, else the most specific registered range), seat and callee. */
  facts(q: AuthorizeQuery): CallFacts {
    const ip = parseIp(q.sourceIp);
    let customer = q.accountCode
      ? (this.customerByStoredCode.get(q.accountCode) ??
        this.customerByAccount.get(foldAccountCode(q.accountCode)) ??
        null)
      : ip
        ? (this.customerRanges.lookup(ip)[0] ?? null)
        : null;
    let seat: SeatRef | null = null;
    if (q.caller) {
      for (const k of callerKeys(q.caller)) {
        const found = this.seatsByKey.get(k);
        seat = found?.find((s) => !customer || s.customerId === customer.id) ?? null;
        if (seat) break;
      }
    }
    // A seat names its customer when neither the account code nor the address did.
    if (!customer && seat && !q.accountCode) {
      for (const c of this.customerByAccount.values()) if (c.id === seat.customerId) customer = c;
    }
    // Local dialling is read in the caller's NANP context: a 7-digit number is never a country code.
    const callee = normalizeNumber(q.callee, { callerE164: this.callerNumber(q.caller) });
    return { customer, seat, callee, sourceIp: normalizeIp(q.sourceIp) ?? q.sourceIp };
  }

  authorize(q: AuthorizeQuery, facts: CallFacts = this.facts(q)): Decision {
    const { customer, callee } = facts;
    // When the call's customer is unknown, every customer's blocks apply (fail closed).
    const applies = (e: BlockEntry) => e.customerId === null || !customer || e.customerId === customer.id;
    const reasons: string[] = [];
    let first: BlockEntry | null = null;
    const deny = (e: BlockEntry, reason: string) => {
      first ??= e;
      reasons.push(reason);
    };
    const ip = parseIp(q.sourceIp);
    if (ip) {
      for (const e of this.ipBlocks.lookup(ip)) {
        deny(e, `source IP ${facts.sourceIp} is blocked by ip ${e.value} (${e.source})`);
      }
    }
    if (customer) {
      for (const e of this.accountBlocks.get(customer.id) ?? []) {
        deny(e, `account ${customer.accountCode} is blocked (${e.source})`);
      }
    }
    if (callee && this.destinations.size) {
      for (let len = 2; len <= callee.length; len++) {
        for (const e of this.destinations.get(callee.slice(0, len)) ?? []) {
          if (applies(e)) deny(e, `callee ${callee} matches destination ${e.value} (${e.source})`);
        }
      }
    }
    if (callee) {
      for (const e of this.destinationClasses) {
        if (!applies(e) || !this.inClass(e, callee)) continue;
        deny(
          e,
          `callee ${callee} is ${CLASS_WORDS[e.value] ?? e.value}, restricted for ${e.accountCode} (${e.source})`,
        );
      }
    }
    if (q.caller && this.seatKeys.size) {
      const seen = new Set<BlockEntry>();
      for (const k of callerKeys(q.caller)) {
        for (const e of this.seatKeys.get(k) ?? []) {
          if (applies(e) && !seen.has(e)) {
            seen.add(e);
            deny(e, `caller ${q.caller} is blocked seat ${e.value} (${e.source})`);
          }
        }
      }
    }
    const decided = first as BlockEntry | null;
    if (!decided) return { decision: 'allow', reasons };
    const restriction: DecidingRestriction = { kind: decided.kind, value: decided.value, source: decided.source };
    if (decided.expiresAt) restriction.expiresAt = decided.expiresAt;
    return { decision: 'deny', reasons, restriction };
  }

  private inClass(e: BlockEntry, callee: string): boolean {
    switch (e.value) {
      case 'international':
        return isInternational(callee);
      case 'caribbean':
        return isCaribbean(callee);
      case 'premium':
        return e.customerId !== null && this.premium(e.customerId, callee);
      default:
        return false;
    }
  }
}

const CLASS_WORDS: Record<string, string> = {
  international: 'an international destination',
  caribbean: 'a Caribbean NANP destination',
  premium: "priced above the customer's cap",
};

function fields(e: AccountBlock): string[] {
  return e.expiresAt ? [e.account, e.value, `expires=${e.expiresAt}`] : [e.account, e.value];
}

function later(a: string | undefined, b: string | null | undefined): string | undefined {
  if (!a) return b ?? undefined;
  if (!b) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}
