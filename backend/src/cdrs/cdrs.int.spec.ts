import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { twoCustomers } from '../../test/fixtures.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../test/fixtures/cdrs', name), 'utf8');
const DAY = 'from=2025-05-14T00:00:00Z&to=2025-05-15T00:00:00Z';

describe('CDR import and usage (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let tech: string;
  let dana: string;
  let harbId: string;
  let acmeId: string;

  const importCsv = (body: string, query = '', token = tech) =>
    t.api('POST', `/api/cdrs/import${query}`, { token, raw: body, headers: { 'content-type': 'text/csv' } });

  beforeAll(async () => {
    t = await createTestApp({ MAX_UPLOAD_BYTES: String(256 * 1024) });
    admin = await t.login(ADMIN.email, ADMIN.password);
    expectStatus(await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() }), 200);
    const list = expectStatus(await t.api('GET', '/api/customers', { token: admin }), 200);
    harbId = list.body.items.find((c: { accountCode: string }) => c.accountCode === 'HARB009').id;
    acmeId = list.body.items.find((c: { accountCode: string }) => c.accountCode === 'ACME01').id;
    for (const [email, role, customerId] of [
      ['tech@test.local', 'technician', undefined],
      ['dana@test.local', 'customer', harbId],
    ]) {
      const user = { email, password: 'a-long-password-1', name: email, role, customerId };
      expectStatus(await t.api('POST', '/api/users', { token: admin, body: user }), 201);
    }
    tech = await t.login('tech@test.local', 'a-long-password-1');
    dana = await t.login('dana@test.local', 'a-long-password-1');
  });
  afterAll(() => t.close());

  describe('each format, twice', () => {
    it.each([
      ['generic.csv', '', 'generic', 7],
      ['asterisk-master.csv', '?timeZone=America/New_York&userfieldIsSourceIp=true', 'asterisk', 3],
      ['freeswitch.csv', '?timeZone=America/New_York', 'freeswitch', 2],
    ])('%s imports every row, and a second import adds nothing', async (file, query, format, rows) => {
      const first = await importCsv(fixture(file), query);
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ format, rows, imported: rows, duplicates: 0, rejected: 0, errors: [] });
      expect(first.body.customers.map((c: { name: string }) => c.name)).toContain('Harborview Logistics');
      const again = expectStatus(await importCsv(fixture(file), query), 201);
      expect(again.body).toMatchObject({ format, rows, imported: 0, duplicates: rows, rejected: 0 });
    });

    it('stores enriched rows: E.164, country, jurisdiction, Caribbean flag, seat, cost', async () => {
      const { rows } = await t.db.query(
        `SELECT call_id, called_e164, cdrs.country, jurisdiction, caribbean, toll_free, cost::float8 AS cost, c.account_code, s.extension
           FROM cdrs LEFT JOIN customers c ON c.id = cdrs.customer_id LEFT JOIN seats s ON s.id = cdrs.seat_id
          WHERE call_id LIKE 'g-%' ORDER BY call_id`,
      );
      expect(rows).toEqual([
        {
          call_id: 'g-1',
          called_e164: '+37181431366',
          country: 'LV',
          jurisdiction: 'international',
          caribbean: false,
          toll_free: false,
          cost: 0.375,
          account_code: 'HARB009',
          extension: '142',
        },
        {
          call_id: 'g-2',
          called_e164: '+12685550169',
          country: 'AG',
          jurisdiction: 'international',
          caribbean: true,
          toll_free: false,
          cost: null,
          account_code: 'HARB009',
          extension: '143',
        },
        {
          call_id: 'g-3',
          called_e164: '+12175550100',
          country: 'US',
          jurisdiction: 'intrastate',
          caribbean: false,
          toll_free: false,
          cost: 0.02,
          account_code: 'ACME01',
          extension: '111',
        },
        {
          call_id: 'g-4',
          called_e164: '+14155550100',
          country: 'US',
          jurisdiction: 'interstate',
          caribbean: false,
          toll_free: false,
          cost: null,
          account_code: 'ACME01',
          extension: '111',
        },
        {
          call_id: 'g-5',
          called_e164: '+442079460000',
          country: 'GB',
          jurisdiction: 'international',
          caribbean: false,
          toll_free: false,
          cost: null,
          account_code: null,
          extension: null,
        },
        {
          call_id: 'g-6',
          called_e164: '+442079460001',
          country: 'GB',
          jurisdiction: 'international',
          caribbean: false,
          toll_free: false,
          cost: null,
          account_code: 'HARB009',
          extension: '142',
        },
        {
          call_id: 'g-7',
          called_e164: '+18005550100',
          country: 'US',
          jurisdiction: 'toll_free',
          caribbean: false,
          toll_free: true,
          cost: null,
          account_code: 'HARB009',
          extension: '142',
        },
      ]);
    });

    it('reads Asterisk local times in the given zone and the source IP from userfield', async () => {
      const { rows } = await t.db.query(
        `SELECT started_at, host(source_ip) AS ip, caller_name FROM cdrs WHERE call_id = '1747227600.28'`,
      );
      expect(rows[0].started_at.toISOString()).toBe('2025-05-14T13:00:00.000Z');
      expect(rows[0]).toMatchObject({ ip: '192.0.2.20', caller_name: 'Zoë Ångström' });
    });
  });

  describe('usage widgets equal hand-computed sums', () => {
    // Only generic.csv's rows are on 2025-05-14 09:00–17:00 UTC for HARB009 and ACME01; asterisk/freeswitch add more.
    it('minutes by jurisdiction for ACME01 (generic + asterisk + freeswitch)', async () => {
      const r = await t.api('GET', `/api/usage/minutes-per-jurisdiction?customerId=${acmeId}&${DAY}`, { token: tech });
      expect(r.status).toBe(200);
      // g-3 intrastate 120 s; g-4 interstate 30 s; asterisk ACME01 → 617 (MA) interstate 180 s; freeswitch 888 toll-free 0 s (failed)
      expect(r.body.rows).toEqual([
        { key: 'interstate', label: 'Interstate', calls: 2, failedCalls: 0, minutes: 3.5, cost: 0 },
        { key: 'intrastate', label: 'Intrastate', calls: 1, failedCalls: 0, minutes: 2, cost: 0.02 },
        { key: 'toll_free', label: 'Toll-free (8YY)', calls: 1, failedCalls: 1, minutes: 0, cost: 0 },
      ]);
    });

    it('minutes by country for HARB009', async () => {
      const r = await t.api('GET', `/api/usage/minutes-by-country?customerId=${harbId}&${DAY}`, { token: tech });
      expectStatus(r, 200);
      // US: g-7 300 s. AG: g-2 60 s. CU: freeswitch 60 s. GB: asterisk 011-44 60 s + g-6 0 s. LV: g-1 18 s. JM: asterisk 876 0 s.
      expect(
        r.body.rows.map((x: { key: string; minutes: number; calls: number }) => [x.key, x.minutes, x.calls]),
      ).toEqual([
        ['US', 5, 1],
        ['AG', 1, 1],
        ['CU', 1, 1],
        ['GB', 1, 2],
        ['LV', 0.3, 1],
        ['JM', 0, 1],
      ]);
      expect(r.body.rows.find((x: { key: string }) => x.key === 'LV')).toMatchObject({ label: 'Latvia', cost: 0.375 });
    });

    it('minutes per customer, per source IP, per endpoint and top IPs', async () => {
      const perCustomer = await t.api('GET', `/api/usage/minutes-per-customer?${DAY}`, { token: tech });
      expectStatus(perCustomer, 200);
      expect(perCustomer.body.rows.map((x: { label: string; calls: number }) => [x.label, x.calls])).toEqual([
        ['Harborview Logistics', 7],
        ['Acme Dental', 4],
        ['Unassigned', 1],
      ]);
      const perIp = await t.api('GET', `/api/usage/minutes-per-source-ip?customerId=${harbId}&${DAY}`, { token: tech });
      expectStatus(perIp, 200);
      expect(perIp.body.rows[0]).toMatchObject({ key: '203.0.113.10', calls: 5 });
      const perSeat = await t.api('GET', `/api/usage/minutes-per-endpoint?customerId=${harbId}&${DAY}`, {
        token: tech,
      });
      expectStatus(perSeat, 200);
      expect(perSeat.body.rows[0]).toMatchObject({ label: 'Front desk (142)' });
      const top = await t.api('GET', `/api/usage/top-ips?${DAY}`, { token: tech });
      expectStatus(top, 200);
      expect(top.body.rows.length).toBeLessThanOrEqual(10);
      expect(top.body.rows.map((x: { key: string }) => x.key)).toContain('10.9.9.9');
    });

    it('sums whole days from the daily rollup and the partial edges from the hourly one, without double counting', async () => {
      const get = async (range: string) =>
        expectStatus(
          await t.api('GET', `/api/usage/minutes-by-country?customerId=${harbId}&${range}`, { token: tech }),
          200,
        ).body.rows;
      const day = await get(DAY);
      // Edges at 20:00 and 03:00 around two whole days: same totals as the one day that has traffic.
      expect(await get('from=2025-05-13T20:00:00Z&to=2025-05-16T03:00:00Z')).toEqual(day);
      // Only the 09:00 hour: g-1 (LV 18 s), g-2 (AG 60 s), the Asterisk calls at 09:11 (GB 60 s) and 09:14
      // (JM, unanswered) and the FreeSWITCH call at 09:30 (CU 60 s).
      const hour = await get('from=2025-05-14T09:00:00Z&to=2025-05-14T10:00:00Z');
      expect(hour.map((r: { key: string; calls: number }) => [r.key, r.calls])).toEqual([
        ['AG', 1],
        ['CU', 1],
        ['GB', 1],
        ['LV', 1],
        ['JM', 1],
      ]);
    });

    it('answers CSV for Accept: text/csv', async () => {
      const r = await t.api('GET', `/api/usage/minutes-per-jurisdiction?customerId=${acmeId}&${DAY}`, {
        token: tech,
        headers: { accept: 'text/csv' },
      });
      expectStatus(r, 200);
      expect(r.headers.get('content-type')).toMatch(/text\/csv/);
      expect(r.body.split('\r\n')[0]).toBe('key,label,calls,failedCalls,minutes,cost');
      expect(r.body).toContain('intrastate,Intrastate,1,0,2.00,0.0200');
    });

    it('interprets bare dates in the customer time zone', async () => {
      const r = await t.api('GET', `/api/usage/minutes-by-country?customerId=${harbId}&from=2025-05-14&to=2025-05-14`, {
        token: tech,
      });
      expectStatus(r, 200);
      expect(r.body).toMatchObject({
        timezone: 'America/New_York',
        from: '2025-05-14T04:00:00.000Z',
        to: '2025-05-15T04:00:00.000Z',
      });
    });
  });

  describe('tenant isolation', () => {
    it('a customer user sees its own usage and CDRs, and 404 for another customer', async () => {
      const own = await t.api('GET', `/api/usage/minutes-per-customer?${DAY}`, { token: dana });
      expectStatus(own, 200);
      expect(own.body.rows.map((x: { label: string }) => x.label)).toEqual(['Harborview Logistics']);
      const other = await t.api('GET', `/api/usage/minutes-by-country?customerId=${acmeId}&${DAY}`, { token: dana });
      expect(other.status).toBe(404);
      expect(other.body.code).toBe('customer_not_found');
      const cdrs = await t.api('GET', `/api/cdrs?limit=500`, { token: dana });
      expectStatus(cdrs, 200);
      expect(new Set(cdrs.body.items.map((c: { customerId: string }) => c.customerId))).toEqual(new Set([harbId]));
      expectError(await t.api('GET', `/api/cdrs?customerId=${acmeId}`, { token: dana }), 404, 'customer_not_found');
    });

    it('a customer user cannot import', async () => {
      expectError(await importCsv(fixture('generic.csv'), '', dana), 403, 'role_forbidden');
    });
  });

  describe('bad input', () => {
    const header = 'call id,account,to,start,billsec,duration,disposition\n';

    it('reports bad lines with line numbers and loads the good ones', async () => {
      const body =
        header +
        'b-1,HARB009,+37181431366,2025-06-01T10:00:00Z,10,12,ANSWERED\n' +
        'b-2,HARB009,+37181431366,yesterday,10,12,ANSWERED\n' +
        'b-3,HARB009,+37181431366,2025-06-01T10:01:00Z,-5,12,ANSWERED\n' +
        'b-4,HARB009,+37181431366\n' +
        'b-5,HARB009,+37181431366,2025-06-01T10:02:00Z,10,12,ANSWERED\n';
      const r = await importCsv(body);
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ rows: 5, imported: 2, rejected: 3 });
      expect(r.body.errors.map((e: { line: number }) => e.line)).toEqual([3, 4, 5]);
      expect(r.body.errors[0].reason).toMatch(/start/i);
      expect(r.body.errors[1].reason).toMatch(/billsec/i);
      expect(r.body.errors[2].reason).toMatch(/column/i);
    });

    it('a row repeated within one file is stored once and counted as a duplicate', async () => {
      const row = 'd-1,HARB009,+37181431366,2025-06-03T10:00:00Z,10,12,ANSWERED\n';
      const r = await importCsv(header + row + 'd-2,HARB009,+37181431366,2025-06-03T10:05:00Z,20,22,ANSWERED\n' + row);
      expectStatus(r, 201);
      expect(r.body).toMatchObject({ rows: 3, imported: 2, duplicates: 1, rejected: 0 });
      const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM cdrs WHERE call_id = 'd-1'`);
      expect(rows[0].n).toBe(1);
    });

    it('an empty file is a 400', async () => {
      const r = await importCsv('');
      expect(r.status).toBe(400);
      expect(r.body.message).toMatch(/empty/);
      expect(r.body.code).toBe('cdr_file_empty');
    });

    it('binary garbage is a 400 naming the problem, and nothing is stored', async () => {
      const before = await t.db.query(`SELECT count(*)::int AS n FROM cdrs`);
      const garbage = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256));
      const r = await t.api('POST', '/api/cdrs/import', {
        token: tech,
        raw: garbage,
        headers: { 'content-type': 'text/csv' },
      });
      expect(r.status).toBe(400);
      expect(typeof r.body.message === 'string' ? r.body.message : r.body.message.join()).toMatch(
        /format|binary|Line 1/i,
      );
      expect(r.body.code).toBe('cdr_format_unknown');
      const after = await t.db.query(`SELECT count(*)::int AS n FROM cdrs`);
      expect(after.rows[0].n).toBe(before.rows[0].n);
    });

    it('a wrong column count for a named format is reported per line', async () => {
      const r = await importCsv('"a","b","c"\n"d","e"\n', '?format=asterisk');
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ imported: 0, rejected: 2 });
      expect(r.body.errors[0].reason).toMatch(/16|column/);
    });

    it('an oversize file is a 413', async () => {
      const big = header + 'x'.repeat(300 * 1024);
      const r = await importCsv(big);
      expect(r.status).toBe(413);
      expect(r.body.code).toBe('cdr_upload_too_large');
    });

    it('an unknown format name and a bad time zone are 400s', async () => {
      expectError(await importCsv(fixture('generic.csv'), '?format=excel'), 400, 'validation_failed');
      expectError(await importCsv(fixture('generic.csv'), '?timeZone=Mars/Base'), 400, 'validation_failed');
    });

    it('JSON is not a CDR file: 415', async () => {
      const r = await t.api('POST', '/api/cdrs/import', { token: tech, body: { rows: [] } });
      expect(r.status).toBe(415);
      expect(r.body.code).toBe('cdr_upload_type_unsupported');
    });

    it('an unknown widget is a 404, a bad date a 400', async () => {
      expectError(await t.api('GET', '/api/usage/minutes-on-mars', { token: tech }), 404, 'usage_widget_unknown');
      expectError(await t.api('GET', '/api/usage/top-ips?from=last-tuesday', { token: tech }), 400, 'date_invalid');
    });
  });

  describe('multipart upload and rate deck', () => {
    it('accepts the browser form upload and prices calls from the rate deck', async () => {
      const deck = await t.api('POST', '/api/rate-deck', {
        token: admin,
        raw: 'prefix,description,rate_per_minute\n+371,Latvia,0.20\n+37181,Latvia premium,1.50\n+1,North America,0.01\n',
        headers: { 'content-type': 'text/csv' },
      });
      expectStatus(deck, 201);
      expect(deck.body).toEqual({ prefixes: 3 });
      const form = new FormData();
      form.append(
        'file',
        new Blob([
          'call id,account,to,start,billsec,duration\nm-1,HARB009,+37181000000,2025-06-02T10:00:00Z,120,125\n',
        ]),
        'calls.csv',
      );
      const res = await fetch(`${t.baseUrl}/api/cdrs/import`, {
        method: 'POST',
        headers: { authorization: `Bearer ${tech}` },
        body: form,
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toMatchObject({ imported: 1 });
      const { rows } = await t.db.query(
        `SELECT cost::float8 AS cost, rate_per_minute::float8 AS rate FROM cdrs WHERE call_id = 'm-1'`,
      );
      expect(rows[0]).toEqual({ cost: 3, rate: 1.5 });
      const imports = await t.api('GET', '/api/cdrs/imports', { token: tech });
      expectStatus(imports, 200);
      expect(imports.body.items[0]).toMatchObject({ filename: 'calls.csv', status: 'completed', imported: 1 });
    });

    it('rejects a rate deck with bad lines, naming them, and keeps the old one', async () => {
      const r = await t.api('POST', '/api/rate-deck', {
        token: admin,
        raw: '+44,UK,abc\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect(r.status).toBe(400);
      expect(JSON.stringify(r.body.message)).toMatch(/line 1/);
      expect(r.body.code).toBe('rate_deck_invalid');
      expect(expectStatus(await t.api('GET', '/api/rate-deck', { token: tech }), 200).body.items).toHaveLength(3);
    });
  });
});
