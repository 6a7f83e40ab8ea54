import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoCustomers } from '../../test/fixtures.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const HEADER = 'Call ID,Start,Account,To,Answer,End,Duration,Billsec,Rate,Cost';
const row = (
  o: Partial<Record<'id' | 'start' | 'answer' | 'end' | 'duration' | 'billsec' | 'rate' | 'cost', string>>,
) =>
  [
    o.id ?? `ok-${Math.random().toString(36).slice(2)}`,
    o.start ?? '2025-05-14T09:00:00Z',
    'HARB009',
    '+37181431366',
    o.answer ?? '',
    o.end ?? '',
    o.duration ?? '60',
    o.billsec ?? '50',
    o.rate ?? '',
    o.cost ?? '',
  ].join(',');

describe('CDR import: bad rows are rejected line by line (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;

  const importCsv = (body: string) =>
    t.api('POST', '/api/cdrs/import', { token: admin, raw: body, headers: { 'content-type': 'text/csv' } });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(ADMIN.email, ADMIN.password);
    const imported = await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() });
    expect(imported.status).toBe(200);
  });
  afterAll(() => t.close());

  it('stores the good rows and reports each row that does not fit its columns, with its line and reason', async () => {
    const lines = [
      HEADER,
      row({ id: 'good-1', cost: '0.5' }), // line 2
      row({ id: 'bad-cost', cost: '100000000000000000000' }), // 3
      row({ id: 'bad-year-9999', start: '9999-12-31T23:59:59Z' }), // 4
      row({ id: 'good-2', start: '2025-05-14T10:00:00Z', rate: '0.25' }), // 5
      row({ id: 'bad-year-1970', start: '1970-01-01T00:00:00Z' }), // 6
      row({ id: 'bad-duration', duration: '3000000000', billsec: '10' }), // 7
      row({ id: 'bad-billsec', duration: '10', billsec: '99999999999' }), // 8
      row({ id: 'bad-rate', rate: '10000000' }), // 9
      row({ id: 'bad-rated-cost', rate: '999999', duration: '1000000', billsec: '1000000' }), // 10
      row({ id: 'x'.repeat(600) }), // 11
      row({ id: 'bad-end', end: '9999-12-31T23:00:00-05:00' }), // 12
      row({ id: 'good-3', cost: '99999999' }), // 13
      row({ id: 'bad-far-future', start: new Date(Date.now() + 400 * 86_400_000).toISOString() }), // 14
    ];
    const r = await importCsv(lines.join('\n') + '\n');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'completed', rows: 13, imported: 3, rejected: 10 });
    expect(r.body.errors).toEqual([
      { line: 3, reason: 'cost (100000000000000000000) is more than 99999999' },
      { line: 4, reason: 'start (9999-12-31T23:59:59.000Z) is more than a year in the future' },
      { line: 6, reason: 'start (1970-01-01T00:00:00.000Z) is before 1990-01-01: not a plausible call time' },
      { line: 7, reason: 'duration (3000000000) is more than 2147483647 seconds' },
      { line: 8, reason: 'billsec (99999999999) is more than 2147483647 seconds' },
      { line: 9, reason: 'rate (10000000) is more than 999999 per minute' },
      { line: 10, reason: 'cost (rate × billsec = 16666650000) is more than 99999999' },
      { line: 11, reason: 'call id is longer than 500 characters' },
      { line: 12, reason: 'end is too long after start' },
      { line: 14, reason: expect.stringMatching(/^start \(.*\) is more than a year in the future$/) },
    ]);

    const { rows } = await t.db.query(
      `SELECT call_id, cost::float8 AS cost FROM cdrs WHERE import_id = $1 ORDER BY call_id`,
      [r.body.importId],
    );
    expect(rows).toEqual([
      { call_id: 'good-1', cost: 0.5 },
      { call_id: 'good-2', cost: 0.208333 },
      { call_id: 'good-3', cost: 99999999 },
    ]);
    const stored = await t.api('GET', `/api/cdrs/imports/${r.body.importId}`, { token: admin });
    expect(stored.status).toBe(200);
    expect(stored.body).toMatchObject({ status: 'completed', imported: 3, rejected: 10, failure: null });
    expect(stored.body.errors).toHaveLength(10);
  });

  it('sums costly calls into the usage rollups without overflowing them', async () => {
    const calls = Array.from({ length: 150 }, (_, i) =>
      row({ id: `costly-${i}`, start: `2025-06-01T10:${String(i % 60).padStart(2, '0')}:00Z`, cost: '99999999' }),
    );
    const r = await importCsv([HEADER, ...calls].join('\n') + '\n');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ status: 'completed', imported: 150, rejected: 0 });
    const usage = await t.api(
      'GET',
      '/api/usage/minutes-per-customer?from=2025-06-01T00:00:00Z&to=2025-06-02T00:00:00Z',
      { token: admin },
    );
    expect(usage.status).toBe(200);
    expect(usage.body.rows).toEqual([
      expect.objectContaining({ label: 'Harborview Logistics', calls: 150, cost: 150 * 99_999_999 }),
    ]);
  });

  it('answers 400 to a file it refuses on its first line while the client is still sending it', async () => {
    // The importer used to destroy the request when it stopped early: a client still sending got a reset
    // connection instead of the answer (about every other time for a 1 MB file on this machine).
    const file = Buffer.concat([Buffer.from('this is not,a CDR file\n'), Buffer.alloc(1024 * 1024, 'x')]);
    const answers: (number | string)[] = [];
    for (let i = 0; i < 10; i++) {
      try {
        const res = await fetch(`${t.baseUrl}/api/cdrs/import?format=generic`, {
          method: 'POST',
          headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
          body: file,
        });
        const body = await res.json();
        answers.push(res.status);
        expect(body.message).toContain('Line 1: the header row is missing required columns');
      } catch (e) {
        answers.push(String((e as Error).cause ?? e));
      }
    }
    expect(answers).toEqual(Array(10).fill(400));
  });
});
