import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { cdrWorld } from '../../test/cdrs.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

// 2025-06-02 (UTC): ten long, cheap US calls in the 10:00 hour; two short, expensive Cuban calls at 14:00.
// 2025-06-04: one call. HARB009 is in America/New_York (UTC-4 in June).
const CSV = [
  'Call ID,Start,Account,To,Billsec,Disposition,Cost',
  ...Array.from({ length: 10 }, (_, i) => `us-${i},2025-06-02T10:0${i}:00Z,HARB009,+14155550100,600,ANSWERED,0.10`),
  'cu-1,2025-06-02T14:00:00Z,HARB009,+5321550101,30,ANSWERED,45.00',
  'cu-2,2025-06-02T14:05:00Z,HARB009,+5321550102,0,NO ANSWER,0',
  'cu-3,2025-06-02T14:10:00Z,HARB009,+5321550103,45,ANSWERED,52.50',
  'later,2025-06-04T12:00:00Z,HARB009,+14155550100,60,ANSWERED,0.10',
  'acme,2025-06-02T10:30:00Z,ACME01,+14155550100,6000,ANSWERED,9.00',
].join('\n');

describe('usage: ranking by cost, the time series, ranges shorter than a day (real PostgreSQL)', () => {
  let t: TestApp;
  let tech: string;
  let dana: string;
  let harbId: string;
  let acmeId: string;

  beforeAll(async () => {
    t = await createTestApp();
    const world = await cdrWorld(t, CSV);
    ({ tech, dana, acmeId, harbId } = world);
    expect(world.report).toMatchObject({ imported: 15, rejected: 0 });
  });
  afterAll(() => t.close());

  const DAY = 'from=2025-06-02T00:00:00Z&to=2025-06-03T00:00:00Z';

  it('ranks by cost on request: short, expensive calls do not sink under long cheap ones', async () => {
    const url = `/api/usage/minutes-by-country?customerId=${harbId}&${DAY}`;
    const byMinutes = expectStatus(await t.api('GET', url, { token: tech }), 200).body.rows;
    expect(byMinutes.map((r: { key: string }) => r.key)).toEqual(['US', 'CU']);
    const byCost = expectStatus(await t.api('GET', `${url}&sort=cost`, { token: tech }), 200).body.rows;
    expect(byCost.map((r: { key: string; cost: number; minutes: number }) => [r.key, r.cost, r.minutes])).toEqual([
      ['CU', 97.5, 1.25],
      ['US', 1, 100],
    ]);
    const csv = await t.api('GET', `${url}&sort=cost`, { token: tech, headers: { accept: 'text/csv' } });
    expect(expectStatus(csv, 200).body.split('\r\n')[1]).toMatch(/^CU,Cuba,3,1,1\.25,97\.5000$/);
    expectError(await t.api('GET', `${url}&sort=price`, { token: tech }), 400, 'validation_failed');
  });

  it('draws every hour of a short range, empty hours as zeros', async () => {
    const r = expectStatus(
      await t.api(
        'GET',
        `/api/usage/timeseries?customerId=${harbId}&from=2025-06-02T09:00:00Z&to=2025-06-02T15:00:00Z`,
        {
          token: tech,
        },
      ),
      200,
    ).body;
    expect(r).toMatchObject({ bucket: 'hour', timezone: 'America/New_York', from: '2025-06-02T09:00:00.000Z' });
    expect(
      r.points.map((p: { at: string; calls: number; minutes: number; cost: number }) => [
        p.at,
        p.calls,
        p.minutes,
        p.cost,
      ]),
    ).toEqual([
      ['2025-06-02T09:00:00.000Z', 0, 0, 0],
      ['2025-06-02T10:00:00.000Z', 10, 100, 1],
      ['2025-06-02T11:00:00.000Z', 0, 0, 0],
      ['2025-06-02T12:00:00.000Z', 0, 0, 0],
      ['2025-06-02T13:00:00.000Z', 0, 0, 0],
      ['2025-06-02T14:00:00.000Z', 3, 1.25, 97.5],
    ]);
    expect(r.points[5].failedCalls).toBe(1);
  });

  it("draws days of the customer's zone for a long range", async () => {
    const r = expectStatus(
      await t.api('GET', `/api/usage/timeseries?customerId=${harbId}&from=2025-06-01&to=2025-06-07`, { token: tech }),
      200,
    ).body;
    expect(r.bucket).toBe('day');
    // Days start at midnight in New York (04:00 UTC).
    expect(r.points.map((p: { at: string; calls: number }) => [p.at.slice(0, 16), p.calls])).toEqual([
      ['2025-06-01T04:00', 0],
      ['2025-06-02T04:00', 13],
      ['2025-06-03T04:00', 0],
      ['2025-06-04T04:00', 1],
      ['2025-06-05T04:00', 0],
      ['2025-06-06T04:00', 0],
      ['2025-06-07T04:00', 0],
    ]);
  });

  it('reads a range shorter than a day to the hour, in the widgets too', async () => {
    const r = expectStatus(
      await t.api(
        'GET',
        `/api/usage/minutes-by-country?customerId=${harbId}&from=2025-06-02T14:00:00Z&to=2025-06-02T15:00:00Z`,
        {
          token: tech,
        },
      ),
      200,
    ).body;
    expect(r.rows.map((x: { key: string; calls: number }) => [x.key, x.calls])).toEqual([['CU', 3]]);
  });

  it("sums every customer for the NOC, and only the customer's own for a customer", async () => {
    const range = 'from=2025-06-02T10:00:00Z&to=2025-06-02T11:00:00Z';
    const all = expectStatus(await t.api('GET', `/api/usage/timeseries?${range}`, { token: tech }), 200).body;
    expect(all.points[0]).toMatchObject({ calls: 11, minutes: 200, cost: 10 });
    const own = expectStatus(await t.api('GET', `/api/usage/timeseries?${range}`, { token: dana }), 200).body;
    expect(own).toMatchObject({ customerId: harbId, points: [{ calls: 10, minutes: 100, cost: 1 }] });
    expectError(
      await t.api('GET', `/api/usage/timeseries?customerId=${acmeId}&${range}`, { token: dana }),
      404,
      'customer_not_found',
    );
    expectError(
      await t.api('GET', `/api/usage/timeseries?from=2025-06-03&to=2025-06-02`, { token: tech }),
      400,
      'date_range_invalid',
    );
  });
});
