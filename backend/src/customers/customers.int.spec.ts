import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { twoCustomers } from '../../test/fixtures.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

describe('customers (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  const tokens: Record<string, string> = {};
  let harbId: string;
  let acmeId: string;

  beforeAll(async () => {
    t = await createTestApp({ MAX_JSON_BODY: '64kb' });
    admin = await t.login(ADMIN.email, ADMIN.password);
    const imp = await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() });
    expectStatus(imp, 200);
    expect(imp.body).toEqual({ created: 2, updated: 0, unchanged: 0 });
    const list = await t.api('GET', '/api/customers', { token: admin });
    expectStatus(list, 200);
    harbId = list.body.items.find((c: { accountCode: string }) => c.accountCode === 'HARB009').id;
    acmeId = list.body.items.find((c: { accountCode: string }) => c.accountCode === 'ACME01').id;
    const users: [string, string, string | undefined][] = [
      ['technician', 'tech@test.local', undefined],
      ['engineer', 'eng@test.local', undefined],
      ['manager', 'mgr@test.local', undefined],
      ['customer', 'dana@harborview.example.com', harbId],
    ];
    for (const [role, email, customerId] of users) {
      const r = await t.api('POST', '/api/users', {
        token: admin,
        body: { email, password: 'a-long-password-1', name: role, role, customerId },
      });
      expect(r.status).toBe(201);
      tokens[role] = await t.login(email, 'a-long-password-1');
    }
  });
  afterAll(() => t.close());

  describe('import', () => {
    it('stores the whole shape: IPs, groups, seats, contacts', async () => {
      const c = await t.api('GET', `/api/customers/${harbId}`, { token: admin });
      expectStatus(c, 200);
      expect(c.body).toMatchObject({
        name: 'Harborview Logistics',
        accountCode: 'HARB009',
        timezone: 'America/New_York',
        state: 'MA',
      });
      expect(c.body.ips.map((i: { cidr: string }) => i.cidr).sort()).toEqual(['198.51.100.0/28', '203.0.113.10']);
      expect(c.body.groups).toHaveLength(1);
      expect(c.body.groups[0].seats.map((s: { extension: string }) => s.extension)).toEqual(['142', '143']);
      expect(c.body.contacts[0].email).toBe('dana@harborview.example.com');
    });

    it('is idempotent: importing the same file twice changes nothing', async () => {
      const before = await t.db.query(`SELECT * FROM seats ORDER BY id`);
      const again = await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() });
      expectStatus(again, 200);
      expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 2 });
      const after = await t.db.query(`SELECT * FROM seats ORDER BY id`);
      expect(after.rows).toEqual(before.rows);
    });

    it('applies changes: a renamed seat, a removed IP, a new customer', async () => {
      const data = twoCustomers();
      data.customers[0].groups[0].seats[1].name = 'Warehouse floor';
      data.customers[0].ips = ['203.0.113.10'];
      data.customers.push({
        ...data.customers[1],
        name: 'New Co',
        accountCode: 'NEW01',
        groups: [],
        ips: [],
        contacts: [],
      });
      const r = await t.api('POST', '/api/customers/import', { token: admin, body: data });
      expectStatus(r, 200);
      expect(r.body).toEqual({ created: 1, updated: 1, unchanged: 1 });
      const c = await t.api('GET', `/api/customers/${harbId}`, { token: admin });
      expectStatus(c, 200);
      expect(c.body.ips).toEqual([expect.objectContaining({ cidr: '203.0.113.10' })]);
      expect(c.body.groups[0].seats[1].name).toBe('Warehouse floor');
      // restore
      expectStatus(await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() }), 200);
    });

    it('rejects the whole import naming the bad customer, and writes nothing', async () => {
      const data = twoCustomers();
      data.customers[0].name = 'Should not be written';
      data.customers[1].timezone = 'Mars/Olympus';
      data.customers[1].ips = ['999.1.2.3'];
      const r = await t.api('POST', '/api/customers/import', { token: admin, body: data });
      expect(r.status).toBe(400);
      expect(r.body.message).toEqual([
        'customer ACME01: timezone "Mars/Olympus" is not an IANA time zone',
        'customer ACME01: "999.1.2.3" is not an IP address or CIDR',
      ]);
      expect(r.body.code).toBe('customer_import_invalid');
      const c = await t.api('GET', `/api/customers/${harbId}`, { token: admin });
      expectStatus(c, 200);
      expect(c.body.name).toBe('Harborview Logistics');
    });

    it('lists every invalid field of a malformed import', async () => {
      const r = await t.api('POST', '/api/customers/import', {
        token: admin,
        body: {
          customers: [{ name: 5, accountCode: 'bad code!', timezone: 'UTC', groups: [{ name: 'g', seats: 'x' }] }],
        },
      });
      expect(r.status).toBe(400);
      expect(r.body.message).toEqual(
        expect.arrayContaining([
          'customers.0.name must be a string',
          'customers.0.accountCode must be 1-64 letters, digits, dot, dash or underscore',
          'customers.0.groups.0.externalId must be a string',
        ]),
      );
      expect(r.body.code).toBe('validation_failed');
    });
  });

  describe('role guards', () => {
    it.each([
      ['technician', 403],
      ['engineer', 403],
      ['manager', 403],
      ['customer', 403],
    ])('%s may not import customers (%i)', async (role, status) => {
      const r = await t.api('POST', '/api/customers/import', { token: tokens[role], body: twoCustomers() });
      expect(r.status).toBe(status);
      expect(r.body.code).toBe('role_forbidden');
    });

    it.each(['technician', 'engineer', 'manager', 'customer'])('%s may not manage users', async (role) => {
      expectError(await t.api('GET', '/api/users', { token: tokens[role] }), 403, 'role_forbidden');
      const r = await t.api('POST', '/api/users', {
        token: tokens[role],
        body: { email: 'x@test.local', password: 'a-long-password-1', name: 'x', role: 'admin' },
      });
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('role_forbidden');
    });

    it.each(['technician', 'engineer', 'manager'])('%s reads every customer but cannot change one', async (role) => {
      const list = await t.api('GET', '/api/customers', { token: tokens[role] });
      expectStatus(list, 200);
      expect(list.body.items.length).toBeGreaterThanOrEqual(2);
      expectError(
        await t.api('PATCH', `/api/customers/${acmeId}`, { token: tokens[role], body: { name: 'x' } }),
        403,
        'role_forbidden',
      );
      expectError(await t.api('DELETE', `/api/customers/${acmeId}`, { token: tokens[role] }), 403, 'role_forbidden');
    });
  });

  describe('tenant isolation', () => {
    it('a customer user lists only its own customer', async () => {
      const list = await t.api('GET', '/api/customers', { token: tokens.customer });
      expectStatus(list, 200);
      expect(list.body.items.map((c: { accountCode: string }) => c.accountCode)).toEqual(['HARB009']);
      const searched = await t.api('GET', '/api/customers?q=Acme', { token: tokens.customer });
      expectStatus(searched, 200);
      expect(searched.body.items).toEqual([]);
    });

    it('a customer user gets 404 for another customer, exactly like a missing one', async () => {
      const other = await t.api('GET', `/api/customers/${acmeId}`, { token: tokens.customer });
      const missing = await t.api('GET', `/api/customers/00000000-0000-4000-8000-000000000000`, {
        token: tokens.customer,
      });
      expect(other.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(other.body).toEqual(missing.body);
      expect(other.body.code).toBe('customer_not_found');
      expect((await t.api('GET', `/api/customers/${harbId}`, { token: tokens.customer })).status).toBe(200);
    });

    it('a customer user cannot change its own or another customer', async () => {
      for (const id of [harbId, acmeId]) {
        expectError(
          await t.api('PATCH', `/api/customers/${id}`, { token: tokens.customer, body: { name: 'x' } }),
          403,
          'role_forbidden',
        );
      }
    });
  });

  describe('users', () => {
    it('requires a customer for the customer role, and only for it', async () => {
      const a = await t.api('POST', '/api/users', {
        token: admin,
        body: { email: 'c2@test.local', password: 'a-long-password-1', name: 'c', role: 'customer' },
      });
      expect(a.status).toBe(400);
      expect(a.body.message).toEqual(expect.arrayContaining(['customerId must be a UUID']));
      expect(a.body.code).toBe('validation_failed');
      const b = await t.api('POST', '/api/users', {
        token: admin,
        body: {
          email: 'c3@test.local',
          password: 'a-long-password-1',
          name: 'c',
          role: 'technician',
          customerId: acmeId,
        },
      });
      expect(b.status).toBe(400);
      expect(b.body.message).toEqual(['customerId is only for users with the customer role']);
      expect(b.body.code).toBe('user_customer_link_invalid');
    });

    it('refuses a duplicate email with 409 and a short password with 400', async () => {
      const dup = await t.api('POST', '/api/users', {
        token: admin,
        body: { email: 'TECH@test.local', password: 'a-long-password-1', name: 't', role: 'technician' },
      });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('user_email_taken');
      const short = await t.api('POST', '/api/users', {
        token: admin,
        body: { email: 'new@test.local', password: 'short', name: 't', role: 'technician' },
      });
      expect(short.status).toBe(400);
      expect(short.body.message).toEqual(['password must be longer than or equal to 12 characters']);
      expect(short.body.code).toBe('weak_password');
    });

    it('disabling a user ends its sessions; the last admin cannot be demoted', async () => {
      const list = await t.api('GET', '/api/users?limit=500', { token: admin });
      expectStatus(list, 200);
      const eng = list.body.items.find((u: { email: string }) => u.email === 'eng@test.local');
      expectStatus(await t.api('PATCH', `/api/users/${eng.id}`, { token: admin, body: { active: false } }), 200);
      expectError(await t.api('GET', '/api/auth/me', { token: tokens.engineer }), 401, 'session_expired');
      const me = list.body.items.find((u: { email: string }) => u.email === ADMIN.email);
      const r = await t.api('PATCH', `/api/users/${me.id}`, { token: admin, body: { role: 'technician' } });
      expect(r.status).toBe(409);
      expect(r.body.code).toBe('last_admin');
    });

    it('pages with a cursor', async () => {
      const first = await t.api('GET', '/api/users?limit=2', { token: admin });
      expectStatus(first, 200);
      expect(first.body.items).toHaveLength(2);
      const second = await t.api('GET', `/api/users?limit=2&cursor=${first.body.nextCursor}`, { token: admin });
      expectStatus(second, 200);
      expect(second.body.items[0].email > first.body.items[1].email).toBe(true);
      expectError(await t.api('GET', '/api/users?cursor=garbage', { token: admin }), 400, 'cursor_invalid');
    });
  });

  describe('bad input', () => {
    it('malformed JSON is a 400 saying so', async () => {
      const r = await t.api('POST', '/api/customers', { token: admin, body: '{"name": "x",' });
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/JSON/);
      expect(r.body.code).toBe('json_malformed');
    });

    it('wrong types and unknown fields are listed, nothing is written', async () => {
      const r = await t.api('POST', '/api/customers', {
        token: admin,
        body: { name: ['x'], accountCode: 'ZED1', timezone: 'Nowhere/Land', hacker: true },
      });
      expect(r.status).toBe(400);
      expect(r.body.message).toEqual(
        expect.arrayContaining([
          'property hacker should not exist',
          'name must be a string',
          'timezone must be an IANA time zone such as America/New_York',
        ]),
      );
      expect(r.body.code).toBe('validation_failed');
      const rows = await t.db.query(`SELECT 1 FROM customers WHERE account_code = 'ZED1'`);
      expect(rows.rowCount).toBe(0);
    });

    it('an oversize body is a 413', async () => {
      const r = await t.api('POST', '/api/customers/import', {
        token: admin,
        body: {
          customers: Array.from({ length: 2000 }, (_, i) => ({ ...twoCustomers().customers[0], accountCode: `X${i}` })),
        },
      });
      expect(r.status).toBe(413);
      expect(r.body.statusCode).toBe(413);
      expect(r.body.code).toBe('payload_too_large');
    });

    it('a bad id in the path is a 400, a duplicate account code a 409', async () => {
      expectError(await t.api('GET', '/api/customers/not-a-uuid', { token: admin }), 400, 'validation_failed');
      const dup = await t.api('POST', '/api/customers', {
        token: admin,
        body: { name: 'Dup', accountCode: 'ACME01', timezone: 'UTC' },
      });
      expect(dup.status).toBe(409);
      expect(dup.body.message).toBe('Account code ACME01 is already used');
      expect(dup.body.code).toBe('account_code_taken');
    });

    it('creates a customer with valid input', async () => {
      const r = await t.api('POST', '/api/customers', {
        token: admin,
        body: {
          name: 'Zed Corp',
          accountCode: 'ZED2',
          timezone: 'Europe/Riga',
          ips: ['2001:db8::/48'],
          contacts: [{ name: 'Z', email: 'z@zed.example' }],
        },
      });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ accountCode: 'ZED2', ips: [{ cidr: '2001:db8::/48' }] });
    });
  });
});
