import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { expectStatus } from '../../../test/expect-status.js';
import { twoCustomers } from '../../../test/fixtures.js';
import { ADMIN, createTestApp, type TestApp } from '../../../test/harness.js';
import { CdrBatchObservers } from './batch-observers.js';
import { CARIBBEAN, type CdrBatch, INTERNATIONAL, NONE, TOLL_FREE } from './cdr-batch.js';

const BATCH_ROWS = 100;

/** One row of a batch, read back out of its columns. */
function rowsOf(b: CdrBatch) {
  const at = (dict: readonly string[], i: number) => (i === NONE ? null : dict[i]);
  return Array.from({ length: b.length }, (_, i) => ({
    callId: b.callId[i],
    customerId: at(b.customers, b.customer[i]),
    seatId: at(b.seats, b.seat[i]),
    groupId: at(b.groups, b.group[i]),
    sourceIp: at(b.sourceIps, b.sourceIp[i]),
    calledE164: b.calledE164[i],
    country: at(b.countries, b.country[i]),
    caribbean: (b.flags[i] & CARIBBEAN) !== 0,
    international: (b.flags[i] & INTERNATIONAL) !== 0,
    tollFree: (b.flags[i] & TOLL_FREE) !== 0,
    disposition: b.dispositions[b.disposition[i]],
    sipCode: b.sipCode[i] || null,
    startedAt: new Date(b.startMs[i]).toISOString(),
    answeredAt: Number.isNaN(b.answerMs[i]) ? null : new Date(b.answerMs[i]).toISOString(),
    billsec: b.billsec[i],
    cost: Number.isNaN(b.cost[i]) ? null : Number(b.cost[i].toFixed(6)),
  }));
}

/** 'o-0003' … in time order, cycling through customers, destinations and outcomes. */
function generated(from: number, to: number): string {
  const lines = [
    'Call ID,Start,Account,Source IP,SIP User,From,To,Answer,End,Duration,Billsec,Disposition,SIP Code,Cost',
  ];
  for (let i = from; i < to; i++) {
    const g = GENERATED(i);
    const start = new Date(Date.parse('2025-06-03T22:00:00Z') + i * 60_000); // crosses a UTC day
    const answer = g.billsec ? new Date(start.getTime() + 2000).toISOString() : '';
    const end = new Date(start.getTime() + (g.billsec + 3) * 1000).toISOString();
    lines.push(
      `${g.callId},${start.toISOString()},${g.account},${g.ip},${g.sipUser},+16175550142,${g.to},${answer},${end},${g.billsec + 3},${g.billsec},${g.billsec ? 'ANSWERED' : 'NO ANSWER'},${g.billsec ? 200 : 487},${g.cost ?? ''}`,
    );
  }
  return lines.join('\n') + '\n';
}

const DESTINATIONS = [
  {
    to: '12685550169',
    calledE164: '+12685550169',
    country: 'AG',
    caribbean: true,
    international: true,
    tollFree: false,
  },
  {
    to: '+442079460000',
    calledE164: '+442079460000',
    country: 'GB',
    caribbean: false,
    international: true,
    tollFree: false,
  },
  {
    to: '18005550100',
    calledE164: '+18005550100',
    country: 'US',
    caribbean: false,
    international: false,
    tollFree: true,
  },
  {
    to: '4155550100',
    calledE164: '+14155550100',
    country: 'US',
    caribbean: false,
    international: false,
    tollFree: false,
  },
];
function GENERATED(i: number) {
  const who = (['HARB009', 'ACME01', ''] as const)[i % 3];
  return {
    callId: `o-${String(i).padStart(4, '0')}`,
    account: who,
    who,
    ip: who === 'ACME01' ? '192.0.2.20' : who === 'HARB009' ? '203.0.113.10' : '10.9.9.9',
    sipUser: who === 'HARB009' ? 'harb-142' : who === 'ACME01' ? 'acme-111' : '',
    ...DESTINATIONS[i % DESTINATIONS.length],
    billsec: i % 90,
    cost: i % 5 === 0 ? null : (i % 7) / 100,
  };
}

