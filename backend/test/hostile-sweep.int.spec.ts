import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALL_ERROR_CODES, type ErrorCode } from '../src/common/error-codes.js';
import { statusOf } from '../src/common/error.filter.js';
import { twoCustomers } from './fixtures.js';
import { ADMIN, createTestApp, type TestApp } from './harness.js';
import {
  encodeUriLoose,
  HOSTILE_BODIES,
  HOSTILE_FILENAMES,
  HOSTILE_JSON_VALUES,
  HOSTILE_STRINGS,
  HOSTILE_UPLOADS,
  hostileCursors,
  LONG,
  LONG_URL,
  runPooled,
} from './hostile.js';

/**
 * The charter's rule, checked on every route of the OpenAPI document: bad input is a 4xx, never a 500.
 * Each request changes one thing (a path param, a query param, a body field, or the whole body) and keeps
 * the rest valid, so hostile values reach the code behind validation.
 */

interface Probe {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer | FormData;
  what: string;
}

interface Operation {
  method: string;
  template: string;
  pathParams: string[];
  queryParams: string[];
  bodyFields: string[] | null;
  upload: boolean;
}

type OpenApi = {
  paths: Record<string, Record<string, any>>;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

const EXTRA_QUERY = ['q', 'cursor', 'from', 'to', 'limit'];
const KNOWN_CODES = new Set<ErrorCode>(ALL_ERROR_CODES);
const CONCURRENCY = 4;

function operationsOf(doc: OpenApi): Operation[] {
  const ops: Operation[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params: { in: string; name: string }[] = op.parameters ?? [];
      const content: Record<string, { schema?: { $ref?: string } }> = op.requestBody?.content ?? {};
      const ref = content['application/json']?.schema?.$ref;
      const schema = ref ? doc.components.schemas[ref.split('/').pop()!] : undefined;
      ops.push({
        method: method.toUpperCase(),
        template,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: content['application/json'] ? Object.keys(schema?.properties ?? {}) : null,
        upload:
          'text/csv' in content ||
          'multipart/form-data' in content ||
          `${method} ${template}` === 'post /api/rate-deck',
      });
    }
  }
  // Logging out ends the caller's session: last, so the other probes keep theirs.
  return ops.sort((a, b) => Number(a.template === '/api/auth/logout') - Number(b.template === '/api/auth/logout'));
}

