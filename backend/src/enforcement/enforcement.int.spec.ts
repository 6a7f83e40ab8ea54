import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const SWITCH_TOKEN = 'switch-token-0123456789abcdef';
const FRONT_DESK = '6175550142@harborview.voip.example.net';

describe('enforcement API (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const blocklist = async () =>
    expectStatus(await t.api('GET', '/api/enforcement/blocklist', { headers: sw }), 200).body;
  const authorize = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/enforcement/authorize', { headers: sw, body }), 200).body;

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('follows the case: restrict → deny; more restrictions → deny more; lift → allow and an empty list', async () => {
    const call = { accountCode: 'HARB009', sourceIp: '203.0.113.77', caller: 'harb-142', callee: '011 53 21 555 0100' };
    const initial = await blocklist();
    expect(initial).toMatchObject({ ips: [], seats: [], groups: [], destinations: [], accounts: [] });
    expect(await authorize(call)).toEqual({ decision: 'allow', reasons: [] });

    const id = await openCase(t, w.tech);
    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', {
        restrictions: [{ kind: 'ip', value: '203.0.113.77', reason: 'the attacking source' }],
      }),
      200,
    );
    let list = await blocklist();
    expect(list).toMatchObject({ ips: ['203.0.113.77/32'], destinations: [] });
    expect(list.version).toBeGreaterThan(initial.version);
    const denied = await authorize(call);
    expect(denied.decision).toBe('deny');
    expect(denied.reasons).toEqual([expect.stringContaining('203.0.113.77/32')]);
    expect((await authorize({ ...call, sourceIp: '203.0.113.78' })).decision).toBe('allow');

    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', {
        restrictions: [
          { kind: 'destination', value: '+5321' },
          { kind: 'group', value: 'HARB009-BOSTON' },
        ],
      }),
      200,
    );
    list = await blocklist();
    expect(list).toMatchObject({
      ips: ['203.0.113.77/32'],
      destinations: [{ account: 'HARB009', value: '+5321' }],
      groups: [{ account: 'HARB009', value: 'HARB009-BOSTON' }],
      seats: [
        { account: 'HARB009', value: FRONT_DESK },
        { account: 'HARB009', value: '6175550143@harborview.voip.example.net' },
      ],
    });
    const other = { accountCode: 'HARB009', sourceIp: '198.51.100.3', callee: '+12125550100' };
    expect((await authorize({ ...other, callee: '+53215550100' })).decision).toBe('deny');
    expect((await authorize({ ...other, caller: '+16175550143' })).decision).toBe('deny');
    expect((await authorize({ ...other, caller: 'harb-999' })).decision).toBe('allow');
    // Another customer calling the same prefix is not Harborview's case.
    expect((await authorize({ accountCode: 'ACME01', sourceIp: '192.0.2.20', callee: '+53215550100' })).decision).toBe(
      'allow',
    );

    const text = expectStatus(await t.api('GET', '/api/enforcement/blocklist?format=text', { headers: sw }), 200);
    expect(text.headers.get('content-type')).toContain('text/plain');
    expect(text.headers.get('x-blocklist-version')).toBe(String(list.version));
    expect(text.body.split('\n').filter(Boolean).sort()).toEqual(
      [
        'ip 203.0.113.77/32',
        `seat HARB009 ${FRONT_DESK}`,
        'seat HARB009 6175550143@harborview.voip.example.net',
        'group HARB009 HARB009-BOSTON',
        'destination HARB009 +5321',
      ].sort(),
    );

    expectStatus(
      await act(t, w.harbUser, id, 'CUSTOMER_REVIEW', { verdict: 'fraudulent', message: 'fixed', sourceRemoved: true }),
      200,
    );
    expectStatus(await act(t, w.tech, id, 'CONFIRM_SOURCE_REMOVED'), 200);
    expect((await authorize(call)).decision).toBe('deny'); // still restricted until lifted
    expectStatus(await act(t, w.tech, id, 'LIFT_RESTRICTIONS'), 200);
    const lifted = await blocklist();
    expect(lifted).toMatchObject({ ips: [], seats: [], groups: [], destinations: [], accounts: [] });
    expect(lifted.version).toBeGreaterThan(list.version);
    expect(await authorize(call)).toEqual({ decision: 'allow', reasons: [] });
    expect(await authorize({ ...other, callee: '+53215550100' })).toEqual({ decision: 'allow', reasons: [] });
  });

  it('an account restriction denies every call of the account; dismissing lifts it', async () => {
    const id = await openCase(t, w.tech, { accountCode: 'ACME01' });
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'account', value: 'acme01' }] }), 200);
    expect((await blocklist()).accounts).toEqual(['ACME01']);
    expect((await authorize({ accountCode: 'ACME01', sourceIp: '10.1.1.1', callee: '+13125550199' })).decision).toBe(
      'deny',
    );
    // Without an account code the customer is found by its source IP.
    expect((await authorize({ sourceIp: '192.0.2.20', callee: '+13125550199' })).decision).toBe('deny');
    expect((await authorize({ accountCode: 'HARB009', sourceIp: '10.1.1.1', callee: '+13125550199' })).decision).toBe(
      'allow',
    );
    expectStatus(await act(t, w.tech, id, 'DISMISS', { reason: 'test account' }), 200);
    expect((await blocklist()).accounts).toEqual([]);
  });

  it('is callable with the enforcement token or a technician/admin session, and validates input', async () => {
    const body = { sourceIp: '203.0.113.1', callee: '+12125550100' };
    expect((await t.api('POST', '/api/enforcement/authorize', { token: w.tech, body })).status).toBe(200);
    expect((await t.api('GET', '/api/enforcement/blocklist', { token: w.admin })).status).toBe(200);
    expectError(await t.api('GET', '/api/enforcement/blocklist', { token: w.harbUser }), 403, 'role_forbidden');
    expectError(await t.api('GET', '/api/enforcement/blocklist', { token: w.manager }), 403, 'role_forbidden');
    expectError(await t.api('GET', '/api/enforcement/blocklist', { token: 'wrong-token' }), 401, 'session_expired');
    expectError(await t.api('GET', '/api/enforcement/blocklist'), 401, 'unauthorized');
    const bad = await t.api('POST', '/api/enforcement/authorize', { headers: sw, body: { sourceIp: 'nope' } });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(
      expect.arrayContaining([expect.stringContaining('sourceIp'), expect.stringContaining('callee')]),
    );
    expect(bad.body.code).toBe('validation_failed');
  });

  it('rebuilds when another instance commits a change (NOTIFY), without a request to this one', async () => {
    const id = await openCase(t, w.tech);
    const { rows } = await t.db.query(`SELECT customer_id FROM tickets WHERE id = $1`, [id]);
    // Another app instance: the same transaction shape, straight to the database.
    const c = await t.db.connect();
    try {
      await c.query('BEGIN');
      await c.query(
        `INSERT INTO restrictions (ticket_id, customer_id, kind, value, created_by_name) VALUES ($1, $2, 'destination', '+999', 'peer')`,
        [id, rows[0].customer_id],
      );
      await c.query(`SELECT pg_notify('tollgate_enforcement', '')`);
      await c.query('COMMIT');
    } finally {
      c.release();
    }
    await expect
      .poll(async () => (await blocklist()).destinations)
      .toContainEqual({ account: 'HARB009', value: '+999' });
  });
});
