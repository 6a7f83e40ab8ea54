import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../../test/expect-status.js';
import { twoCustomers } from '../../test/fixtures.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const fixture = (name: string) =>
  readFileSync(path.join(import.meta.dirname, '../../test/fixtures/cdrs', name), 'utf8');

describe('CDR identity: re-imports with a corrected zone, forked dials, rows without a call id', () => {
  let t: TestApp;
  let admin: string;

  const importCsv = async (body: string, query = '') =>
    expectStatus(
      await t.api('POST', `/api/cdrs/import${query}`, {
        token: admin,
        raw: body,
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    ).body;
  const startsOf = async (callIdLike: string) =>
    (
      await t.db.query<{ s: string }>(
        `SELECT to_char(started_at AT TIME ZONE 'UTC', 'HH24:MI:SS') AS s FROM cdrs WHERE call_id LIKE $1 ORDER BY started_at, disposition`,
        [callIdLike],
      )
    ).rows.map((r) => r.s);
  const harborCalls = async (from: string, to: string) => {
    const res = expectStatus(
      await t.api('GET', `/api/usage/minutes-per-customer?from=${from}&to=${to}`, { token: admin }),
      200,
    );
    return res.body.rows.map((r: { label: string; calls: number; minutes: number }) => [r.label, r.calls, r.minutes]);
  };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(ADMIN.email, ADMIN.password);
    expectStatus(await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() }), 200);
  });
  afterAll(() => t.close());

  it('an Asterisk file read in the wrong zone warns with the offset; re-imported in its zone, its times are corrected, never doubled', async () => {
    const file = fixture('asterisk-madrid-forked.csv');
    const first = await importCsv(file);
    expect(first).toMatchObject({ format: 'asterisk', rows: 4, imported: 4, updated: 0, duplicates: 0, rejected: 0 });
    expect(first.warnings).toHaveLength(1);
    expect(first.warnings[0]).toContain('+2 h off the Asterisk uniqueid');
    expect(first.warnings[0]).toContain('in 4 of 4 rows');
    expect(await startsOf('17472%')).toEqual(['11:11:00', '11:20:00', '11:20:00', '11:20:00']);
    expect(await harborCalls('2025-05-14T11:00:00Z', '2025-05-14T12:00:00Z')).toEqual([['Harborview Logistics', 4, 3]]);

    const corrected = await importCsv(file, '?timeZone=Europe/Madrid');
    expect(corrected).toMatchObject({ rows: 4, imported: 0, updated: 4, duplicates: 0, rejected: 0, warnings: [] });
    expect(await startsOf('17472%')).toEqual(['09:11:00', '09:20:00', '09:20:00', '09:20:00']);
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM cdrs`);
    expect(rows[0].n).toBe(4);
    // The usage moved with the calls: nothing left at the wrong hour, the same totals at the right one.
    expect(await harborCalls('2025-05-14T11:00:00Z', '2025-05-14T12:00:00Z')).toEqual([]);
    expect(await harborCalls('2025-05-14T09:00:00Z', '2025-05-14T10:00:00Z')).toEqual([['Harborview Logistics', 4, 3]]);
    expect(await harborCalls('2025-05-14', '2025-05-14')).toEqual([['Harborview Logistics', 4, 3]]);

    const again = await importCsv(file, '?timeZone=Europe/Madrid');
    expect(again).toMatchObject({ imported: 0, updated: 0, duplicates: 4 });
    const detail = expectStatus(await t.api('GET', `/api/cdrs/imports/${corrected.importId}`, { token: admin }), 200);
    expect(detail.body).toMatchObject({ imported: 0, updated: 4, duplicates: 0 });
  });

  it('stores every leg of a forked dial (same uniqueid and start, different channels and dispositions)', async () => {
    const { rows } = await t.db.query(
      `SELECT disposition, billsec FROM cdrs WHERE call_id = '1747214400.42' ORDER BY disposition`,
    );
    expect(rows).toEqual([
      { disposition: 'ANSWERED', billsec: 120 },
      { disposition: 'BUSY', billsec: 0 },
      { disposition: 'NO ANSWER', billsec: 0 },
    ]);
  });

  it('a generic CSV without a call id column reads zone-less times in ?timeZone= and stays idempotent', async () => {
    const csv =
      'Start,Account,From,To,Duration\n' +
      '2025-06-02 10:00:00,ACME01,3125550111,6175550199,60\n' +
      '2025-06-02 10:05:00,ACME01,3125550111,6175550199,30\n' +
      '2025-06-02T10:07:00+00:00,ACME01,3125550111,6175550198,30\n';
    const first = await importCsv(csv, '?timeZone=America/Chicago');
    expect(first).toMatchObject({ format: 'generic', rows: 3, imported: 3, rejected: 0 });
    const { rows } = await t.db.query(
      `SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS s, length(call_id) AS n FROM cdrs
        WHERE account_code = 'ACME01' AND started_at >= '2025-06-01' ORDER BY started_at`,
    );
    // Chicago is UTC−5 in June; an explicit offset wins over the import's zone.
    expect(rows).toEqual([
      { s: '2025-06-02 10:07', n: 40 },
      { s: '2025-06-02 15:00', n: 40 },
      { s: '2025-06-02 15:05', n: 40 },
    ]);
    expect(await importCsv(csv, '?timeZone=America/Chicago')).toMatchObject({ imported: 0, duplicates: 3 });
  });

  it('keys rows imported in UTC as the migration keyed the rows stored before it (generic and FreeSWITCH)', async () => {
    const generic =
      'call_id,to,start,billsec\nmig-1,+16175550199,2025-07-01T10:00:00Z,30\nmig-2,6175550198,2025-07-01T10:01:00Z,0\n';
    expect(await importCsv(generic)).toMatchObject({ imported: 2 });
    const fs =
      '"Alice","2125550101","4155550100","default","2025-07-01 11:00:00","","2025-07-01 11:00:20","20","0","NO_ANSWER","a1b2c3d4-0101-4e5f-8a9b-0123456789ab","","ACME01","PCMU","PCMU"\n';
    expect(await importCsv(fs, '?format=freeswitch')).toMatchObject({ imported: 1 });
    // The formula of 1764730000000-keyed-cdrs-by-identity.ts for rows it found stored.
    const { rows } = await t.db.query(
      `SELECT c.call_id, k.key = md5(c.call_id || E'\\x1f' || ((extract(epoch FROM c.started_at) * 1000)::bigint)::text ||
                CASE i.format WHEN 'freeswitch' THEN '' WHEN 'asterisk' THEN E'\\x1f' || E'\\x1f' || c.disposition
                     ELSE E'\\x1f' || c.called_number END)::uuid AS same
         FROM cdrs c JOIN cdr_keys k ON k.cdr_id = c.id JOIN cdr_imports i ON i.id = c.import_id
        WHERE c.started_at >= '2025-07-01' ORDER BY c.call_id`,
    );
    expect(rows).toEqual([
      { call_id: 'a1b2c3d4-0101-4e5f-8a9b-0123456789ab', same: true },
      { call_id: 'mig-1', same: true },
      { call_id: 'mig-2', same: true },
    ]);
  });
});
