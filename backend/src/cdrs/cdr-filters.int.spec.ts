import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { cdrWorld } from '../../test/cdrs.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const CSV = [
  'Call ID,Start,Account,Source IP,SIP User,From,To,Billsec,Disposition,Cost',
  'h-1,2025-06-02T10:00:00Z,HARB009,203.0.113.10,harb-142,+16175550142,+5321550101,60,ANSWERED,4.10',
  'h-2,2025-06-02T10:05:00Z,HARB009,198.51.100.5,harb-143,+16175550143,+5321550102,30,ANSWERED,2.05',
  'h-3,2025-06-02T10:10:00Z,HARB009,198.51.100.6,harb-142,+16175550142,+14155550100,120,ANSWERED,0.02',
  'a-1,2025-06-02T10:15:00Z,ACME01,192.0.2.20,acme-111,+13125550111,+5321550103,60,ANSWERED,4.10',
].join('\n');

describe('call records: filters, cost, tenant scope (real PostgreSQL)', () => {
  let t: TestApp;
  let tech: string;
  let dana: string;
  let acmeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const world = await cdrWorld(t, CSV);
    ({ tech, dana, acmeId } = world);
    expect(world.report).toMatchObject({ imported: 4, rejected: 0 });
  });
  afterAll(() => t.close());

  const callIds = async (query: string, token = tech) =>
    expectStatus(await t.api('GET', `/api/cdrs?${query}`, { token }), 200).body.items.map(
      (c: { callId: string }) => c.callId,
    );

  it('lists each call with its cost, seat name and country name, newest first', async () => {
    const items = expectStatus(await t.api('GET', '/api/cdrs?country=cu', { token: tech }), 200).body.items;
    expect(items.map((c: { callId: string }) => c.callId)).toEqual(['a-1', 'h-2', 'h-1']);
    expect(items[2]).toMatchObject({ cost: 4.1, seatName: 'Front desk', country: 'CU', countryName: 'Cuba' });
  });

  it('filters by number: an E.164 prefix of the called number, or a caller as written', async () => {
    expect(await callIds('number=%2B5321')).toEqual(['a-1', 'h-2', 'h-1']);
    expect(await callIds('number=5321550102')).toEqual(['h-2']);
    expect(await callIds('number=%2B16175550142')).toEqual(['h-3', 'h-1']);
  });

  it('filters by source IP (an address or a range) and by seat (name, SIP user, extension)', async () => {
    expect(await callIds('ip=198.51.100.0/28')).toEqual(['h-3', 'h-2']);
    expect(await callIds('ip=203.0.113.10')).toEqual(['h-1']);
    expect(await callIds('seat=front%20desk')).toEqual(['h-3', 'h-1']);
    expect(await callIds('seat=harb-143')).toEqual(['h-2']);
    expect(await callIds('seat=143')).toEqual(['h-2']);
    expect(await callIds('seat=Front%20desk&country=CU&ip=203.0.113.0/24')).toEqual(['h-1']);
  });

  it('confines a customer to its own calls, whatever the filter names', async () => {
    expect(await callIds('country=CU', dana)).toEqual(['h-2', 'h-1']);
    expect(await callIds('seat=Reception', dana)).toEqual([]);
    expect(await callIds('ip=192.0.2.20', dana)).toEqual([]);
    expectError(await t.api('GET', `/api/cdrs?customerId=${acmeId}`, { token: dana }), 404, 'customer_not_found');
  });

  it('refuses a bad filter with a 400 naming it', async () => {
    for (const [query, field] of [
      ['number=12ab', 'number'],
      ['ip=203.0.113.10/24', 'ip'],
      ['country=Cuba', 'country'],
    ]) {
      const r = expectError(await t.api('GET', `/api/cdrs?${query}`, { token: tech }), 400, 'validation_failed');
      expect(JSON.stringify(r.body)).toContain(field);
    }
  });

  it("reads a customer's filtered calls through the customer's index, and only the partitions of the range", async () => {
    // A handful of rows: tell the planner a table scan is dear, as it is on a day of traffic.
    const client = await t.db.connect();
    try {
      await client.query('SET enable_seqscan = off');
      const plan = async (where: string) =>
        (await client.query(`EXPLAIN SELECT id FROM cdrs WHERE ${where}`)).rows
          .map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN'])
          .join('\n');
      const { rows } = await client.query(`SELECT id FROM customers LIMIT 1`);
      for (const filter of [
        `called_e164 LIKE '+5321%'`,
        `source_ip <<= '198.51.100.0/28'::inet`,
        `seat_id = gen_random_uuid()`,
      ]) {
        const p = await plan(`customer_id = '${rows[0].id}' AND ${filter} AND started_at >= '2025-06-02'`);
        expect(p, filter).toMatch(/customer_id_started_at_idx|idx_cdr_customer_started/);
      }
      // A day before any stored call: no partition is read at all.
      expect(await plan(`called_e164 LIKE '+5321%' AND started_at >= '2100-01-01'`)).not.toMatch(/cdrs_\d/);
    } finally {
      client.release();
    }
  });
});
