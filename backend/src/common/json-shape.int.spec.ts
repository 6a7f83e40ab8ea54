import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';
import { JSON_LIMITS } from './json-shape.js';

const deepArrays = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObjects = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

describe('JSON body limits (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  const post = (path: string, body: string, token?: string) =>
    t.api('POST', path, { token, body, headers: { 'content-type': 'application/json' } });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => t.close());

  it('answers 400 naming the depth limit to a 200 KB body nested 20,000 levels deep, before any login', async () => {
    for (const body of [deepArrays(20_000), deepObjects(20_000), `{"email":${deepArrays(20_000)},"password":"x"}`]) {
      const r = await post('/api/auth/login', body);
      expect(r.status).toBe(400);
      expect(r.body.message).toBe(`JSON body is nested deeper than ${JSON_LIMITS.depth} levels`);
      expect(r.body.code).toBe('json_too_deep');
    }
    const asAdmin = await post('/api/customers', deepObjects(20_000), admin);
    expect(asAdmin.status).toBe(400);
    expect(asAdmin.body.message).toContain('nested deeper');
    expect(asAdmin.body.code).toBe('json_too_deep');
  });

  it('answers 400 naming the width limits to 100,000 keys and to 200,000 array items', async () => {
    const wide = '{' + Array.from({ length: 100_000 }, (_, i) => `"${i.toString(36)}":0`).join(',') + '}';
    const keys = await post('/api/auth/login', wide);
    expect(keys.status).toBe(400);
    expect(keys.body.message).toBe(`A JSON object in the body has more than ${JSON_LIMITS.keysPerObject} keys`);
    expect(keys.body.code).toBe('json_too_many_keys');
    const items = await post('/api/customers/import', `{"customers":[${'{},'.repeat(199_999)}{}]}`, admin);
    expect(items.status).toBe(400);
    expect(items.body.message).toBe(`A JSON array in the body has more than ${JSON_LIMITS.arrayItems} items`);
    expect(items.body.code).toBe('json_too_many_items');
  });

  it('refuses __proto__, constructor and prototype keys with 400, at any depth', async () => {
    for (const [body, key] of [
      ['{"__proto__":{"role":"admin"},"email":"a@b.c","password":"x"}', '__proto__'],
      ['{"email":"a@b.c","password":"x","constructor":{"prototype":{"polluted":true}}}', 'constructor'],
      ['{"\\u005f_proto__":{"polluted":true}}', '__proto__'],
    ]) {
      const r = await post('/api/auth/login', body);
      expect(r.status).toBe(400);
      expect(r.body.message).toBe(`JSON body has a "${key}" key, which is not accepted`);
      expect(r.body.code).toBe('json_key_refused');
    }
    const nested = await post(
      '/api/customers/import',
      '{"customers":[{"name":"X","accountCode":"X1","timezone":"UTC","prototype":{}}]}',
      admin,
    );
    expect(nested.status).toBe(400);
    expect(nested.body.message).toContain('"prototype" key');
    expect(nested.body.code).toBe('json_key_refused');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('still takes ordinary bodies, and prototype words as values', async () => {
    const login = await post('/api/auth/login', JSON.stringify(ADMIN));
    expect(login.status).toBe(200);
    const created = await post(
      '/api/customers',
      JSON.stringify({
        name: 'constructor',
        accountCode: 'PROTO1',
        timezone: 'UTC',
        contacts: [{ name: '__proto__' }],
      }),
      admin,
    );
    expect(created.status).toBe(201);
    expect(created.body.name).toBe('constructor');
  });

  it('keeps /api/health answering 200 while deep bodies arrive', async () => {
    let flooding = true;
    const flood = Promise.all(
      Array.from({ length: 4 }, async () => {
        const statuses: number[] = [];
        for (let i = 0; i < 10; i++) statuses.push((await post('/api/auth/login', deepArrays(50_000))).status);
        return statuses;
      }),
    ).finally(() => (flooding = false));
    const health: number[] = [];
    while (flooding) {
      const r = await t.api('GET', '/api/health');
      if (flooding) health.push(r.status);
    }
    expect((await flood).flat().every((s) => s === 400)).toBe(true);
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((s) => s === 200)).toBe(true);
  });
});
