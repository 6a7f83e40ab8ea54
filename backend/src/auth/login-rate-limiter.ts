/**
 * Sliding-window counters of failed logins per source IP and per account. In memory: one process
 * serves the API; a restart forgetting counts is acceptable (every failure is also in login_failures).
 */
export class LoginRateLimiter {
  private readonly byIp = new Map<string, number[]>();
  private readonly byAccount = new Map<string, number[]>();

  constructor(
    private readonly perIp: number,
    private readonly perAccount: number,
    private readonly windowMs: number,
  ) {}

  /** Seconds to wait, or 0 when a login attempt may proceed. */
  retryAfter(ip: string, account: string, now = Date.now()): number {
    const wait = (list: number[] | undefined, max: number) => {
      const recent = this.prune(list, now);
      return recent.length >= max ? Math.ceil((recent[0] + this.windowMs - now) / 1000) : 0;
    };
    return Math.max(wait(this.byIp.get(ip), this.perIp), wait(this.byAccount.get(account), this.perAccount));
  }

  recordFailure(ip: string, account: string, now = Date.now()): void {
    for (const [map, key] of [
      [this.byIp, ip],
      [this.byAccount, account],
    ] as const) {
      const list = this.prune(map.get(key), now);
      list.push(now);
      map.set(key, list);
    }
  }

  recordSuccess(account: string): void {
    this.byAccount.delete(account);
  }

  private prune(list: number[] | undefined, now: number): number[] {
    if (!list) return [];
    const from = now - this.windowMs;
    let i = 0;
    while (i < list.length && list[i] <= from) i++;
    return i ? list.slice(i) : list;
  }
}
