import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../../test/expect-status.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const customer = (accountCode: string, country: string | undefined, state?: string) => ({
  name: `${accountCode} carrier`,
  accountCode,
  timezone: 'UTC',
  ...(state && { state }),
  ...(country && { country }),
});

describe('CDR numbering plans: numbers without + read in the home country, hangup causes (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    // The deployment's home country is Spain: customers without one read numbers as a Spanish switch writes them.
    t = await createTestApp({ CDR_HOME_COUNTRY: 'ES' });
    admin = await t.login(ADMIN.email, ADMIN.password);
    const customers = [
      customer('MADRID1', undefined),
      customer('MOSCOW1', 'RU'),
      customer('KYIV1', 'UA'),
      customer('BOSTON1', 'US', 'MA'),
    ];
    expectStatus(await t.api('POST', '/api/customers/import', { token: admin, body: { customers } }), 200);
  });
  afterAll(() => t.close());

  it('stores E.164, country and jurisdiction per home country, the hangup cause, and the disposition codes imply', async () => {
    const csv = [
      'call_id,account,from,to,start,duration,billsec,sip_code,disconnect_code',
      // Spain (the deployment's default): CC without a prefix, a national mobile, 00 + France, an extension.
      'es-1,MADRID1,34912345678,34688886392,2025-05-14T09:00:00Z,60,55,200,16',
      'es-2,MADRID1,912345678,688886392,2025-05-14T09:01:00Z,60,55,200,16',
      'es-3,MADRID1,912345678,0033142685300,2025-05-14T09:02:00Z,20,0,404,1',
      'es-4,MADRID1,1001,1002,2025-05-14T09:03:00Z,30,25,200,16',
      // Russia: a 10-digit mobile and 8 + 10 digits are Russian, not NANP.
      'ru-1,MOSCOW1,4951234567,9161234567,2025-05-14T09:04:00Z,60,0,486,17',
      'ru-2,MOSCOW1,4951234567,89161234567,2025-05-14T09:05:00Z,60,0,,19',
      // Ukraine: trunk prefix 0, and 00 + Poland.
      'ua-1,KYIV1,0441234567,0501234567,2025-05-14T09:06:00Z,60,0,503,34',
      'ua-2,KYIV1,0441234567,0048221234567,2025-05-14T09:07:00Z,60,40,200,16',
      // The US: 10 digits in the caller's state and another, and an extension.
      'us-1,BOSTON1,6175550142,6175550199,2025-05-14T09:08:00Z,60,30,200,16',
      'us-2,BOSTON1,6175550142,4155550100,2025-05-14T09:09:00Z,60,0,480,19',
      'us-3,BOSTON1,142,143,2025-05-14T09:10:00Z,60,12,200,16',
    ].join('\n');
    const res = expectStatus(
      await t.api('POST', '/api/cdrs/import', { token: admin, raw: csv, headers: { 'content-type': 'text/csv' } }),
      201,
    );
    expect(res.body).toMatchObject({ rows: 11, imported: 11, rejected: 0, unassigned: 0 });

    const page = expectStatus(await t.api('GET', '/api/cdrs?limit=50', { token: admin }), 200);
    const byId = new Map(
      page.body.items.map((c: Record<string, unknown>) => [
        c.callId,
        [c.calledE164, c.country, c.jurisdiction, c.disposition, c.hangupCause],
      ]),
    );
    expect(Object.fromEntries(byId)).toEqual({
      'es-1': ['+34688886392', 'ES', 'national', 'ANSWERED', '16'],
      'es-2': ['+34688886392', 'ES', 'national', 'ANSWERED', '16'],
      'es-3': ['+33142685300', 'FR', 'international', 'FAILED', '1'],
      'es-4': [null, null, 'internal', 'ANSWERED', '16'],
      'ru-1': ['+79161234567', 'RU', 'national', 'BUSY', '17'],
      'ru-2': ['+79161234567', 'RU', 'national', 'NO ANSWER', '19'],
      'ua-1': ['+380501234567', 'UA', 'national', 'CONGESTION', '34'],
      'ua-2': ['+48221234567', 'PL', 'international', 'ANSWERED', '16'],
      'us-1': ['+16175550199', 'US', 'intrastate', 'ANSWERED', '16'],
      'us-2': ['+14155550100', 'US', 'interstate', 'NO ANSWER', '19'],
      'us-3': [null, null, 'internal', 'ANSWERED', '16'],
    });

    const widget = expectStatus(
      await t.api('GET', '/api/usage/minutes-per-jurisdiction?from=2025-05-14&to=2025-05-14', { token: admin }),
      200,
    );
    expect(
      Object.fromEntries(
        widget.body.rows.map((r: { key: string; label: string; calls: number }) => [r.key, [r.label, r.calls]]),
      ),
    ).toEqual({
      national: ['National', 5],
      international: ['International', 2],
      internal: ['Internal (on-net)', 2],
      intrastate: ['Intrastate', 1],
      interstate: ['Interstate', 1],
    });
  });

  it('refuses a customer country that is not ISO alpha-2, naming the field', async () => {
    const res = await t.api('POST', '/api/customers', {
      token: admin,
      body: { name: 'Bad', accountCode: 'BAD1', timezone: 'UTC', country: 'Spain' },
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain('country must be an ISO 3166 alpha-2 country code');
  });
});
