import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoCustomers } from '../../test/fixtures.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const newCustomer = (accountCode: string, ips: string[], name = `Customer ${accountCode}`) => ({
  name,
  accountCode,
  timezone: 'UTC',
  ips,
  groups: [],
  contacts: [],
});

describe('an IP address belongs to one customer (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let harbId: string;
  let acmeId: string;

  const importCustomers = (customers: unknown[]) =>
    t.api('POST', '/api/customers/import', { token: admin, body: { customers } });
  const customerCodes = async () =>
    (await t.db.query(`SELECT account_code FROM customers ORDER BY account_code`)).rows.map((r) => r.account_code);
  const ipsOf = async (id: string) =>
    (await t.db.query(`SELECT cidr::text FROM customer_ips WHERE customer_id = $1 ORDER BY cidr`, [id])).rows.map(
      (r) => r.cidr,
    );

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(ADMIN.email, ADMIN.password);
    const imp = await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() });
    expect(imp.status).toBe(200);
    const { rows } = await t.db.query(`SELECT id, account_code FROM customers`);
    harbId = rows.find((r) => r.account_code === 'HARB009').id;
    acmeId = rows.find((r) => r.account_code === 'ACME01').id;
  });
  afterAll(() => t.close());

  it("importing a customer with an IP another customer owns is a 409 naming both; nothing is written and A's CDRs stay A's", async () => {
    const before = await customerCodes();
    const r = await importCustomers([
      newCustomer('FRESH1', ['198.18.0.0/24']),
      newCustomer('THIEF1', ['203.0.113.10']),
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.code).toBe('ip_overlap');
    expect(r.body.message).toEqual([
      '203.0.113.10 of customer THIEF1 (Customer THIEF1) overlaps 203.0.113.10 of customer HARB009 (Harborview Logistics): an IP address belongs to one customer',
    ]);
    expect(r.body.overlaps).toEqual([
      {
        ip: '203.0.113.10',
        customer: { customerId: null, accountCode: 'THIEF1', name: 'Customer THIEF1' },
        overlaps: {
          ip: '203.0.113.10',
          customer: { customerId: harbId, accountCode: 'HARB009', name: 'Harborview Logistics' },
        },
      },
    ]);
    expect(await customerCodes()).toEqual(before);

    // A's traffic without an account code is still A's.
    const cdr = await t.api('POST', '/api/cdrs/import?format=generic', {
      token: admin,
      raw: 'call_id,source_ip,to,start,billsec\nowned-1,203.0.113.10,+12125550100,2025-05-14T10:00:00Z,60\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(cdr.status, JSON.stringify(cdr.body)).toBe(201);
    const { rows } = await t.db.query(`SELECT customer_id FROM cdrs WHERE call_id = 'owned-1'`);
    expect(rows).toEqual([{ customer_id: harbId }]);
  });

  it('a range that contains or sits inside another customer’s range is refused, naming both ranges', async () => {
    const wider = await importCustomers([newCustomer('THIEF2', ['203.0.113.0/24'])]);
    expect(wider.status).toBe(409);
    expect(wider.body.code).toBe('ip_overlap');
    expect(wider.body.message).toEqual([
      expect.stringContaining(
        '203.0.113.0/24 of customer THIEF2 (Customer THIEF2) overlaps 203.0.113.10 of customer HARB009',
      ),
    ]);
    const inside = await importCustomers([newCustomer('THIEF3', ['198.51.100.8/29'])]);
    expect(inside.status).toBe(409);
    expect(inside.body.code).toBe('ip_overlap');
    expect(inside.body.message).toEqual([
      expect.stringContaining(
        '198.51.100.8/29 of customer THIEF3 (Customer THIEF3) overlaps 198.51.100.0/28 of customer HARB009',
      ),
    ]);
    // IPv4-mapped IPv6 is the same address.
    const mapped = await importCustomers([newCustomer('THIEF4', ['::ffff:192.0.2.20'])]);
    expect(mapped.status).toBe(409);
    expect(mapped.body.code).toBe('ip_overlap');
    expect(mapped.body.message).toEqual([expect.stringContaining('192.0.2.20 of customer THIEF4')]);
    expect(await customerCodes()).toEqual(['ACME01', 'HARB009']);
  });

  it('two customers of one import with overlapping ranges are refused, naming both, and nothing is written', async () => {
    const r = await importCustomers([
      newCustomer('PAIR1', ['198.18.4.0/22']),
      newCustomer('PAIR2', ['198.18.5.128/25', '198.18.99.1']),
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.code).toBe('ip_overlap');
    expect(r.body.message).toEqual([
      expect.stringMatching(
        /^198\.18\.(5\.128\/25 of customer PAIR2.*overlaps 198\.18\.4\.0\/22 of customer PAIR1|4\.0\/22 of customer PAIR1.*overlaps 198\.18\.5\.128\/25 of customer PAIR2)/,
      ),
    ]);
    expect(await customerCodes()).toEqual(['ACME01', 'HARB009']);
  });

  it('re-importing the same customers with the same IPs is still idempotent, and a range may move between customers in one import', async () => {
    const again = await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() });
    expect(again.status).toBe(200);
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 2 });

    const moved = twoCustomers();
    moved.customers[0].ips = ['203.0.113.10'];
    moved.customers[1].ips = ['192.0.2.20', '198.51.100.0/28'];
    const r = await t.api('POST', '/api/customers/import', { token: admin, body: moved });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ created: 0, updated: 2, unchanged: 0 });
    expect(await ipsOf(acmeId)).toEqual(['192.0.2.20/32', '198.51.100.0/28']);
    const back = await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() });
    expect(back.status).toBe(200);
    expect(await ipsOf(harbId)).toEqual(['198.51.100.0/28', '203.0.113.10/32']);
  });

  it('creating or editing a customer with another customer’s IP is a 409 naming both', async () => {
    const created = await t.api('POST', '/api/customers', {
      token: admin,
      body: { name: 'Single Co', accountCode: 'SINGLE1', timezone: 'UTC', ips: ['192.0.2.0/24'] },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(409);
    expect(created.body).toMatchObject({
      code: 'ip_overlap',
      message: [
        '192.0.2.0/24 of customer SINGLE1 (Single Co) overlaps 192.0.2.20 of customer ACME01 (Acme Dental): an IP address belongs to one customer',
      ],
    });
    const patched = await t.api('PATCH', `/api/customers/${acmeId}`, {
      token: admin,
      body: { ips: ['192.0.2.20', '203.0.113.10'] },
    });
    expect(patched.status).toBe(409);
    expect(patched.body.code).toBe('ip_overlap');
    expect(patched.body.message).toEqual([
      '203.0.113.10 of customer ACME01 (Acme Dental) overlaps 203.0.113.10 of customer HARB009 (Harborview Logistics): an IP address belongs to one customer',
    ]);
    expect(await ipsOf(acmeId)).toEqual(['192.0.2.20/32']);
    // Its own ranges may nest, and saving them again is no clash with itself.
    const own = await t.api('PATCH', `/api/customers/${acmeId}`, {
      token: admin,
      body: { ips: ['192.0.2.20', '192.0.2.16/30'] },
    });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
  });

  it('two concurrent creates with one IP: exactly one wins, the other is a 409 (the constraint backs the check)', async () => {
    const results = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        t.api('POST', '/api/customers', {
          token: admin,
          body: { name: `Racer ${i}`, accountCode: `RACE${i}`, timezone: 'UTC', ips: ['198.18.200.0/24'] },
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(r.body.code).toBe('ip_overlap');
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM customer_ips WHERE cidr && '198.18.200.0/24'`);
    expect(rows[0].n).toBe(1);
    await expect(
      t.db.query(`INSERT INTO customer_ips (customer_id, cidr) VALUES ($1, '198.18.200.128/25')`, [acmeId]),
    ).rejects.toMatchObject({ code: '23P01', constraint: 'ex_customer_ip_overlap' });
  });
});
