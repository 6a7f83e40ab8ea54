// The brute-force detector's arithmetic, free of I/O: the busiest window of one IP's failures that ends at a
// new failure, the threshold it reaches, whether the address is trusted, and the plain words that say why.
import { type Cidr, cidrContains, displayCidr, parseIp } from '../common/ip.js';
import type { RegisteredRange } from '../customers/customer-ip-rows.js';
import type { BruteForceParams, DetectionRule, FailureSource } from './rule-model.js';
import { windowAt } from './threshold.js';

/** One failed SIP registration or portal login from the IP. */
export interface Failure {
  atMs: number;
  source: FailureSource;
  /** The SIP username or the portal email tried. */
  user: string | null;
}

export interface FailureWindow {
  sip: number;
  portal: number;
  firstMs: number;
  lastMs: number;
  /** Distinct, in the order first tried. */
  users: string[];
}

/** How many users an entry keeps. */
export const MAX_USERS = 50;

/**
 * The window with the most failures the rule counts, among those ending at one of the new failures `endsMs`:
 * failures at [end - window, end], both ends included (as threshold rules count calls). `failures` are
 * oldest first. Null when the rule counts none of them.
 */
export function busiestWindow(
  failures: readonly Failure[],
  endsMs: readonly number[],
  p: Pick<BruteForceParams, 'window' | 'sources'>,
): FailureWindow | null {
  const counted = failures.filter((f) => p.sources.includes(f.source));
  const starts = counted.map((f) => f.atMs);
  const windowMs = p.window.minutes * 60_000;
  let best: [number, number] | null = null;
  for (const end of endsMs) {
    const [a, b] = windowAt(starts, end, windowMs);
    if (b > a && (!best || b - a > best[1] - best[0])) best = [a, b];
  }
  if (!best) return null;
  const inWindow = counted.slice(best[0], best[1]);
  return {
    sip: inWindow.filter((f) => f.source === 'sip').length,
    portal: inWindow.filter((f) => f.source === 'portal').length,
    firstMs: inWindow[0].atMs,
    lastMs: inWindow[inWindow.length - 1].atMs,
    users: [...new Set(inWindow.map((f) => f.user).filter((u): u is string => !!u))].slice(0, MAX_USERS),
  };
}

export function levelOf(w: FailureWindow, p: Pick<BruteForceParams, 'warn' | 'block'>): 'warn' | 'block' | null {
  const count = w.sip + w.portal;
  if (count >= p.block) return 'block';
  if (p.warn !== undefined && count >= p.warn) return 'warn';
  return null;
}

/**
 * Why an address is never blacklisted, or null: inside a customer's registered range (the most specific), or on
 * BLACKLIST_TRUSTED.
 */
export function trustOf(ip: string, trusted: readonly Cidr[], registered: RegisteredRange | undefined): string | null {
  if (registered) return `${registered.accountCode}'s registered range ${displayCidr(registered.cidr)}`;
  const parsed = parseIp(ip);
  const hit = parsed && trusted.find((c) => cidrContains(c, parsed));
  return hit ? `${displayCidr(hit.text)} on BLACKLIST_TRUSTED` : null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

function span(w: FailureWindow): string {
  const ms = w.lastMs - w.firstMs;
  if (ms < 60_000) return ms < 1000 ? 'at once' : `in ${Math.round(ms / 1000)} s`;
  return `in ${Math.round(ms / 60_000)} min`;
}

function users(list: readonly string[], max = 5): string {
  if (!list.length) return '';
  const shown = list.length <= max ? list.join(', ') : `${list.slice(0, max).join(', ')} …`;
  return ` (${list.length === 1 ? 'user' : 'users'} ${shown})`;
}

/**
 * The plain words, e.g. "212 failed SIP registrations and 14 failed portal logins in 10 min from 203.0.113.9
 * (users 1001, 1002 …); rule 'SIP brute force' blocks at 50 per 10 min", and what came of it when the address
 * is trusted or the rule is in shadow.
 */
export function reasonOf(
  rule: Pick<DetectionRule<'brute_force'>, 'name' | 'mode' | 'params'>,
  ip: string,
  w: FailureWindow,
  level: 'warn' | 'block',
  trust: string | null,
): string {
  const p = rule.params;
  const counts = [
    ...(w.sip || !p.sources.includes('portal')
      ? [plural(w.sip, 'failed SIP registration', 'failed SIP registrations')]
      : []),
    ...(w.portal || !p.sources.includes('sip')
      ? [plural(w.portal, 'failed portal login', 'failed portal logins')]
      : []),
  ].join(' and ');
  const thresholds = p.warn !== undefined ? `warns at ${p.warn} and blocks at ${p.block}` : `blocks at ${p.block}`;
  const outcome = level === 'block' ? 'blacklisted' : 'watched';
  const after = [
    trust && `trusted, in ${trust}, so not ${outcome}`,
    rule.mode === 'shadow' && (trust ? 'shadow rule' : `shadow rule: it would have ${outcome} it`),
  ].filter(Boolean);
  return (
    `${counts} ${span(w)} from ${ip}${users(w.users)}; rule '${rule.name}' ${thresholds} per ${p.window.minutes} min` +
    after.map((a) => `; ${a}`).join('')
  );
}
