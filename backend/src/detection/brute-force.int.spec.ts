import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, eventually } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';

const SWITCH_TOKEN = 'sbc-token-0123456789abcdef';
const T0 = Date.parse('2026-01-05T09:00:00Z');
const MIN = 60_000;
const at = (ms: number) => new Date(T0 + ms).toISOString();

interface Entry {
  ip: string;
  status: string;
  level: string;
  reason: string;
  sipFailures: number;
  portalFailures: number;
  users: string[];
  firstFailureAt: string;
  lastFailureAt: string;
  ruleId: string;
  ruleName: string;
  createdAt: string;
  whitelistedAt: string | null;
  whitelistedBy: { id: string; name: string } | null;
}

describe('brute force: failed SIP registrations and portal logins blacklist an IP (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const clock = new ManualClock(new Date(T0));
  const sbc = { authorization: `Bearer ${SWITCH_TOKEN}` };

  /** Failed registrations from `ip` at T0 + each offset, as the SBC reports them. */
  const report = async (ip: string, offsets: number[], user = (i: number) => `100${i}`) =>
    expectStatus(
      await t.api('POST', '/api/sip-auth-failures', {
        headers: sbc,
        body: offsets.map((o, i) => ({ sourceIp: ip, username: user(i), at: at(o) })),
      }),
      201,
    ).body as { accepted: number; rejected: number; errors: unknown[]; blacklisted: string[] };
  const entries = async (query = '') =>
    expectStatus(await t.api('GET', `/api/blacklist${query}`, { token: w.tech }), 200).body.items as Entry[];
  const entryOf = async (ip: string, status?: string) =>
    (await entries(status ? `?status=${status}` : '')).filter((e) => e.ip === ip);
  const blocklist = async () =>
    expectStatus(await t.api('GET', '/api/enforcement/blocklist', { headers: sbc }), 200).body as { ips: string[] };
  const authorize = async (sourceIp: string) =>
    expectStatus(
      await t.api('POST', '/api/enforcement/authorize', { headers: sbc, body: { sourceIp, callee: '+16175550199' } }),
      200,
    ).body as { decision: string; reasons: string[] };
  const createRule = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/rules', { token: w.admin, body }), 201).body;
  const failLogin = async (ip: string, email: string) =>
    expectError(
      await t.api('POST', '/api/auth/login', {
        headers: { 'x-forwarded-for': ip },
        body: { email, password: 'not-the-password' },
      }),
      401,
      'invalid_credentials',
    );

  const sipRule = {
    name: 'SIP brute force',
    kind: 'brute_force',
    scope: 'global',
    params: { window: { minutes: 10 }, warn: 5, block: 8, sources: ['sip', 'portal'] },
  };
  let rule: { id: string };

  beforeAll(async () => {
    t = await createTestApp(
      { ENFORCEMENT_TOKEN: SWITCH_TOKEN, TRUST_PROXY: '1', BLACKLIST_TRUSTED: '192.0.2.128/25, 2001:db8:77::/48' },
      { clock },
    );
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('stores the good failures of a batch and refuses the bad ones by index and reason', async () => {
    const body = [
      { sourceIp: '203.0.113.50', username: '1001', at: at(0) },
      { sourceIp: 'not-an-ip', at: at(0) },
      { sourceIp: '::ffff:203.0.113.51', at: at(MIN) },
      { sourceIp: '203.0.113.50' },
      { sourceIp: '203.0.113.50', at: '10000-01-01T00:00:00Z' },
      { sourceIp: '203.0.113.50', at: at(0), realm: 'sip.example.net' },
      { sourceIp: '203.0.113.50', username: 'x'.repeat(201), at: at(0) },
      42,
      { sourceIp: '198.51.100.0/28', at: at(0) },
    ];
    const res = expectStatus(await t.api('POST', '/api/sip-auth-failures', { headers: sbc, body }), 201).body;
    expect(res).toEqual({
      accepted: 2,
      rejected: 7,
      blacklisted: [],
      errors: [
        { index: 1, reason: 'sourceIp "not-an-ip" is not an IP address' },
        { index: 3, reason: 'at is required' },
        { index: 4, reason: 'at must be an ISO-8601 time in the years 1000 to 9999, got "10000-01-01T00:00:00Z"' },
        { index: 5, reason: 'realm is not a field (sourceIp, username, at)' },
        { index: 6, reason: 'username must be text of at most 200 characters' },
        { index: 7, reason: 'must be an object {sourceIp, username?, at}' },
        { index: 8, reason: 'sourceIp "198.51.100.0/28" is not an IP address' },
      ],
    });
    const { rows } = await t.db.query(
      `SELECT host(source_ip) AS ip, username, at FROM sip_auth_failures ORDER BY at, source_ip`,
    );
    // The IPv4-mapped address is stored as the IPv4 address.
    expect(rows).toEqual([
      { ip: '203.0.113.50', username: '1001', at: new Date(T0) },
      { ip: '203.0.113.51', username: null, at: new Date(T0 + MIN) },
    ]);
  });

  it('takes failures from staff and the SBC token only, and refuses a body that is not a bounded list', async () => {
    const one = [{ sourceIp: '203.0.113.52', at: at(0) }];
    expectError(await t.api('POST', '/api/sip-auth-failures', { token: w.harbUser, body: one }), 403, 'role_forbidden');
    expectError(await t.api('POST', '/api/sip-auth-failures', { token: w.engineer, body: one }), 403, 'role_forbidden');
    expectError(await t.api('POST', '/api/sip-auth-failures', { body: one }), 401, 'unauthorized');
    expect(
      expectStatus(await t.api('POST', '/api/sip-auth-failures', { token: w.tech, body: one }), 201).body.accepted,
    ).toBe(1);

    const notList = expectError(
      await t.api('POST', '/api/sip-auth-failures', { headers: sbc, body: { sourceIp: '203.0.113.52', at: at(0) } }),
      400,
      'sip_auth_failure_batch_invalid',
    );
    expect(notList.body.message).toEqual(['body must be a list of failures [{sourceIp, username?, at}]']);
    const tooMany = expectError(
      await t.api('POST', '/api/sip-auth-failures', { headers: sbc, body: Array(5001).fill(one[0]) }),
      400,
      'sip_auth_failure_batch_invalid',
    );
    expect(tooMany.body.message).toEqual(['body has 5001 failures; at most 5000 per request']);
    const { rows } = await t.db.query(
      `SELECT count(*)::int AS n FROM sip_auth_failures WHERE source_ip = '203.0.113.52'`,
    );
    expect(rows[0].n).toBe(1);
  });

  it('refuses bad brute-force rules with 400 naming the field', async () => {
    const post = (params: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      t.api('POST', '/api/rules', {
        token: w.admin,
        body: { ...sipRule, ...extra, params: { ...sipRule.params, ...params } },
      });
    const message = (r: { body: { message: unknown } }) => JSON.stringify(r.body.message);
    expect(message(expectError(await post({ window: { minutes: 0 } }), 400, 'detection_window_invalid'))).toContain(
      'params.window.minutes must be at least 1',
    );
    expect(message(expectError(await post({ window: { minutes: 1441 } }), 400, 'detection_window_invalid'))).toContain(
      'params.window.minutes must be at most 1440',
    );
    expect(message(expectError(await post({ warn: 8 }), 400, 'detection_thresholds_inverted'))).toContain(
      'params.warn',
    );
    expect(message(expectError(await post({ sources: [] }), 400, 'detection_params_invalid'))).toContain(
      'params.sources must name at least one source',
    );
    expect(message(expectError(await post({ sources: ['sip', 'email'] }), 400, 'detection_params_invalid'))).toContain(
      'params.sources must be sip and/or portal',
    );
    expectError(await post({ sources: ['sip', 'sip'] }), 400, 'detection_params_invalid');
    expectError(await post({ warn: undefined, block: 0 }), 400, 'detection_params_invalid');
    expect(message(expectError(await post({ filter: { kind: 'prefix' } }), 400, 'detection_params_invalid'))).toContain(
      'params.property filter should not exist',
    );
    expect(
      message(
        expectError(await post({}, { scope: 'customer', customerId: w.harbId }), 400, 'detection_params_invalid'),
      ),
    ).toContain('scope must be global for brute_force rules');
  });

  it('watches an IP at warn and blacklists it at block, counting failures in the window with both ends included', async () => {
    rule = await createRule(sipRule);
    const ip = '203.0.113.77';
    expect((await report(ip, [0, 1 * MIN, 2 * MIN, 3 * MIN])).blacklisted).toEqual([]);
    expect(await entryOf(ip)).toEqual([]);

    // Ending 1 s past T0 + 10 min, the window no longer holds the failure at T0: 4 failures, below warn.
    await report(ip, [10 * MIN + 1000], () => '2001');
    expect(await entryOf(ip)).toEqual([]);
    // Ending at T0 + 10 min exactly, it does: 5 failures, the warn threshold.
    expect((await report(ip, [10 * MIN], () => '2002')).blacklisted).toEqual([]);
    const [watched] = await entryOf(ip, 'watch');
    expect(watched).toMatchObject({
      status: 'watch',
      level: 'warn',
      sipFailures: 5,
      portalFailures: 0,
      firstFailureAt: at(0),
      lastFailureAt: at(10 * MIN),
      ruleId: rule.id,
      ruleName: 'SIP brute force',
      whitelistedAt: null,
      whitelistedBy: null,
    });
    expect(watched.reason).toBe(
      `5 failed SIP registrations in 10 min from ${ip} (users 1000, 1001, 1002, 1003, 2002); ` +
        `rule 'SIP brute force' warns at 5 and blocks at 8 per 10 min`,
    );
    // Watched is listed, not enforced.
    expect((await blocklist()).ips).not.toContain(`${ip}/32`);
    expect((await authorize(ip)).decision).toBe('allow');

    // Three more at T0 + 11 min: with 1, 2, 3 min, 10 min and 10 min 1 s, 8 in the window, the block.
    const crossed = await report(ip, [11 * MIN, 11 * MIN, 11 * MIN], (i) => `300${i}`);
    expect(crossed.blacklisted).toEqual([ip]);
    const list = await entryOf(ip);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      status: 'blacklisted',
      level: 'block',
      sipFailures: 8,
      firstFailureAt: at(MIN),
      createdAt: watched.createdAt,
    });
    expect(list[0].reason).toBe(
      `8 failed SIP registrations in 10 min from ${ip} (users 1001, 1002, 1003, 2002, 2001 …); ` +
        `rule 'SIP brute force' warns at 5 and blocks at 8 per 10 min`,
    );

    // Enforced at once: in the blocklist (JSON and text) and denied at authorize, naming the blacklist.
    expect((await blocklist()).ips).toContain(`${ip}/32`);
    const text = expectStatus(
      await t.api('GET', '/api/enforcement/blocklist?format=text&kind=ip', { headers: sbc }),
      200,
    ).body as string;
    expect(text.split('\n')).toContain(`${ip}/32`);
    const denied = await authorize(ip);
    expect(denied.decision).toBe('deny');
    expect(denied.reasons).toEqual([`source IP ${ip} is blocked by ip ${ip}/32 (brute-force blacklist)`]);
    // IPv4-mapped IPv6 is the same address.
    expect((await authorize(`::ffff:${ip}`)).decision).toBe('deny');
  });

  it('counts failed portal logins from the IP with its SIP failures, without changing the login answer', async () => {
    const ip = '198.18.0.9';
    clock.set(new Date(T0 + 60 * MIN));
    await report(ip, [55 * MIN, 56 * MIN, 57 * MIN, 58 * MIN, 59 * MIN, 59 * MIN + 30_000]);
    expect(await entryOf(ip, 'watch')).toHaveLength(1);

    await failLogin(ip, 'noc-admin@victim.example');
    await failLogin(ip, 'root@victim.example');
    const entry = await eventually(async () => {
      const [e] = await entryOf(ip, 'blacklisted');
      expect(e).toBeDefined();
      return e;
    });
    expect(entry).toMatchObject({ sipFailures: 6, portalFailures: 2, lastFailureAt: at(60 * MIN) });
    expect(entry.users).toEqual([
      '1000',
      '1001',
      '1002',
      '1003',
      '1004',
      '1005',
      'noc-admin@victim.example',
      'root@victim.example',
    ]);
    expect(entry.reason).toMatch(/^6 failed SIP registrations and 2 failed portal logins in 5 min from 198\.18\.0\.9 /);
    await eventually(async () => expect((await authorize(ip)).decision).toBe('deny'));
  });

  it("never blacklists a customer's registered address or a BLACKLIST_TRUSTED one: it records them as trusted", async () => {
    const offsets = Array.from({ length: 9 }, (_, i) => 20 * MIN + i * 1000);
    // Harborview registered 198.51.100.0/28.
    expect((await report('198.51.100.5', offsets)).blacklisted).toEqual([]);
    const [customer] = await entryOf('198.51.100.5');
    expect(customer).toMatchObject({ status: 'trusted', level: 'block', sipFailures: 9 });
    expect(customer.reason).toMatch(
      /; rule 'SIP brute force' warns at 5 and blocks at 8 per 10 min; trusted, in HARB009's registered range 198\.51\.100\.0\/28, so not blacklisted$/,
    );
    // A carrier on BLACKLIST_TRUSTED, reported in its IPv4-mapped spelling.
    expect((await report('::ffff:192.0.2.200', offsets)).blacklisted).toEqual([]);
    const [carrier] = await entryOf('192.0.2.200');
    expect(carrier).toMatchObject({ status: 'trusted' });
    expect(carrier.reason).toContain('; trusted, in 192.0.2.128/25 on BLACKLIST_TRUSTED, so not blacklisted');
    const ips = (await blocklist()).ips;
    expect(ips).not.toContain('198.51.100.5/32');
    expect(ips).not.toContain('192.0.2.200/32');
  });

  it('whitelists an IP: off the blocklist at once, kept off by later failures until an admin removes the whitelist', async () => {
    const ip = '203.0.113.77';
    expectError(await t.api('DELETE', `/api/blacklist/${ip}`, { token: w.harbUser }), 403, 'role_forbidden');
    expectError(await t.api('DELETE', `/api/blacklist/${ip}`, { token: w.manager }), 403, 'role_forbidden');
    const bad = expectError(
      await t.api('DELETE', '/api/blacklist/203.0.113.999', { token: w.tech }),
      400,
      'blacklist_ip_invalid',
    );
    expect(bad.body.message).toEqual(['ip "203.0.113.999" is not an IP address']);
    const unknown = expectError(
      await t.api('DELETE', '/api/blacklist/203.0.113.200', { token: w.tech }),
      404,
      'blacklist_entry_not_found',
    );
    expect(unknown.body.message).toBe('IP 203.0.113.200 is not on the blacklist');

    const entry = expectStatus(await t.api('DELETE', `/api/blacklist/${ip}`, { token: w.tech }), 200).body as Entry;
    expect(entry).toMatchObject({ ip, status: 'whitelisted', whitelistedAt: clock.now().toISOString() });
    expect(entry.whitelistedBy).toEqual({ id: expect.any(String), name: 'tech user' });
    expect((await blocklist()).ips).not.toContain(`${ip}/32`);
    expect((await authorize(ip)).decision).toBe('allow');
    const { rows: audit } = await t.db.query(
      `SELECT action, actor_role AS role FROM audit_log WHERE entity = 'ip_blacklist' AND entity_id = $1 ORDER BY id`,
      [ip],
    );
    expect(audit.map((a: { action: string }) => a.action)).toEqual([
      'blacklist.watch',
      'blacklist.blacklisted',
      'blacklist.whitelisted',
    ]);

    // Twenty more failures: the whitelist holds.
    const burst = Array.from({ length: 20 }, (_, i) => 30 * MIN + i * 1000);
    expect((await report(ip, burst)).blacklisted).toEqual([]);
    expect(await entryOf(ip)).toEqual([expect.objectContaining({ status: 'whitelisted', sipFailures: 8 })]);
    expect((await authorize(ip)).decision).toBe('allow');

    // Only an admin removes the whitelist; then the next failures blacklist the IP again.
    expectError(await t.api('DELETE', `/api/blacklist/${ip}/whitelist`, { token: w.tech }), 403, 'role_forbidden');
    expectError(
      await t.api('DELETE', '/api/blacklist/198.51.100.5/whitelist', { token: w.admin }),
      404,
      'blacklist_not_whitelisted',
    );
    expectStatus(await t.api('DELETE', `/api/blacklist/${ip}/whitelist`, { token: w.admin }), 204);
    expect(await entryOf(ip)).toEqual([]);
    expect((await report(ip, [30 * MIN + 30_000])).blacklisted).toEqual([ip]);
    expect((await authorize(ip)).decision).toBe('deny');
  });

  it('a shadow rule records what it would have done and never enforces it', async () => {
    expectStatus(await t.api('PATCH', `/api/rules/${rule.id}`, { token: w.admin, body: { enabled: false } }), 200);
    const shadow = await createRule({
      name: 'Tight SIP brute force',
      kind: 'brute_force',
      scope: 'global',
      mode: 'shadow',
      params: { window: { minutes: 5 }, block: 3, sources: ['sip'] },
    });
    const ip = '2001:db8:1::9';
    expect((await report(ip, [40 * MIN, 41 * MIN, 42 * MIN])).blacklisted).toEqual([]);
    const [entry] = await entryOf(ip, 'shadow');
    expect(entry).toMatchObject({ status: 'shadow', level: 'block', ruleId: shadow.id, sipFailures: 3 });
    expect(entry.reason).toBe(
      `3 failed SIP registrations in 2 min from ${ip} (users 1000, 1001, 1002); ` +
        `rule 'Tight SIP brute force' blocks at 3 per 5 min; shadow rule: it would have blacklisted it`,
    );
    expect(await entryOf(ip, 'blacklisted')).toEqual([]);
    expect((await blocklist()).ips).not.toContain(`${ip}/128`);
    expect((await authorize(ip)).decision).toBe('allow');
    // Not on the blacklist: nothing to whitelist.
    expectError(await t.api('DELETE', `/api/blacklist/${ip}`, { token: w.tech }), 404, 'blacklist_entry_not_found');
  });

  it('lists entries newest first, by status, a page at a time', async () => {
    const all = await entries();
    expect(all.map((e) => e.createdAt)).toEqual([...all.map((e) => e.createdAt)].sort().reverse());
    expect((await entries('?status=trusted')).map((e) => e.ip).sort()).toEqual(['192.0.2.200', '198.51.100.5']);
    const first = expectStatus(await t.api('GET', '/api/blacklist?limit=1', { token: w.manager }), 200).body;
    expect(first.items).toHaveLength(1);
    const next = expectStatus(
      await t.api('GET', `/api/blacklist?limit=1&cursor=${first.nextCursor}`, { token: w.manager }),
      200,
    ).body;
    expect(next.items[0].ip).not.toBe(first.items[0].ip);
    expectError(await t.api('GET', '/api/blacklist?status=blocked', { token: w.tech }), 400, 'validation_failed');
    expectError(await t.api('GET', '/api/blacklist', { token: w.harbUser }), 403, 'role_forbidden');
  });
});
