import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../../test/expect-status.js';
import { twoCustomers } from '../../test/fixtures.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const ROWS = 35_000;

function bigFile(): string {
  const lines = ['call id,account,source ip,from,to,start,billsec,duration,disposition'];
  const t0 = Date.parse('2025-07-01T00:00:00Z');
  for (let i = 0; i < ROWS; i++) {
    const start = new Date(t0 + i * 7_000).toISOString(); // spans ~3 days: several partitions
    const acct = i % 3 === 0 ? 'ACME01' : i % 3 === 1 ? 'HARB009' : '';
    lines.push(
      `k-${i},${acct},198.51.100.${i % 20},+1617555${String(i % 10000).padStart(4, '0')},+4420794${String(i % 100000).padStart(5, '0')},${start},${i % 90},${(i % 90) + 3},${i % 7 ? 'ANSWERED' : 'FAILED'}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The state a user would compare: every CDR and every rollup cell. */
async function snapshot(t: TestApp) {
  const cdrs = await t.db.query(
    `SELECT count(*)::int AS n, sum(billsec)::int AS billsec, md5(string_agg(call_id || customer_id::text || country, ',' ORDER BY call_id)) AS h FROM cdrs`,
  );
  const rollup = await t.db.query(
    `SELECT dim, sum(calls)::int AS calls, sum(billsec)::int AS billsec FROM usage_hourly GROUP BY dim ORDER BY dim`,
  );
  const daily = await t.db.query(
    `SELECT dim, sum(calls)::int AS calls, sum(billsec)::int AS billsec FROM usage_daily GROUP BY dim ORDER BY dim`,
  );
  return { cdrs: cdrs.rows[0], rollup: rollup.rows, daily: daily.rows };
}

describe('an import killed mid-file', () => {
  let t: TestApp;
  let tech: string;
  const file = bigFile();

  beforeAll(async () => {
    t = await createTestApp({ CDR_BATCH_ROWS: '5000' });
    tech = await t.login(ADMIN.email, ADMIN.password);
    expectStatus(await t.api('POST', '/api/customers/import', { token: tech, body: twoCustomers() }), 200);
  });
  afterAll(() => t.close());

  it('is recorded as interrupted, and re-running it ends equal to one clean import', { timeout: 180_000 }, async () => {
    const url = new URL(`${t.baseUrl}/api/cdrs/import`);
    const bytes = Buffer.from(file);
    // Send 70 % of the file, wait until the server has committed a batch, then cut the connection.
    await new Promise<void>((resolve) => {
      const req = http.request({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { authorization: `Bearer ${tech}`, 'content-type': 'text/csv' },
      });
      req.on('error', () => resolve());
      req.write(bytes.subarray(0, Math.floor(bytes.length * 0.7)));
      const poll = setInterval(async () => {
        const r = await t.db.query(`SELECT imported FROM cdr_imports ORDER BY started_at DESC LIMIT 1`);
        if (r.rows[0]?.imported > 0) {
          clearInterval(poll);
          req.destroy();
          setTimeout(resolve, 500);
        }
      }, 50);
    });
    await expect
      .poll(async () => (await t.db.query(`SELECT status FROM cdr_imports`)).rows[0]?.status, { timeout: 10_000 })
      .toBe('interrupted');
    const partial = (await t.db.query(`SELECT count(*)::int AS n FROM cdrs`)).rows[0].n;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(ROWS);

    const rerun = await t.api('POST', '/api/cdrs/import', {
      token: tech,
      raw: file,
      headers: { 'content-type': 'text/csv' },
    });
    expectStatus(rerun, 201);
    expect(rerun.body).toMatchObject({ rows: ROWS, imported: ROWS - partial, duplicates: partial, rejected: 0 });
    const afterRerun = await snapshot(t);

    // One clean import of the same file into an empty database, for comparison.
    const clean = await createTestApp({ CDR_BATCH_ROWS: '5000' });
    try {
      const token = await clean.login(ADMIN.email, ADMIN.password);
      expectStatus(await clean.api('POST', '/api/customers/import', { token, body: twoCustomers() }), 200);
      const r = await clean.api('POST', '/api/cdrs/import', {
        token,
        raw: file,
        headers: { 'content-type': 'text/csv' },
      });
      expect(expectStatus(r, 201).body.imported).toBe(ROWS);
      // customer ids differ between the two databases: compare by account code instead
      const norm = async (x: TestApp) =>
        (
          await x.db.query(
            `SELECT md5(string_agg(call_id || coalesce(c.account_code, '-') || cdrs.billsec, ',' ORDER BY call_id)) AS h FROM cdrs LEFT JOIN customers c ON c.id = cdrs.customer_id`,
          )
        ).rows[0].h;
      expect(await norm(t)).toBe(await norm(clean));
      const cleanSnap = await snapshot(clean);
      expect(afterRerun.rollup).toEqual(cleanSnap.rollup);
      expect(afterRerun.daily).toEqual(cleanSnap.daily);
      expect(afterRerun.daily).toEqual(afterRerun.rollup);
      expect(afterRerun.cdrs.n).toBe(ROWS);
      expect(afterRerun.cdrs.billsec).toBe(cleanSnap.cdrs.billsec);
    } finally {
      await clean.close();
    }
  });
});
