import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const cursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
const YEARS = (field: string) => `${field} must be a date (YYYY-MM-DD) or an ISO-8601 time in the years 1000 to 9999`;
const messages = (body: { message: string | string[] }) => [body.message].flat().join('\n');

/** Bad input that made PostgreSQL (or the code in front of it) fail with a 500: each is a 400 or 404 naming it. */
describe('bad input is a 4xx, never a 500 (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let ticketId: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    ticketId = await openCase(t, w.tech);
  });
  afterAll(() => t.close());

  describe('NUL bytes and lone surrogates', () => {
    it('refuses a NUL in a searched string with 400 naming the parameter, for a customer too', async () => {
      for (const [path, token] of [
        ['/api/tickets?q=%00', w.harbUser],
        ['/api/tickets?q=FRD%00', w.tech],
        ['/api/customers?q=a%00b', w.harbUser],
      ] as const) {
        const r = await t.api('GET', path, { token });
        expect(r.status, path).toBe(400);
        expect(messages(r.body)).toBe('q must not contain a NUL character (U+0000)');
        expect(r.body.code, path).toBe('text_invalid');
      }
    });

    it('refuses a NUL in any stored string of a JSON body with 400 naming the field', async () => {
      const note = await t.api('POST', `/api/tickets/${ticketId}/notes`, {
        token: w.harbUser,
        body: { body: 'we\u0000checked', visibility: 'customer' },
      });
      expect(note.status).toBe(400);
      expect(messages(note.body)).toBe('body must not contain a NUL character (U+0000)');
      expect(note.body.code).toBe('text_invalid');

      const customers = { customers: [{ name: 'Nul\u0000Co', accountCode: 'NUL1', timezone: 'UTC' }] };
      const imported = await t.api('POST', '/api/customers/import', { token: w.admin, body: customers });
      expect(imported.status).toBe(400);
      expect(messages(imported.body)).toBe('customers.0.name must not contain a NUL character (U+0000)');
      expect(imported.body.code).toBe('text_invalid');

      const details = { accountCode: 'HARB009', kind: 'threshold', severity: 'warning', summary: 'x' };
      const event = await t.api('POST', '/api/events', {
        token: w.tech,
        body: { ...details, occurredAt: '2025-05-14T10:00:00Z', details: { 'a\u0000b': 1 } },
      });
      expect(event.status).toBe(400);
      expect(messages(event.body)).toContain('a key of details ("a\\u0000b") must not contain a NUL');
      expect(event.body.code).toBe('text_invalid');

      const template = await t.api('PUT', '/api/checklist-templates/x%00y', { token: w.admin, body: { items: ['a'] } });
      expect(template.status).toBe(400);
      expect(messages(template.body)).toBe('kind must not contain a NUL character (U+0000)');
      expect(template.body.code).toBe('text_invalid');
    });

    it('refuses a lone UTF-16 surrogate in the login email with 400, before any login', async () => {
      const r = await t.api('POST', '/api/auth/login', { body: { email: '\ud800@test.local', password: 'x' } });
      expect(r.status).toBe(400);
      expect(messages(r.body)).toBe('email must not contain an unpaired UTF-16 surrogate (not a character)');
      expect(r.body.code).toBe('text_invalid');
      const note = await t.api('POST', `/api/tickets/${ticketId}/notes`, {
        token: w.tech,
        body: { body: 'broken \udc00 text', visibility: 'internal' },
      });
      expect(note.status).toBe(400);
      expect(messages(note.body)).toContain('body must not contain an unpaired UTF-16 surrogate');
      expect(note.body.code).toBe('text_invalid');
      const paired = await t.api('POST', `/api/tickets/${ticketId}/notes`, {
        token: w.tech,
        body: { body: 'a real emoji 😀 is text', visibility: 'internal' },
      });
      expect(paired.status).toBe(201);
    });
  });

  describe('cursors', () => {
    const lists = () => [
      '/api/users',
      '/api/customers',
      '/api/cdrs',
      '/api/cdrs/imports',
      '/api/rate-deck',
      '/api/tickets',
      `/api/tickets/${ticketId}/timeline`,
      '/api/events',
    ];
    const hostile = [
      ['99999999999999999999999'],
      ['2025-05-14T00:00:00.000Z', '99999999999999999999999'],
      ['2025-05-14T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'],
      ['a\u0000b', '00000000-0000-4000-8000-000000000000'],
      ['275760-09-13T00:00:00Z', '1'],
      [99999, '99999999999999999999', '00000000-0000-4000-8000-000000000000'],
      [1, '9223372036854775807', '00000000-0000-4000-8000-000000000000'],
      [-2147483648, '1747180800000000', '00000000-0000-4000-8000-000000000000'],
      [{}, [], null],
    ];

    it('refuses cursors whose values overflow their columns or have the wrong type, on every paged list', async () => {
      const failures: string[] = [];
      for (const path of lists()) {
        for (const values of hostile) {
          const r = await t.api('GET', `${path}?cursor=${cursor(values)}`, { token: w.admin });
          // A cursor of the right shape for this list is a valid (empty) page; anything else is a 400.
          if (r.status !== 400 && r.status !== 200) failures.push(`${path} ${JSON.stringify(values)} → ${r.status}`);
          if (
            r.status === 400 &&
            (r.body.message !== 'cursor is not a cursor this endpoint issued' || r.body.code !== 'cursor_invalid')
          ) {
            failures.push(`${path} ${JSON.stringify(values)} → ${JSON.stringify(r.body)}`);
          }
        }
      }
      expect(failures).toEqual([]);
      const overflow = await t.api('GET', `/api/cdrs?cursor=${cursor(['2025-05-14T00:00:00.000Z', '1e23'])}`, {
        token: w.admin,
      });
      expect(overflow.status).toBe(400);
      expect(overflow.body.code).toBe('cursor_invalid');
      const timeline = await t.api('GET', `/api/tickets/${ticketId}/timeline?cursor=${cursor(['9'.repeat(23)])}`, {
        token: w.harbUser,
      });
      expect(timeline.status).toBe(400);
      expect(timeline.body.code).toBe('cursor_invalid');
    });

    it('still pages with the cursors the lists issue', async () => {
      for (const path of lists()) {
        const first = await t.api('GET', `${path}${path.includes('?') ? '&' : '?'}limit=1`, { token: w.admin });
        expect(first.status, path).toBe(200);
        if (!first.body.nextCursor) continue;
        const next = await t.api('GET', `${path}?limit=1&cursor=${first.body.nextCursor}`, { token: w.admin });
        expect(next.status, path).toBe(200);
      }
    });
  });

  describe('dates', () => {
    it('refuses dates outside years 1000-9999 on the usage widgets with 400 naming the parameter', async () => {
      const widget = '/api/usage/minutes-by-country';
      for (const [query, message, code] of [
        ['to=9999-12-31', 'to must be a day before 9999-12-31', 'date_out_of_range'],
        ['to=9999-12-31T23:59:59Z', 'to must be before 9999-12-31T23:00:00Z', 'date_out_of_range'],
        ['from=-infinity', `${YEARS('from')}, got "-infinity"`, 'date_invalid'],
        ['to=0000-01-01', `${YEARS('to')}, got "0000-01-01"`, 'date_invalid'],
        ['to=300000-01-01', `${YEARS('to')}, got "300000-01-01"`, 'date_invalid'],
        ['to=9999-12-31T23:00:00-05:00', `${YEARS('to')}, got "9999-12-31T23:00:00-05:00"`, 'date_invalid'],
      ]) {
        for (const token of [w.admin, w.harbUser]) {
          const r = await t.api('GET', `${widget}?${query}`, { token });
          expect(r.status, query).toBe(400);
          expect(messages(r.body)).toBe(message);
          expect(r.body.code, query).toBe(code);
        }
      }
    });

    it('refuses such dates on the CDR list and takes the last representable day', async () => {
      for (const query of ['from=-infinity', 'to=0000-01-01', 'to=300000-01-01', 'from=infinity']) {
        const r = await t.api('GET', `/api/cdrs?${query}`, { token: w.harbUser });
        expect(r.status, query).toBe(400);
        expect(r.body.code, query).toBe('date_invalid');
      }
      const last = await t.api('GET', '/api/cdrs?to=9999-12-31', { token: w.harbUser });
      expect(last.status).toBe(200);
    });

    it('reads offsets PostgreSQL refuses (beyond ±15:59) itself, and refuses years it cannot hold', async () => {
      const since = await t.api('GET', '/api/events?since=1969-12-31T23:59:59.999-23:59', { token: w.harbUser });
      expect(since.status).toBe(200);
      const event = await t.api('POST', '/api/events', {
        token: w.tech,
        body: {
          accountCode: 'HARB009',
          kind: 'threshold',
          severity: 'warning',
          summary: 'odd offset',
          dedupeKey: 'odd-offset',
          occurredAt: '2025-05-14T00:30:00-23:30',
        },
      });
      expect(event.status).toBe(201);
      expect(event.body.occurredAt).toBe('2025-05-15T00:00:00.000Z');
      for (const since of ['-infinity', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z']) {
        const r = await t.api('GET', `/api/events?since=${encodeURIComponent(since)}`, { token: w.tech });
        expect(r.status, since).toBe(400);
        expect(messages(r.body)).toBe('since must be an ISO-8601 date-time');
        expect(r.body.code, since).toBe('validation_failed');
      }
    });
  });

  describe('lookups by name', () => {
    it('answers 400 naming the event to lifecycle event types that are Object.prototype keys', async () => {
      for (const type of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf']) {
        const r = await t.api('POST', `/api/tickets/${ticketId}/events`, {
          token: w.tech,
          body: { type, version: 1, reason: 'x' },
        });
        expect(r.status, type).toBe(400);
        expect(messages(r.body)).toContain('type must be one of RESTRICT, CUSTOMER_REVIEW');
        expect(r.body.code, type).toBe('validation_failed');
      }
    });

    it('answers 404 to widgets that are Object.prototype keys', async () => {
      for (const widget of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
        const r = await t.api('GET', `/api/usage/${widget}`, { token: w.harbUser });
        expect(r.status, widget).toBe(404);
        expect(messages(r.body)).toMatch(new RegExp(`^Widget ${widget} \\(known: .*\\) not found$`));
        expect(r.body.code, widget).toBe('usage_widget_unknown');
      }
    });
  });

  describe('null for a NOT NULL column', () => {
    it('refuses null in a PATCH with 400 naming the field', async () => {
      const users = await t.api('GET', '/api/users', { token: w.admin });
      expect(users.status).toBe(200);
      const tech = users.body.items.find((u: { email: string }) => u.email === 'tech@noc.test');
      for (const field of ['name', 'role', 'active', 'password']) {
        const r = await t.api('PATCH', `/api/users/${tech.id}`, { token: w.admin, body: { [field]: null } });
        expect(r.status, field).toBe(400);
        expect(messages(r.body)).toContain(field);
        expect(r.body.code, field).toBe('validation_failed');
      }
      for (const field of ['name', 'accountCode', 'timezone']) {
        const r = await t.api('PATCH', `/api/customers/${w.harbId}`, { token: w.admin, body: { [field]: null } });
        expect(r.status, field).toBe(400);
        expect(messages(r.body)).toContain(field);
        expect(r.body.code, field).toBe('validation_failed');
      }
      expect((await t.api('GET', `/api/customers/${w.harbId}`, { token: w.admin })).body.name).toBe(
        'Harborview Logistics',
      );
      expect(await t.login(ADMIN.email, ADMIN.password)).toBeTruthy();
    });
  });
});
