import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  });

  it('rejects a wrong password with 401 and records the failure with its source IP', async () => {
    const res = await t.api('POST', '/api/auth/login', { body: { email: 'nobody@test.local', password: 'nope' } });
    expect(res.status).toBe(401);
    expect(res.body.message).toBe('Wrong email or password');
    const rows = await t.db.query(
      `SELECT email, host(source_ip) AS ip, reason FROM login_failures WHERE email = 'nobody@test.local'`,
    );
    expect(rows.rows).toEqual([{ email: 'nobody@test.local', ip: '127.0.0.1', reason: 'unknown_user' }]);
  });

  it('rate-limits an account after repeated failures with 429 and Retry-After, even for the right password', async () => {
    const email = 'victim@test.local';
    const token = await t.login(ADMIN.email, ADMIN.password);
    await t.api('POST', '/api/users', {
      token,
      body: { email, password: 'correct-horse-battery', name: 'V', role: 'technician' },
    });
    for (let i = 0; i < 3; i++) {
      expect((await t.api('POST', '/api/auth/login', { body: { email, password: 'wrong' } })).status).toBe(401);
    }
    const blocked = await t.api('POST', '/api/auth/login', { body: { email, password: 'correct-horse-battery' } });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body.message).toMatch(/Too many failed logins/);
  });

  it('answers 401 without a token and with a logged-out token', async () => {
    expect((await t.api('GET', '/api/customers')).status).toBe(401);
    const token = await t.login(ADMIN.email, ADMIN.password);
    expect((await t.api('POST', '/api/auth/logout', { token })).status).toBe(204);
    expect((await t.api('GET', '/api/customers', { token })).status).toBe(401);
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
