import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypes } from '../src/scripts/api-types.js';
import { act, type CaseWorld, caseWorld, postEvent } from './cases.js';
import { expectStatus } from './expect-status.js';
import { ADMIN, createTestApp, type TestApp } from './harness.js';
import { responseSchema, schemaProblems } from './response-schema.js';

/*
 * One contract for both ends: the web app's API types are generated from the OpenAPI document, and the
 * document describes what the endpoints really answer. Either drifting fails here.
 */
describe('the API contract', () => {
  let t: TestApp;
  let doc: any;
  let w: CaseWorld;
  let ticketId: string;

  /** Calls `path` (a document path with its `{params}` filled from `values`) and checks the answer against the document. */
  async function conforms(
    token: string | undefined,
    method: string,
    template: string,
    opts: {
      values?: Record<string, string>;
      query?: Record<string, string>;
      body?: unknown;
      raw?: string;
      status?: number;
    } = {},
  ): Promise<any> {
    const query = opts.query ? `?${new URLSearchParams(opts.query)}` : '';
    const path = template.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(opts.values![k])) + query;
    const status = opts.status ?? (method === 'POST' ? 201 : 200);
    const r = expectStatus(
      await t.api(method, path, {
        token,
        body: opts.body,
        raw: opts.raw,
        headers: opts.raw ? { 'content-type': 'text/csv' } : undefined,
      }),
      status,
    );
    const problems = schemaProblems(doc, responseSchema(doc, method, template, status), r.body);
    expect(problems, `${method} ${path} answers what the document says`).toEqual([]);
    return r.body;
  }

  beforeAll(async () => {
    t = await createTestApp();
    doc = expectStatus(await t.api('GET', '/api/docs-json'), 200).body;
    w = await caseWorld(t);
    const csv = await readFile(new URL('./fixtures/cdrs/generic.csv', import.meta.url), 'utf8');
    expectStatus(
      await t.api('POST', '/api/cdrs/import', { token: w.tech, raw: csv, headers: { 'content-type': 'text/csv' } }),
      201,
    );
    // A block event restricting a range beyond Harborview's own addresses: the restriction has a reason and covers.
    const event = expectStatus(
      await postEvent(t, w.tech, {
        severity: 'block',
        dedupeKey: 'contract',
        evidence: { from: '2025-05-14T09:00:00Z', to: '2025-05-14T10:00:00Z' },
        restrictions: [{ kind: 'ip', value: '203.0.113.0/24' }],
      }),
      201,
    );
    ticketId = event.body.ticketId;
    expectStatus(
      await act(t, w.harbUser, ticketId, 'CUSTOMER_REVIEW', {
        verdict: 'fraudulent',
        message: 'A compromised phone; it is unplugged.',
        sourceRemoved: true,
      }),
      200,
    );
  });
  afterAll(() => t?.close());

  it('frontend/src/app/core/api.generated.ts is generated from the document the app serves', async () => {
    const committed = await readFile(API_TYPES_FILE, 'utf8');
    expect(committed, 'the web app API types are stale: run npm run contracts').toBe(await apiTypes(doc));
  });

  it('describes sign-in and users as they are answered', async () => {
    await conforms(undefined, 'POST', '/api/auth/login', { body: ADMIN, status: 200 });
    await conforms(w.admin, 'GET', '/api/auth/me');
    await conforms(w.harbUser, 'GET', '/api/auth/me');
    const users = await conforms(w.admin, 'GET', '/api/users');
    const user = users.items.find((u: { role: string }) => u.role === 'customer');
    await conforms(w.admin, 'GET', '/api/users/{id}', { values: { id: user.id } });
    const created = await conforms(w.admin, 'POST', '/api/users', {
      body: { email: 'new@noc.test', password: 'a-long-password-1', name: 'New', role: 'technician' },
    });
    await conforms(w.admin, 'PATCH', '/api/users/{id}', { values: { id: created.id }, body: { active: false } });
  });

  it('describes customers as they are answered', async () => {
    await conforms(w.admin, 'GET', '/api/customers');
    await conforms(w.harbUser, 'GET', '/api/customers');
    await conforms(w.harbUser, 'GET', '/api/customers/{id}', { values: { id: w.harbId } });
    const created = await conforms(w.admin, 'POST', '/api/customers', {
      body: { name: 'Contract Co', accountCode: 'CONTRACT1', timezone: 'UTC', contacts: [{ name: 'Desk' }] },
    });
    await conforms(w.admin, 'PATCH', '/api/customers/{id}', { values: { id: created.id }, body: { state: null } });
    await conforms(w.admin, 'POST', '/api/customers/import', {
      body: { customers: [{ name: 'Contract Co', accountCode: 'CONTRACT1', timezone: 'UTC' }] },
      status: 200,
    });
  });

  it('describes CDRs, imports, the rate deck and usage as they are answered', async () => {
    const csv = 'Call ID,Start,Account,To,Billsec\nc-1,2025-05-15T09:00:00Z,HARB009,+442079460001,60\nbad\n';
    await conforms(w.tech, 'POST', '/api/cdrs/import', { raw: csv });
    const imports = await conforms(w.tech, 'GET', '/api/cdrs/imports');
    await conforms(w.tech, 'GET', '/api/cdrs/imports/{id}', { values: { id: imports.items[0].id } });
    await conforms(w.tech, 'GET', '/api/cdrs');
    await conforms(w.harbUser, 'GET', '/api/cdrs');
    await conforms(w.admin, 'POST', '/api/rate-deck', { raw: 'prefix,description,rate_per_minute\n+44,UK,0.02\n' });
    await conforms(w.tech, 'GET', '/api/rate-deck');
    const query = { from: '2025-05-14', to: '2025-05-15' };
    for (const widget of doc.components.schemas.UsageWidget.enum) {
      await conforms(w.tech, 'GET', '/api/usage/{widget}', { values: { widget }, query });
    }
    await conforms(w.harbUser, 'GET', '/api/usage/{widget}', { values: { widget: 'minutes-by-country' }, query });
  });

  it('describes tickets, their timeline and work as they are answered, to the NOC and to the customer', async () => {
    const values = { id: ticketId };
    await conforms(w.tech, 'GET', '/api/tickets');
    await conforms(w.harbUser, 'GET', '/api/tickets');
    const ticket = await conforms(w.tech, 'GET', '/api/tickets/{id}', { values });
    expect(ticket.restrictions[0]).toMatchObject({ reason: expect.any(String), covers: [expect.any(Object)] });
    await conforms(w.harbUser, 'GET', '/api/tickets/{id}', { values });
    await conforms(w.tech, 'POST', '/api/tickets/{id}/notes', {
      values,
      body: { body: 'Called the customer.', visibility: 'internal' },
    });
    await conforms(w.tech, 'PATCH', '/api/tickets/{id}/client-summary', {
      values,
      body: { clientSummary: 'Calls to Latvia from your seat 142.' },
    });
    await conforms(w.tech, 'PATCH', '/api/tickets/{id}/checklist/{itemId}', {
      values: { id: ticketId, itemId: ticket.checklist[0].id },
      body: { checked: true, finding: 'Yes, and not needed' },
    });
    const current = await conforms(w.tech, 'GET', '/api/tickets/{id}', { values });
    await conforms(w.tech, 'POST', '/api/tickets/{id}/events', {
      values,
      body: { type: 'ESCALATE', version: current.version, reason: 'Still dialling out' },
      status: 200,
    });
    await conforms(w.tech, 'GET', '/api/tickets/{id}/timeline', { values });
    await conforms(w.harbUser, 'GET', '/api/tickets/{id}/timeline', { values });
    await conforms(w.harbUser, 'GET', '/api/tickets/{id}/attachments', { values });
    await conforms(w.tech, 'GET', '/api/checklist-templates');
    await conforms(w.tech, 'GET', '/api/checklist-templates/{kind}', { values: { kind: 'threshold' } });
    await conforms(w.admin, 'PUT', '/api/checklist-templates/{kind}', {
      values: { kind: 'external' },
      body: { items: ['Who reported it?'] },
    });
  });

  it('describes detected events, enforcement and health as they are answered', async () => {
    await conforms(w.tech, 'POST', '/api/events', {
      body: {
        accountCode: 'ACME01',
        kind: 'external',
        severity: 'notify',
        summary: 'Carrier notice',
        details: { carrierTicket: 'C-1' },
        occurredAt: '2025-05-14T12:00:00Z',
      },
    });
    await conforms(w.tech, 'GET', '/api/events');
    await conforms(w.harbUser, 'GET', '/api/events');
    await conforms(w.tech, 'GET', '/api/enforcement/blocklist');
    await conforms(w.tech, 'POST', '/api/enforcement/authorize', {
      body: { accountCode: 'HARB009', sourceIp: '203.0.113.77', callee: '+37181431366' },
      status: 200,
    });
    await conforms(undefined, 'GET', '/api/health');
  });
});
