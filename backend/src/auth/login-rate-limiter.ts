/** One login attempt in a window: a failure, or an attempt whose password is still being checked. */
interface Attempt {
  at: number;
  ip: string;
}

/** A login that may go ahead; settle it with `succeed`, `fail` or `release`. */
export interface LoginTicket {
  readonly ip: string;
  readonly account: string;
  readonly attempt: Attempt;
  /** The account was already over its limit: only a right password gets in. */
  readonly accountLocked: boolean;
}

export type Admission = { ticket: LoginTicket } | { retryAfter: number };

/**
 * Sliding-window counters of failed logins per source IP and per account. In memory: one process
 * serves the API; a restart forgetting counts is acceptable (every failure is also in login_failures).
 *
 * `admit` checks and reserves an attempt in one synchronous step, so a parallel burst cannot get
 * more tries than the limits while its passwords are being verified. The per-account limit only
 * shuts out the addresses that produced the failures: from any other address the right password
 * still gets in, so nobody can lock an admin out by failing on purpose. A wrong password at a locked
 * account uses up that address's chance, so each further guess needs a new address.
 */
export class LoginRateLimiter {
  private readonly byIp = new Map<string, Attempt[]>();
  private readonly byAccount = new Map<string, Attempt[]>();
  private sweepAbove = 10_000;

  constructor(
    private readonly perIp: number,
    private readonly perAccount: number,
    private readonly windowMs: number,
  ) {}

  admit(ip: string, account: string, now = Date.now()): Admission {
    const fromIp = this.recent(this.byIp, ip, now);
    if (fromIp.length >= this.perIp) return { retryAfter: this.untilBelow(fromIp, this.perIp, now) };

    const onAccount = this.recent(this.byAccount, account, now);
    const accountLocked = onAccount.length >= this.perAccount;
    if (accountLocked) {
      const mine = onAccount.filter((a) => a.ip === ip);
      if (mine.length) {
        const accountWait = this.untilBelow(onAccount, this.perAccount, now);
        const addressWait = seconds(mine[mine.length - 1].at + this.windowMs - now);
        return { retryAfter: Math.min(accountWait, addressWait) };
      }
    }
    const attempt = { at: now, ip };
    this.add(this.byIp, ip, attempt);
    this.add(this.byAccount, account, attempt);
    return { ticket: { ip, account, attempt, accountLocked } };
  }

  /** The password was wrong: the reserved attempt stays as a failure. Seconds to wait when that locks the caller out. */
  fail(ticket: LoginTicket, now = Date.now()): number {
    return ticket.accountLocked ? this.peek(ticket.ip, ticket.account, now) : 0;
  }

  /** Signed in: forget the reservation and this address's earlier failures on the account (its own typos). */
  succeed(ticket: LoginTicket): void {
    this.remove(this.byIp, ticket.ip, ticket.attempt);
    const list = this.byAccount.get(ticket.account);
    if (!list) return;
    const rest = list.filter((a) => a.ip !== ticket.ip);
    if (rest.length) this.byAccount.set(ticket.account, rest);
    else this.byAccount.delete(ticket.account);
  }

  /** The check itself broke (e.g. the database was unreachable): the attempt does not count. */
  release(ticket: LoginTicket): void {
    this.remove(this.byIp, ticket.ip, ticket.attempt);
    this.remove(this.byAccount, ticket.account, ticket.attempt);
  }

  /** Seconds this address must wait before trying this account, without reserving anything. */
  private peek(ip: string, account: string, now: number): number {
    const fromIp = this.recent(this.byIp, ip, now);
    if (fromIp.length >= this.perIp) return this.untilBelow(fromIp, this.perIp, now);
    const onAccount = this.recent(this.byAccount, account, now);
    const mine = onAccount.filter((a) => a.ip === ip);
    if (onAccount.length < this.perAccount || !mine.length) return 0;
    return Math.min(
      this.untilBelow(onAccount, this.perAccount, now),
      seconds(mine[mine.length - 1].at + this.windowMs - now),
    );
  }

  /** Seconds until fewer than `max` of the (time-ordered) attempts are left in the window. */
  private untilBelow(list: Attempt[], max: number, now: number): number {
    return seconds(list[list.length - max].at + this.windowMs - now);
  }

  private recent(map: Map<string, Attempt[]>, key: string, now: number): Attempt[] {
    const list = map.get(key);
    if (!list) return [];
    const from = now - this.windowMs;
    let i = 0;
    while (i < list.length && list[i].at <= from) i++;
    if (i === 0) return list;
    if (i === list.length) {
      map.delete(key);
      return [];
    }
    const kept = list.slice(i);
    map.set(key, kept);
    return kept;
  }

  private add(map: Map<string, Attempt[]>, key: string, attempt: Attempt): void {
    const list = map.get(key);
    if (list) list.push(attempt);
    else map.set(key, [attempt]);
    if (map.size > this.sweepAbove) this.sweep(attempt.at);
  }

  private remove(map: Map<string, Attempt[]>, key: string, attempt: Attempt): void {
    const list = map.get(key);
    const i = list?.indexOf(attempt) ?? -1;
    if (!list || i < 0) return;
    list.splice(i, 1);
    if (!list.length) map.delete(key);
  }

  // Random emails and addresses would otherwise pile up keys that nobody looks at again.
  private sweep(now: number): void {
    for (const map of [this.byIp, this.byAccount]) for (const key of [...map.keys()]) this.recent(map, key, now);
    this.sweepAbove = Math.max(10_000, 2 * Math.max(this.byIp.size, this.byAccount.size));
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));