describe(CdrBatchObservers.name, () => {
  let t: TestApp;
  let tech: string;
  let sut: CdrBatchObservers;
  let ids: Record<string, string>;
  const seen: CdrBatch[] = [];

  const importCsv = async (body: string) =>
    expectStatus(
      await t.api('POST', '/api/cdrs/import', { token: tech, raw: body, headers: { 'content-type': 'text/csv' } }),
      201,
    ).body;
  /** The stored rows of one import, in the shape of rowsOf(). */
  const stored = async (importId: string) =>
    (
      await t.db.query(
        `SELECT c.call_id AS "callId", c.customer_id AS "customerId", c.seat_id AS "seatId", s.group_id AS "groupId",
                host(c.source_ip) AS "sourceIp", c.called_e164 AS "calledE164", c.country, c.caribbean,
                c.jurisdiction = 'international' AS international, c.toll_free AS "tollFree", c.disposition,
                c.sip_code AS "sipCode", c.started_at AS "startedAt", c.answered_at AS "answeredAt", c.billsec,
                c.cost::float8 AS cost
           FROM cdrs c LEFT JOIN seats s ON s.id = c.seat_id WHERE c.import_id = $1 ORDER BY c.started_at, c.call_id`,
        [importId],
      )
    ).rows.map((r) => ({
      ...r,
      startedAt: r.startedAt.toISOString(),
      answeredAt: r.answeredAt?.toISOString() ?? null,
    }));

  beforeAll(async () => {
    t = await createTestApp({ CDR_BATCH_ROWS: String(BATCH_ROWS) });
    tech = await t.login(ADMIN.email, ADMIN.password);
    expectStatus(await t.api('POST', '/api/customers/import', { token: tech, body: twoCustomers() }), 200);
    const { rows } = await t.db.query(
      `SELECT c.account_code AS key, c.id FROM customers c
       UNION ALL SELECT s.extension, s.id FROM seats s
       UNION ALL SELECT g.external_id, g.id FROM customer_groups g`,
    );
    ids = Object.fromEntries(rows.map((r: { key: string; id: string }) => [r.key, r.id]));
    sut = t.app.get(CdrBatchObservers);
    sut.register({ name: 'recorder', observe: (b) => void seen.push(b) });
  });
  beforeEach(() => {
    seen.length = 0;
  });
  afterAll(() => t.close());

  it('sees each new row of a file once, with the values the file holds', async () => {
    const file = readFileSync(path.join(import.meta.dirname, '../../../test/fixtures/cdrs/generic.csv'), 'utf8');
    const report = await importCsv(file);
    expect(seen).toHaveLength(1);
    const [batch] = seen;
    expect(batch.importId).toBe(report.importId);
    const rows = rowsOf(batch);
    expect(rows.map((r) => r.callId)).toEqual(['g-1', 'g-2', 'g-3', 'g-4', 'g-5', 'g-6', 'g-7']);
    expect(rows[0]).toEqual({
      callId: 'g-1',
      customerId: ids.HARB009,
      seatId: ids['142'],
      groupId: ids['HARB009-BOSTON'],
      sourceIp: '203.0.113.10',
      calledE164: '+37181431366',
      country: 'LV',
      caribbean: false,
      international: true,
      tollFree: false,
      disposition: 'ANSWERED',
      sipCode: 200,
      startedAt: '2025-05-14T09:11:00.000Z',
      answeredAt: '2025-05-14T09:11:04.000Z',
      billsec: 18,
      cost: 0.375,
    });
    // Matched by source IP, Caribbean; a rate-deck-less row has no cost.
    expect(rows[1]).toMatchObject({
      customerId: ids.HARB009,
      seatId: ids['143'],
      calledE164: '+12685550169',
      country: 'AG',
      caribbean: true,
      international: true,
      cost: null,
    });
    expect(rows[2]).toMatchObject({ customerId: ids.ACME01, groupId: ids['ACME01-MAIN'], billsec: 120, cost: 0.02 });
    expect(rows[4]).toMatchObject({
      customerId: null,
      seatId: null,
      groupId: null,
      sourceIp: '10.9.9.9',
      country: 'GB',
    });
    expect(rows[5]).toMatchObject({ disposition: 'NO ANSWER', sipCode: 487, answeredAt: null, billsec: 0 });
    expect(rows[6]).toMatchObject({ calledE164: '+18005550100', tollFree: true, international: false });
    expect(rows).toEqual(await stored(report.importId));
  });

  it('sees a large file batch by batch, exactly the rows each batch stored', async () => {
    const report = await importCsv(generated(0, 250));
    expect(report).toMatchObject({ imported: 250, duplicates: 0 });
    expect(seen.map((b) => b.length)).toEqual([100, 100, 50]);
    const rows = seen.flatMap(rowsOf);
    expect(rows).toEqual(await stored(report.importId));
    rows.forEach((r, i) => {
      const g = GENERATED(i);
      expect(r).toMatchObject({
        callId: g.callId,
        customerId: g.who ? ids[g.who] : null,
        calledE164: g.calledE164,
        country: g.country,
        caribbean: g.caribbean,
        international: g.international,
        tollFree: g.tollFree,
        billsec: g.billsec,
        cost: g.cost,
      });
    });
  });

  it('sees only the new rows of a file that overlaps an earlier import', async () => {
    // 200–249 are stored already: the first batch is half repeats, half new.
    const report = await importCsv(generated(200, 450));
    expect(report).toMatchObject({ imported: 200, duplicates: 50 });
    expect(seen.map((b) => b.length)).toEqual([50, 100, 50]);
    const rows = seen.flatMap(rowsOf);
    expect(rows.map((r) => r.callId)).toEqual(Array.from({ length: 200 }, (_, i) => GENERATED(250 + i).callId));
    expect(rows).toEqual(await stored(report.importId));
    expect(rows[0]).toMatchObject({ billsec: GENERATED(250).billsec, cost: GENERATED(250).cost });
  });

  it('is not called when a re-import stores nothing', async () => {
    const report = await importCsv(generated(0, 450));
    expect(report).toMatchObject({ imported: 0, duplicates: 450 });
    expect(seen).toEqual([]);
  });

  it('an observer that throws, rejects or never answers does not fail the import', async () => {
    const errors = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => {});
    const timeout = sut.timeoutMs;
    sut.timeoutMs = 200;
    const off = [
      sut.register({
        name: 'throws',
        observe: () => {
          throw new Error('detector bug');
        },
      }),
      sut.register({ name: 'rejects', observe: async () => Promise.reject(new Error('database down')) }),
      sut.register({ name: 'hangs', observe: () => new Promise<void>(() => {}) }),
    ];
    try {
      const report = await importCsv(generated(1000, 1150));
      expect(report).toMatchObject({ status: 'completed', imported: 150 });
      expect(seen.map((b) => b.length)).toEqual([100, 50]);
      expect((await stored(report.importId)).length).toBe(150);
      const logged = errors.mock.calls.map(([m]) => String(m));
      for (const name of ['throws', 'rejects', 'hangs']) {
        expect(logged.filter((m) => m.startsWith(`observer ${name} `))).toHaveLength(2);
      }
      expect(logged.find((m) => m.startsWith('observer throws'))).toContain('detector bug');
    } finally {
      off.forEach((f) => f());
      sut.timeoutMs = timeout;
      errors.mockRestore();
    }
  });
});
