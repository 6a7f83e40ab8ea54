import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/expect-error.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const CSV = [
  'call_id,account,source_ip,sip_user,from,to,start,billsec,disposition',
  'so-1,HARB009,203.0.113.77,harb-142,+16175550142,+37181431366,2025-05-14T10:00:00Z,60,ANSWERED',
].join('\n');

/** Signs in like the browser does and returns the session cookie (`tollgate_session=…`). */
async function sessionCookie(t: TestApp): Promise<string> {
  const res = await t.api('POST', '/api/auth/login', { body: ADMIN });
  expect(res.status).toBe(200);
  return res.headers.get('set-cookie')!.split(';')[0];
}

describe('cookie sessions refuse requests from other origins (CSRF)', () => {
  let t: TestApp;
  let cookie: string;
  let own: string;
  beforeAll(async () => {
    t = await createTestApp();
    cookie = await sessionCookie(t);
    own = t.baseUrl;
  });
  afterAll(() => t.close());

  const importAs = (headers: Record<string, string>) =>
    t.api('POST', '/api/cdrs/import?format=generic', { raw: CSV, headers: { 'content-type': 'text/csv', ...headers } });
  const importCount = async () => Number((await t.db.query(`SELECT count(*) FROM cdr_imports`)).rows[0].count);

  it('refuses a cookie-authenticated import from a page on another port of the same host', async () => {
    const before = await importCount();
    const res = await importAs({ cookie, origin: 'http://127.0.0.1:9999', 'sec-fetch-site': 'same-site' });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/Sec-Fetch-Site: same-site/);
    expect(res.body.code).toBe('csrf_origin_refused');
    expect(await importCount()).toBe(before);
  });

  it('refuses a forged Origin when the browser sends no Sec-Fetch-Site', async () => {
    const res = await importAs({ cookie, origin: 'http://127.0.0.1:9999' });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/Origin http:\/\/127\.0\.0\.1:9999 is not/);
    expect(res.body.code).toBe('csrf_origin_refused');
  });

  it('refuses a cookie-authenticated change that carries neither Origin nor Sec-Fetch-Site', async () => {
    const res = await t.api('POST', '/api/customers', {
      headers: { cookie },
      body: { name: 'Forged', accountCode: 'FORGED1', timezone: 'UTC' },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/neither Origin nor Sec-Fetch-Site/);
    expect(res.body.code).toBe('csrf_origin_refused');
  });

  it('refuses a cross-site logout and keeps the session', async () => {
    const res = await t.api('POST', '/api/auth/logout', {
      headers: { cookie, origin: 'http://tollgate.localhost:4200', 'sec-fetch-site': 'same-site' },
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('csrf_origin_refused');
    const me = await t.api('GET', '/api/auth/me', { headers: { cookie } });
    expect(me.status).toBe(200);
  });

  it('still serves reads to the cookie without proof of origin', async () => {
    const res = await t.api('GET', '/api/cdrs/imports', { headers: { cookie, 'sec-fetch-site': 'same-site' } });
    expect(res.status).toBe(200);
  });

  it('accepts the web app itself: Sec-Fetch-Site same-origin, or an Origin equal to its own', async () => {
    const browser = await importAs({ cookie, origin: own, 'sec-fetch-site': 'same-origin' });
    expect(browser.status).toBe(201);
    const olderBrowser = await importAs({ cookie, origin: own });
    expect(olderBrowser.status).toBe(201);
  });

  it('accepts a bearer token without any Origin (no ambient credentials)', async () => {
    const token = await t.login(ADMIN.email, ADMIN.password);
    const res = await t.api('POST', '/api/cdrs/import?format=generic', {
      token,
      raw: CSV,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(201);
  });

  it('logs out with the cookie from the web app', async () => {
    const own2 = await sessionCookie(t);
    const res = await t.api('POST', '/api/auth/logout', {
      headers: { cookie: own2, origin: own, 'sec-fetch-site': 'same-origin' },
    });
    expect(res.status).toBe(204);
    expectError(await t.api('GET', '/api/auth/me', { headers: { cookie: own2 } }), 401, 'session_expired');
  });
});

describe('text/plain bodies, which any page can post cross-site', () => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await createTestApp();
    token = await t.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => t.close());

  it('refuses a CDR import sent as text/plain with 415', async () => {
    const res = await t.api('POST', '/api/cdrs/import?format=generic', {
      token,
      raw: CSV,
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.message).toMatch(/text\/csv/);
    expect(res.body.code).toBe('csrf_form_body_refused');
  });

  it('refuses a rate deck sent as text/plain with 415', async () => {
    const res = await t.api('POST', '/api/rate-deck', {
      token,
      raw: 'prefix,description,rate_per_minute\n+371,Latvia,0.30\n',
      headers: { 'content-type': 'text/plain' },
    });
    expect(res.status).toBe(415);
    expect(res.body.code).toBe('csrf_form_body_refused');
  });

  it('refuses JSON sent as text/plain or as a form with 415, also at login', async () => {
    for (const type of ['text/plain', 'text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
      const users = await t.api('POST', '/api/users', {
        token,
        raw: JSON.stringify({
          email: 'x@test.local',
          password: 'copper-tundra-whistle-42',
          name: 'X',
          role: 'manager',
        }),
        headers: { 'content-type': type },
      });
      expect(users.status).toBe(415);
      expect(users.body.message).toMatch(/application\/json/);
      expect(users.body.code).toBe('csrf_form_body_refused');
      const login = await t.api('POST', '/api/auth/login', {
        raw: JSON.stringify(ADMIN),
        headers: { 'content-type': type },
      });
      expect(login.status).toBe(415);
      expect(login.body.code).toBe('csrf_form_body_refused');
    }
  });
});

describe('the origin behind a proxy', () => {
  let t: TestApp;
  let cookie: string;
  beforeAll(async () => {
    t = await createTestApp({ TRUST_PROXY: '1', PUBLIC_URL: 'https://noc.example.net' });
    cookie = await sessionCookie(t);
  });
  afterAll(() => t.close());

  const logoutFrom = (headers: Record<string, string>) =>
    t.api('POST', '/api/auth/logout', { headers: { cookie, ...headers } });

  it('accepts the Origin of the forwarded host and scheme, or of PUBLIC_URL, and nothing else', async () => {
    const forwarded = await logoutFrom({
      origin: 'https://tollgate.example.net',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'tollgate.example.net',
    });
    expect(forwarded.status).toBe(204);
    cookie = await sessionCookie(t);
    const wrongScheme = await logoutFrom({
      origin: 'http://tollgate.example.net',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'tollgate.example.net',
    });
    expect(wrongScheme.status).toBe(403);
    expect(wrongScheme.body.code).toBe('csrf_origin_refused');
    const publicUrl = await logoutFrom({ origin: 'https://noc.example.net' });
    expect(publicUrl.status).toBe(204);
  });
});
