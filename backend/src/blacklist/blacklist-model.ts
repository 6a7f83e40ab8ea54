// The IP blacklist's statuses and how a new brute-force finding changes an IP's entry. Pure: no I/O.

/**
 * `blacklisted`: enforced (in the enforcement blocklist); `watch`: crossed a rule's warn threshold, listed only;
 * `trusted`: crossed, but a customer's registered address or BLACKLIST_TRUSTED, so never blacklisted;
 * `whitelisted`: taken off by staff, and kept off until an admin removes the whitelist; `shadow`: what a shadow
 * rule would have done, never enforced.
 */
export const BLACKLIST_STATUSES = ['blacklisted', 'watch', 'trusted', 'whitelisted', 'shadow'] as const;
export type BlacklistStatus = (typeof BLACKLIST_STATUSES)[number];

/** Which threshold of its rule the IP crossed. */
export const BLACKLIST_LEVELS = ['warn', 'block'] as const;
export type BlacklistLevel = (typeof BLACKLIST_LEVELS)[number];

/** What the brute-force detector found about one IP under one rule. */
export interface BruteForceFinding {
  /** Normalised address. */
  ip: string;
  level: BlacklistLevel;
  shadow: boolean;
  /** A customer's registered address or on BLACKLIST_TRUSTED. */
  trusted: boolean;
  /** Plain words: the counts, the window, the users tried, the rule and its thresholds. */
  reason: string;
  sipFailures: number;
  portalFailures: number;
  users: string[];
  firstFailureAt: Date;
  lastFailureAt: Date;
  ruleId: string;
  ruleName: string;
}

export interface BlacklistEntry {
  id: string;
  ip: string;
  status: BlacklistStatus;
  level: BlacklistLevel;
  reason: string;
  sipFailures: number;
  portalFailures: number;
  users: string[];
  firstFailureAt: Date | null;
  lastFailureAt: Date | null;
  ruleId: string | null;
  ruleName: string | null;
  createdAt: Date;
  updatedAt: Date;
  whitelistedAt: Date | null;
  whitelistedBy: { id: string | null; name: string } | null;
}

export function statusOf(f: Pick<BruteForceFinding, 'level' | 'shadow' | 'trusted'>): BlacklistStatus {
  if (f.shadow) return 'shadow';
  if (f.trusted) return 'trusted';
  return f.level === 'block' ? 'blacklisted' : 'watch';
}

const rank = (level: BlacklistLevel) => (level === 'block' ? 2 : 1);

/**
 * What a finding does to the IP's entry (the live one, or the shadow rule's own): a new entry, a replaced one
 * (a higher level, more failures at the same level, or the address became or stopped being trusted), or
 * nothing. A whitelisted entry is never replaced: only an admin removes a whitelist.
 */
export function mergeAction(
  existing: Pick<BlacklistEntry, 'status' | 'level' | 'sipFailures' | 'portalFailures'> | null,
  next: BruteForceFinding,
): 'insert' | 'update' | 'keep' {
  if (!existing) return 'insert';
  if (existing.status === 'whitelisted') return 'keep';
  if ((existing.status === 'trusted') !== (statusOf(next) === 'trusted')) return 'update';
  if (rank(next.level) !== rank(existing.level)) return rank(next.level) > rank(existing.level) ? 'update' : 'keep';
  return next.sipFailures + next.portalFailures > existing.sipFailures + existing.portalFailures ? 'update' : 'keep';
}

/** Most severe first: the live entry of an IP takes the strongest finding of the live rules. */
export function strongest(findings: readonly BruteForceFinding[]): BruteForceFinding | null {
  let best: BruteForceFinding | null = null;
  for (const f of findings) {
    if (
      !best ||
      rank(f.level) > rank(best.level) ||
      (rank(f.level) === rank(best.level) && f.sipFailures + f.portalFailures > best.sipFailures + best.portalFailures)
    )
      best = f;
  }
  return best;
}
