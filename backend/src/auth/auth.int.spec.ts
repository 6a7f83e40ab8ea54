import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/expect-error.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

describe('auth (real PostgreSQL)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_LIMIT_PER_ACCOUNT: '3', LOGIN_LIMIT_PER_IP: '1000' });
  });
  afterAll(() => t.close());

  it('creates the first admin from ADMIN_EMAIL/ADMIN_PASSWORD and logs in with a bearer token', async () => {
    const res = await t.api('POST', '/api/auth/login', { body: ADMIN });
    expect(res.status).toBe(200);
    expect(res.body.user).toMatchObject({ email: ADMIN.email, role: 'admin', customerId: null });
    expect(res.body.accessToken).toMatch(/^[\w-]{40,}$/);
    const me = await t.api('GET', '/api/auth/me', { token: res.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(ADMIN.email);
  });

  it('sets an HttpOnly SameSite session cookie that authenticates the browser', async () => {
    const res = await fetch(`${t.baseUrl}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(ADMIN),
    });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/tollgate_session=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const me = await t.api('GET', '/api/auth/me', { headers: { cookie: cookie.split(';')[0] } });
    expect(me.status).toBe(200);
    const session = await t.api('GET', '/api/auth/session', { headers: { cookie: cookie.split(';')[0] } });
    expect(session.status).toBe(200);
    expect(session.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
  });

  it('answers GET /api/auth/session with 200 and no user when nobody is signed in (the login page asks it)', async () => {
    const probes: Record<string, string>[] = [
      {},
      { cookie: 'tollgate_session=not-a-session' },
      { authorization: 'Bearer nope' },
    ];
    for (const headers of probes) {
      const r = await t.api('GET', '/api/auth/session', { headers });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toEqual({ user: null });
    }
  });

  it('rejects a wrong password with 401 and records the failure with its source IP', async () => {
    const res = await t.api('POST', '/api/auth/login', { body: { email: 'nobody@test.local', password: 'nope' } });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Wrong email or password');
    expect(res.body.code).toBe('invalid_credentials');
    const rows = await t.db.query(
      `SELECT email, host(source_ip) AS ip, reason FROM login_failures WHERE email = 'nobody@test.local'`,
    );
    expect(rows.rows).toEqual([{ email: 'nobody@test.local', ip: '127.0.0.1', reason: 'unknown_user' }]);
  });

  it('rate-limits an account after repeated failures with 429 and Retry-After, even for the right password from the same address', async () => {
    const email = 'victim@test.local';
    const token = await t.login(ADMIN.email, ADMIN.password);
    const created = await t.api('POST', '/api/users', {
      token,
      body: { email, password: 'correct-horse-battery', name: 'V', role: 'technician' },
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < 3; i++) {
      expect((await t.api('POST', '/api/auth/login', { body: { email, password: 'wrong' } })).status).toBe(401);
    }
    const blocked = await t.api('POST', '/api/auth/login', { body: { email, password: 'correct-horse-battery' } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.message).toMatch(/Too many failed logins/);
    expect(blocked.body).toMatchObject({
      code: 'rate_limited',
      retryAfter: Number(blocked.headers.get('retry-after')),
    });
  });

  it('answers 401 without a token and with a logged-out token', async () => {
    expectError(await t.api('GET', '/api/customers'), 401, 'unauthorized');
    const token = await t.login(ADMIN.email, ADMIN.password);
    expect((await t.api('POST', '/api/auth/logout', { token })).status).toBe(204);
    expectError(await t.api('GET', '/api/customers', { token }), 401, 'session_expired');
  });

  it('keeps login failures append-only', async () => {
    await expect(t.db.query(`DELETE FROM login_failures`)).rejects.toThrow(/append-only/);
  });
});

describe('rate limit per IP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ LOGIN_LIMIT_PER_IP: '4', LOGIN_LIMIT_PER_ACCOUNT: '1000' });
  });
  afterAll(() => t.close());

  it('blocks a source IP that tries many accounts', async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) {
      statuses.push(
        (await t.api('POST', '/api/auth/login', { body: { email: `u${i}@test.local`, password: 'x' } })).status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 429, 429]);
  });
});

describe('login limits under attack', () => {
  let t: TestApp;
  let adminToken: string;
  // TRUST_PROXY lets X-Forwarded-For stand for distinct client addresses.
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1', LOGIN_LIMIT_PER_ACCOUNT: '5', LOGIN_LIMIT_PER_IP: '10' });
    adminToken = await t.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => t.close());

  const from = (ip: string) => ({ 'x-forwarded-for': ip });
  async function createUser(email: string, password: string) {
    const res = await t.api('POST', '/api/users', {
      token: adminToken,
      body: { email, password, name: 'Target', role: 'technician' },
    });
    expect(res.status).toBe(201);
  }
  const tally = (statuses: number[]) =>
    statuses.reduce<Record<number, number>>((n, s) => ({ ...n, [s]: (n[s] ?? 0) + 1 }), {});

  it('lets the right password in from an address that has not been failing, and keeps the failing one out', async () => {
    const email = 'locked-out@test.local';
    const password = 'orchard-lantern-quietly';
    await createUser(email, password);
    const attacker = '198.51.100.7';
    for (let i = 0; i < 5; i++) {
      const res = await t.api('POST', '/api/auth/login', {
        body: { email, password: 'guess' },
        headers: from(attacker),
      });
      expect(res.status).toBe(401);
    }
    const blocked = await t.api('POST', '/api/auth/login', { body: { email, password }, headers: from(attacker) });
    expect(blocked.status).toBe(429);
    expect(blocked.body.message).toMatch(/Too many failed logins/);
    expect(blocked.body.code).toBe('rate_limited');

    const owner = await t.api('POST', '/api/auth/login', { body: { email, password }, headers: from('203.0.113.20') });
    expect(owner.status).toBe(200);
    expect(owner.body.user.email).toBe(email);

    // The owner's success does not reopen the account to the attacker's address.
    const again = await t.api('POST', '/api/auth/login', { body: { email, password }, headers: from(attacker) });
    expect(again.status).toBe(429);
  });

  it('gives a fresh address no more than one wrong guess at a locked account', async () => {
    const email = 'second-target@test.local';
    const password = 'marble-kettle-sunrise';
    await createUser(email, password);
    for (let i = 0; i < 5; i++) {
      const res = await t.api('POST', '/api/auth/login', {
        body: { email, password: 'guess' },
        headers: from('198.51.100.8'),
      });
      expect(res.status).toBe(401);
    }
    const fresh = from('198.51.100.9');
    const wrong = await t.api('POST', '/api/auth/login', { body: { email, password: 'guess' }, headers: fresh });
    expect(wrong.status).toBe(429);
    expect(wrong.body.code).toBe('rate_limited');
    const right = await t.api('POST', '/api/auth/login', { body: { email, password }, headers: fresh });
    expect(right.status).toBe(429);
    expect(right.body.code).toBe('rate_limited');
  });

  it('counts a parallel burst of wrong passwords against one account atomically', async () => {
    const email = 'burst-target@test.local';
    await createUser(email, 'velvet-harbor-compass');
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async () => {
        const res = await t.api('POST', '/api/auth/login', {
          body: { email, password: 'guess' },
          headers: from('198.51.100.10'),
        });
        return res.status;
      }),
    );
    expect(tally(statuses)).toEqual({ 401: 5, 429: 25 });
  });

  it('counts a parallel burst from one address across many accounts atomically', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 30 }, async (_, i) => {
        const res = await t.api('POST', '/api/auth/login', {
          body: { email: `spray-${i}@test.local`, password: 'guess' },
          headers: from('198.51.100.11'),
        });
        return res.status;
      }),
    );
    expect(tally(statuses)).toEqual({ 401: 10, 429: 20 });
  });
});
