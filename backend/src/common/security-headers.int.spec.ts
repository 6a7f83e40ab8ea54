import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const directives = (csp: string | null) =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name, values]),
  );

describe('security headers', () => {
  let t: TestApp;
  let ui: string;
  beforeAll(async () => {
    // A stand-in for the built web app, to see the headers on static files too.
    ui = mkdtempSync(path.join(tmpdir(), 'tollgate-ui-'));
    writeFileSync(path.join(ui, 'index.html'), '<!doctype html><title>Tollgate</title><tg-root></tg-root>');
    t = await createTestApp({ FRONTEND_DIST: ui });
  });
  afterAll(async () => {
    await t.close();
    rmSync(ui, { recursive: true, force: true });
  });

  it('sends a CSP that allows only the app itself and no framing, nosniff and no referrer on the web app', async () => {
    const res = await fetch(`${t.baseUrl}/`);
    expect(res.status).toBe(200);
    const csp = directives(res.headers.get('content-security-policy'));
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('strict-transport-security')).toBeNull();
  });

  it('marks every API response no-store, the login and errors included', async () => {
    const login = await t.api('POST', '/api/auth/login', { body: ADMIN });
    expect(login.status).toBe(200);
    expect(login.headers.get('cache-control')).toBe('no-store');
    const me = await t.api('GET', '/api/auth/me', { token: login.body.accessToken });
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
    const denied = await t.api('GET', '/api/users');
    expect(denied.status).toBe(401);
    expect(denied.headers.get('cache-control')).toBe('no-store');
    expect(denied.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('still serves the Swagger UI and its script', async () => {
    const page = await fetch(`${t.baseUrl}/api/docs`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const html = await page.text();
    expect(html).toContain('swagger-ui-init.js');
    const init = await fetch(`${t.baseUrl}/api/docs/swagger-ui-init.js`);
    expect(init.status).toBe(200);
  });
});

describe('security headers behind HTTPS (COOKIE_SECURE=true)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ COOKIE_SECURE: 'true' });
  });
  afterAll(() => t.close());

  it('adds HSTS and upgrades insecure subresource requests', async () => {
    const res = await t.api('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d{8,}; includeSubDomains$/);
    expect(directives(res.headers.get('content-security-policy')).has('upgrade-insecure-requests')).toBe(true);
  });
});