describe('hostile input sweep (every route of /api/docs-json)', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const principals: { name: string; token?: string }[] = [];
  let ops: Operation[];

  /** Valid bodies, so that one hostile field at a time reaches the service. */
  const baseBodies = (): Record<string, Record<string, unknown>> => ({
    'POST /api/auth/login': { email: 'nobody@test.local', password: 'wrong-password-1' },
    'POST /api/users': { email: 'sweep@test.local', password: 'a-long-password-1', name: 'Sweep', role: 'technician' },
    'PATCH /api/users/{id}': { name: 'Victim' },
    'POST /api/customers': { name: 'Sweep', accountCode: 'SWEEP1', timezone: 'UTC' },
    'PATCH /api/customers/{id}': { name: 'Harborview Logistics' },
    'POST /api/customers/import': { customers: [{ name: 'Sweep', accountCode: 'SWEEP2', timezone: 'UTC' }] },
    'POST /api/enforcement/authorize': { sourceIp: '203.0.113.10', callee: '+37181431366', accountCode: 'HARB009' },
    'POST /api/tickets/{id}/events': { type: 'ESCALATE', version: 1, reason: 'sweep' },
    'POST /api/tickets/{id}/notes': { body: 'sweep', visibility: 'internal' },
    'PATCH /api/tickets/{id}/client-summary': { clientSummary: 'sweep' },
    'PATCH /api/tickets/{id}/checklist/{itemId}': { checked: true, finding: 'sweep' },
    'PUT /api/checklist-templates/{kind}': { items: ['sweep'] },
    'POST /api/events': {
      accountCode: 'HARB009',
      kind: 'threshold',
      severity: 'warning',
      summary: 'sweep',
      occurredAt: '2025-05-14T10:00:00Z',
      dedupeKey: 'sweep',
    },
  });

  /** A valid value for each path param, by route (DELETE gets an id that matches nothing). */
  function basePath(op: Operation): string {
    return op.template.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (op.method === 'DELETE') return '00000000-0000-4000-8000-000000000000';
      if (name === 'itemId') return ids.checklistItem;
      if (name === 'widget') return 'minutes-by-country';
      if (name === 'kind') return 'threshold';
      if (op.template.startsWith('/api/users')) return ids.victimUser;
      if (op.template.startsWith('/api/customers')) return ids.harb;
      if (op.template.startsWith('/api/cdrs/imports')) return ids.import;
      return ids.ticket;
    });
  }

  /**
   * Every probe of `op`; `sample` (for callers the route turns away at the guard, which reads neither
   * params nor query) keeps a few values per slot, and every whole body: bodies are parsed before the guard.
   */
  function probesOf(op: Operation, sample: boolean): Probe[] {
    const probes: Probe[] = [];
    const path = basePath(op);
    const key = `${op.method} ${op.template}`;
    const base = baseBodies()[key];
    const json = (body: string) => ({ headers: { 'content-type': 'application/json' }, body });
    const baseJson = base ? json(JSON.stringify(base)) : {};
    const pick = <T>(values: readonly T[]) => (sample ? values.slice(0, 4) : values);
    const urlValues = pick([...HOSTILE_STRINGS, LONG_URL, LONG]);

    for (const name of op.pathParams) {
      for (const v of urlValues) {
        const p = op.template
          .replace(`{${name}}`, encodeUriLoose(v))
          .replace(/\{(\w+)\}/g, (m) => basePath({ ...op, template: m }));
        probes.push({ method: op.method, path: p, ...baseJson, what: `path ${name}=${show(v)}` });
      }
    }
    // Query params the route does not declare are ignored (or refused by its DTO): one probe with them all.
    const extras = EXTRA_QUERY.filter((n) => !op.queryParams.includes(n));
    probes.push({
      method: op.method,
      path: `${path}?${extras.map((n) => `${n}=${encodeUriLoose(HOSTILE_STRINGS[0])}`).join('&')}`,
      ...baseJson,
      what: `query ${extras.join(', ')}`,
    });
    for (const name of op.queryParams) {
      const values = name === 'cursor' ? [...urlValues, ...pick(hostileCursors())] : urlValues;
      for (const v of values) {
        probes.push({
          method: op.method,
          path: `${path}?${name}=${encodeUriLoose(v)}`,
          ...baseJson,
          what: `query ${name}=${show(v)}`,
        });
      }
      probes.push({ method: op.method, path: `${path}?${name}=a&${name}=b`, ...baseJson, what: `query ${name} twice` });
      probes.push({
        method: op.method,
        path: `${path}?${name}[__proto__]=x`,
        ...baseJson,
        what: `query ${name}[__proto__]`,
      });
    }
    for (const name of ['__proto__', 'constructor', 'a%00b']) {
      probes.push({ method: op.method, path: `${path}?${name}=x`, ...baseJson, what: `query name ${name}` });
    }
    if (op.bodyFields) {
      const baseText = JSON.stringify(base ?? {});
      for (const field of new Set([...op.bodyFields, '__proto__', 'constructor'])) {
        for (const v of pick(HOSTILE_JSON_VALUES)) {
          // A later duplicate key wins in JSON.parse: the base body with this one field replaced.
          const body = baseText === '{}' ? `{"${field}":${v}}` : `${baseText.slice(0, -1)},"${field}":${v}}`;
          probes.push({ method: op.method, path, ...json(body), what: `body ${field}=${show(v)}` });
        }
      }
    }
    if (op.method !== 'GET' && op.method !== 'DELETE') {
      for (const [name, body] of Object.entries(HOSTILE_BODIES)) {
        probes.push({ method: op.method, path, ...json(body), what: `body ${name}` });
      }
      probes.push({
        method: op.method,
        path,
        headers: { 'content-type': 'application/json; charset=utf-16' },
        body: '{}',
        what: 'body in utf-16',
      });
      probes.push({ method: op.method, path, ...json(JSON.stringify({ ...base, note: LONG })), what: 'body long' });
    }
    if (op.upload) {
      for (const [name, body] of Object.entries(HOSTILE_UPLOADS)) {
        probes.push({ method: op.method, path, headers: { 'content-type': 'text/csv' }, body, what: `upload ${name}` });
      }
      for (const filename of HOSTILE_FILENAMES) {
        const form = new FormData();
        form.append('file', new Blob([new Uint8Array(HOSTILE_UPLOADS.hostileRows)]), filename);
        probes.push({ method: op.method, path, body: form, what: `multipart filename ${show(filename)}` });
      }
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(HOSTILE_UPLOADS.binaryGarbage)]), 'garbage.csv');
      form.append('file', new Blob([new Uint8Array(HOSTILE_UPLOADS.nulBytes)]), 'second.csv');
      probes.push({ method: op.method, path, body: form, what: 'multipart two files' });
      probes.push({
        method: op.method,
        path,
        headers: { 'content-type': 'multipart/form-data; boundary=x' },
        body: Buffer.from('--x\r\ncontent-disposition: form-data; name="file"; filename="\u0000"\r\n\r\nabc'),
        what: 'multipart truncated',
      });
    }
    return probes;
  }

  async function send(
    p: Probe,
    token: string | undefined,
  ): Promise<{ status: number; error?: string; code?: unknown }> {
    const headers: Record<string, string> = { ...p.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      const res = await fetch(t.baseUrl + p.path, { method: p.method, headers, body: p.body } as RequestInit);
      // A live stream (the queue's server-sent events) never ends by itself: its status is the answer.
      if (res.headers.get('content-type')?.startsWith('text/event-stream')) {
        await res.body?.cancel();
        return { status: res.status };
      }
      const text = await res.text();
      if (res.status < 400 || !res.headers.get('content-type')?.includes('json')) return { status: res.status };
      return { status: res.status, code: JSON.parse(text).code };
    } catch (e) {
      return { status: 0, error: String((e as Error).cause ?? e) };
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ MAX_UPLOAD_BYTES: String(1024 * 1024) });
    const admin = await t.login(ADMIN.email, ADMIN.password);
    const ok = (r: { status: number; body: unknown }, status: number) => {
      if (r.status !== status) throw new Error(`setup: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body as any;
    };
    ok(await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() }), 200);
    const customers = ok(await t.api('GET', '/api/customers', { token: admin }), 200);
    ids.harb = customers.items.find((c: { accountCode: string }) => c.accountCode === 'HARB009').id;
    for (const { email, role, customerId } of [
      { email: 'dana@test.local', role: 'customer', customerId: ids.harb },
      { email: 'victim@test.local', role: 'technician' },
    ]) {
      const u = ok(
        await t.api('POST', '/api/users', {
          token: admin,
          body: { email, password: 'a-long-password-1', name: email, role, customerId },
        }),
        201,
      );
      if (role === 'technician') ids.victimUser = u.id;
    }
    const dana = await t.login('dana@test.local', 'a-long-password-1');
    const imported = ok(
      await t.api('POST', '/api/cdrs/import', {
        token: admin,
        raw: 'Call ID,Start,Account,To,Duration,Billsec\ns-1,2025-05-14T09:00:00Z,HARB009,+37181431366,60,50\n',
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    );
    ids.import = imported.importId;
    const event = ok(
      await t.api('POST', '/api/events', {
        token: admin,
        body: {
          accountCode: 'HARB009',
          kind: 'threshold',
          severity: 'warning',
          summary: 'sweep',
          occurredAt: '2025-05-14T10:00:00Z',
        },
      }),
      201,
    );
    ids.ticket = event.ticketId;
    const ticket = ok(await t.api('GET', `/api/tickets/${ids.ticket}`, { token: admin }), 200);
    ids.checklistItem = ticket.checklist[0].id;
    principals.push({ name: 'admin', token: admin }, { name: 'customer', token: dana }, { name: 'anonymous' });

    const doc = await t.api('GET', '/api/docs-json');
    expect(doc.status).toBe(200);
    ops = operationsOf(doc.body);
  });
  afterAll(() => t?.close());

  it('covers the routes of the OpenAPI document', () => {
    expect(ops.length).toBeGreaterThan(30);
    expect(ops.map((o) => `${o.method} ${o.template}`)).toContain('POST /api/cdrs/import');
  });

  it('keeps /api/health answering 200 while deep and wide JSON floods every JSON route', async () => {
    const floods: Probe[] = [];
    for (const op of ops.filter((o) => o.bodyFields || o.template === '/api/auth/login')) {
      for (const name of ['deepArrays', 'deepObjects', 'deepInField', 'deepMixed', 'wideObject', 'wideField']) {
        floods.push({
          method: op.method,
          path: basePath(op),
          headers: { 'content-type': 'application/json' },
          body: HOSTILE_BODIES[name],
          what: name,
        });
      }
    }
    let inFlight = true;
    const flood = runPooled(
      [...floods, ...floods].map((p, i) => () => send(p, i % 2 ? principals[0].token : undefined)),
      CONCURRENCY,
    ).finally(() => (inFlight = false));
    const health: number[] = [];
    while (inFlight) {
      const r = await send({ method: 'GET', path: '/api/health', what: 'health' }, undefined);
      if (inFlight) health.push(r.status);
    }
    const results = await flood;
    expect(health.length).toBeGreaterThan(0);
    expect(health.every((s) => s === 200)).toBe(true);
    const bad = results
      .map((r, i) => ({ ...r, p: floods[i % floods.length] }))
      .filter((r) => r.status >= 500 || r.status === 0);
    expect(bad.map((r) => `${r.p.method} ${r.p.path} ${r.p.what} → ${r.status}`)).toEqual([]);
  }, 120_000);

  it('answers every hostile request with a status below 500, as admin, customer and anonymous', async () => {
    const failures: string[] = [];
    let sent = 0;
    const started = Date.now();
    for (const principal of principals) {
      for (const op of ops) {
        // A route that turns this caller away at the guard gets the sample; the admin always gets everything.
        const door: Probe = { method: op.method, path: basePath(op), what: 'no input' };
        const doorResult = await send(door, principal.token);
        const refused = principal.name !== 'admin' && (doorResult.status === 401 || doorResult.status === 403);
        const probes = [door, ...probesOf(op, refused)];
        const results = [
          doorResult,
          ...(await runPooled(
            probes.slice(1).map((p) => () => send(p, principal.token)),
            CONCURRENCY,
          )),
        ];
        sent += probes.length;
        results.forEach((r, i) => {
          // Every refusal names its domain code, one the filter maps to the status it answered. A 431 (headers
          // too large) is Node's own answer, before any application code.
          const uncoded =
            r.status >= 400 &&
            r.status !== 431 &&
            !(KNOWN_CODES.has(r.code as ErrorCode) && statusOf(r.code as ErrorCode) === r.status);
          if (r.status >= 500 || r.status === 0 || uncoded) {
            const p = probes[i];
            const body = typeof p.body === 'string' ? ` body ${show(p.body)}` : '';
            const code = uncoded ? ` code ${String(r.code)}` : '';
            failures.push(
              `${principal.name} ${p.method} ${show(p.path, 120)} [${p.what}] → ${r.status}${code} ${r.error ?? ''}${body}`,
            );
          }
        });
      }
    }
    console.log(`hostile sweep: ${sent} requests in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    expect(sent).toBeGreaterThan(5_000);
    expect(failures, `${failures.length} of ${sent} requests failed:\n${failures.join('\n')}`).toEqual([]);
  }, 300_000);
});

/** A value as a failure message can show it: escaped, and cut short. */
function show(v: string, max = 80): string {
  const s = JSON.stringify(v);
  return s.length > max ? `${s.slice(0, max)}…(${v.length} chars)` : s;
}
