import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/expect-error.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';
import { ALL_ERROR_CODES } from './error-codes.js';

describe('error codes over HTTP (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => t.close());

  it('describes ErrorBody in the OpenAPI document, with every code, as the default response of every operation', async () => {
    const doc = (await t.api('GET', '/api/docs-json')).body;
    const schema = doc.components.schemas.ErrorBody;
    expect(schema.required).toEqual(expect.arrayContaining(['statusCode', 'error', 'message', 'code']));
    const ref: string = schema.properties.code.allOf?.[0]?.$ref ?? schema.properties.code.$ref;
    const code = ref ? doc.components.schemas[ref.split('/').pop()!] : schema.properties.code;
    expect([...code.enum].sort()).toEqual([...ALL_ERROR_CODES].sort());
    const missing: string[] = [];
    for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
      for (const [method, op] of Object.entries<any>(item)) {
        const ref = op.responses?.default?.content?.['application/json']?.schema?.$ref;
        if (ref !== '#/components/schemas/ErrorBody') missing.push(`${method} ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('answers an unknown API route with 404 route_not_found, signed in or not', async () => {
    const signedIn = expectError(await t.api('GET', '/api/no-such-thing', { token: admin }), 404, 'route_not_found');
    expect(signedIn.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: expect.any(String) });
    expectError(await t.api('POST', '/api/tickets/x/y/z', { body: {} }), 404, 'route_not_found');
  });

  it('answers JSON in another charset with 415: json_not_utf8, or unsupported_media_type when unknown', async () => {
    const utf16 = await t.api('POST', '/api/auth/login', {
      raw: Buffer.from(JSON.stringify(ADMIN), 'utf16le'),
      headers: { 'content-type': 'application/json; charset=utf-16le' },
    });
    expectError(utf16, 415, 'json_not_utf8');
    expect(utf16.body.message).toBe('Send JSON bodies as UTF-8');
    const unknown = await t.api('POST', '/api/auth/login', {
      raw: JSON.stringify(ADMIN),
      headers: { 'content-type': 'application/json; charset=klingon' },
    });
    expectError(unknown, 415, 'unsupported_media_type');
  });

  it('keeps the error body shape for Nest, body-parser and domain errors alike', async () => {
    for (const r of [
      await t.api('GET', '/api/customers?limit=0', { token: admin }),
      await t.api('POST', '/api/customers', { token: admin, body: '{"name":' }),
      await t.api('GET', '/api/customers/00000000-0000-4000-8000-000000000000', { token: admin }),
      await t.api('GET', '/api/customers'),
    ]) {
      expect(Object.keys(r.body).sort()).toEqual(['code', 'error', 'message', 'statusCode']);
      expect(r.body.statusCode).toBe(r.status);
    }
  });
});
