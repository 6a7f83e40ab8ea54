import { describe, expect, it } from 'vitest';
import { mergeAction, statusOf, strongest, type BruteForceFinding } from '../blacklist/blacklist-model.js';
import { parseCidr } from '../common/ip.js';
import { busiestWindow, type Failure, levelOf, reasonOf, trustOf } from './brute-force.js';

const T0 = Date.parse('2026-01-05T09:00:00Z');
const MIN = 60_000;
const sip = (m: number, user: string | null = null): Failure => ({ atMs: T0 + m * MIN, source: 'sip', user });
const portal = (m: number, user: string): Failure => ({ atMs: T0 + m * MIN, source: 'portal', user });
const params = { window: { minutes: 10 }, warn: 3, block: 5, sources: ['sip', 'portal'] as ('sip' | 'portal')[] };

describe(busiestWindow.name, () => {
  it('counts failures at [end - window, end], both ends included, and picks the busiest window among the new ends', () => {
    const failures = [sip(0, '1001'), sip(1, '1002'), portal(5, 'a@x.test'), sip(10, '1001'), sip(10.5)];
    expect(busiestWindow(failures, [T0 + 10 * MIN], params)).toEqual({
      sip: 3,
      portal: 1,
      firstMs: T0,
      lastMs: T0 + 10 * MIN,
      users: ['1001', '1002', 'a@x.test'],
    });
    // Ending half a minute later, the failure at T0 falls out.
    expect(busiestWindow(failures, [T0 + 10.5 * MIN], params)).toMatchObject({ sip: 3, portal: 1, firstMs: T0 + MIN });
    // Among several new failures, the window ending at the busiest one.
    expect(busiestWindow([...failures, sip(20)], [T0 + 20 * MIN, T0 + 10 * MIN], params)).toMatchObject({
      sip: 3,
      portal: 1,
    });
  });

  it('counts only the rule’s sources', () => {
    const w = busiestWindow([sip(0), portal(1, 'a@x.test')], [T0 + MIN], { ...params, sources: ['portal'] });
    expect(w).toMatchObject({ sip: 0, portal: 1 });
    expect(busiestWindow([sip(0)], [T0], { ...params, sources: ['portal'] })).toBeNull();
  });
});

describe(levelOf.name, () => {
  const w = (n: number) => ({ sip: n, portal: 0, firstMs: 0, lastMs: 0, users: [] });
  it('is warn from warn, block from block, nothing below', () => {
    expect([2, 3, 4, 5, 9].map((n) => levelOf(w(n), params))).toEqual([null, 'warn', 'warn', 'block', 'block']);
    expect(levelOf(w(4), { block: 5 })).toBeNull();
  });
});

describe(trustOf.name, () => {
  const trusted = [parseCidr('192.0.2.128/25')!];
  it("names the customer's range first, then BLACKLIST_TRUSTED", () => {
    expect(
      trustOf('198.51.100.5', trusted, { ip: '198.51.100.5', accountCode: 'HARB009', cidr: '198.51.100.0/28' }),
    ).toBe("HARB009's registered range 198.51.100.0/28");
    expect(trustOf('192.0.2.200', trusted, undefined)).toBe('192.0.2.128/25 on BLACKLIST_TRUSTED');
    expect(trustOf('192.0.2.1', trusted, undefined)).toBeNull();
  });
});

describe(reasonOf.name, () => {
  const rule = { name: 'SIP brute force', mode: 'live' as const, params: { ...params, warn: undefined, block: 50 } };
  const w = {
    sip: 212,
    portal: 14,
    firstMs: T0,
    lastMs: T0 + 10 * MIN,
    users: ['1001', '1002', '1003', '1004', '1005', '1006'],
  };
  it('says how many failures of each kind, from where, which users, and the rule', () => {
    expect(reasonOf(rule, '203.0.113.9', w, 'block', null)).toBe(
      "212 failed SIP registrations and 14 failed portal logins in 10 min from 203.0.113.9 (users 1001, 1002, 1003, 1004, 1005 …); rule 'SIP brute force' blocks at 50 per 10 min",
    );
  });
  it('says what came of it for a trusted address and for a shadow rule', () => {
    const one = { ...w, sip: 1, portal: 0, lastMs: T0, users: ['1001'] };
    expect(reasonOf({ ...rule, mode: 'shadow' }, '203.0.113.9', one, 'warn', null)).toBe(
      "1 failed SIP registration at once from 203.0.113.9 (user 1001); rule 'SIP brute force' blocks at 50 per 10 min; shadow rule: it would have watched it",
    );
    expect(reasonOf(rule, '192.0.2.200', one, 'block', '192.0.2.128/25 on BLACKLIST_TRUSTED')).toMatch(
      /; trusted, in 192\.0\.2\.128\/25 on BLACKLIST_TRUSTED, so not blacklisted$/,
    );
  });
});

describe(mergeAction.name, () => {
  const finding = (over: Partial<BruteForceFinding> = {}): BruteForceFinding => ({
    ip: '203.0.113.9',
    level: 'block',
    shadow: false,
    trusted: false,
    reason: '',
    sipFailures: 10,
    portalFailures: 0,
    users: [],
    firstFailureAt: new Date(T0),
    lastFailureAt: new Date(T0),
    ruleId: 'r',
    ruleName: 'r',
    ...over,
  });
  const entry = (status: 'blacklisted' | 'watch' | 'trusted' | 'whitelisted', level: 'warn' | 'block', n: number) => ({
    status,
    level,
    sipFailures: n,
    portalFailures: 0,
  });

  it('never touches a whitelisted entry', () => {
    expect(mergeAction(entry('whitelisted', 'block', 1), finding({ sipFailures: 500 }))).toBe('keep');
  });
  it('raises watch to blacklisted, never lowers, and refreshes on more failures at the same level', () => {
    expect(mergeAction(null, finding())).toBe('insert');
    expect(mergeAction(entry('watch', 'warn', 20), finding())).toBe('update');
    expect(mergeAction(entry('blacklisted', 'block', 10), finding({ level: 'warn', sipFailures: 99 }))).toBe('keep');
    expect(mergeAction(entry('blacklisted', 'block', 10), finding({ sipFailures: 10 }))).toBe('keep');
    expect(mergeAction(entry('blacklisted', 'block', 10), finding({ sipFailures: 11 }))).toBe('update');
  });
  it('follows the address into and out of the trusted list', () => {
    expect(mergeAction(entry('blacklisted', 'block', 10), finding({ trusted: true, level: 'warn' }))).toBe('update');
    expect(mergeAction(entry('trusted', 'block', 10), finding({ level: 'warn', sipFailures: 3 }))).toBe('update');
  });
  it('gives each finding its status, and an IP the strongest of its live findings', () => {
    expect(statusOf({ level: 'block', shadow: true, trusted: true })).toBe('shadow');
    expect(statusOf({ level: 'block', shadow: false, trusted: true })).toBe('trusted');
    expect(statusOf({ level: 'warn', shadow: false, trusted: false })).toBe('watch');
    const warnMany = finding({ level: 'warn', sipFailures: 100 });
    const block = finding({ ruleId: 'b' });
    expect(strongest([warnMany, block])).toBe(block);
    expect(strongest([])).toBeNull();
  });
});
