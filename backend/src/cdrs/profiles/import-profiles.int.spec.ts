import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../../../test/expect-status.js';
import { twoCustomers } from '../../../test/fixtures.js';
import { ADMIN, createTestApp, type TestApp } from '../../../test/harness.js';

// A Spanish carrier's export: nothing in its header is a name the importer knows.
const CARRIER_CSV = [
  'Fecha;Origen;Destino;Segundos;Cuenta;Importe;Causa',
  '14/05/2025 11:00:00;912345678;688886392;00:01:05;HARB009;0,00;16',
  '14/05/2025 11:05:30;912345678;0033142685300;42;HARB009;0,00;16',
  '14/05/2025 11:07:00;912345678;600000000;0;HARB009;0,00;17',
]
  .join('\r\n')
  .replace(/;/g, ',')
  .replace(/0,00/g, '0');

const PROFILE = {
  name: 'Operador ES',
  hasHeader: true,
  columns: {
    start: 'Fecha',
    from: 'Origen',
    to: 'Destino',
    duration: 'Segundos',
    account: 'Cuenta',
    cost: 'Importe',
    hangupCause: 'Causa',
  },
  dateFormat: 'DD/MM/YYYY',
  timeZone: 'Europe/Madrid',
  homeCountry: 'ES',
};

describe('CDR import profiles: an unknown header, mapped once, then imported (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  const upload = (body: string, query = '') =>
    t.api('POST', `/api/cdrs/import${query}`, { token: admin, raw: body, headers: { 'content-type': 'text/csv' } });

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(ADMIN.email, ADMIN.password);
    expectStatus(await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() }), 200);
  });
  afterAll(() => t.close());

  it('answers an unknown header with what it recognised and what it needs, and stores nothing', async () => {
    const res = await upload(CARRIER_CSV);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      code: 'cdr_header_invalid',
      columns: ['Fecha', 'Origen', 'Destino', 'Segundos', 'Cuenta', 'Importe', 'Causa'],
      recognised: {},
      needs: ['to', 'start', 'billsec, duration or end'],
    });
    expect(res.body.message).toContain('map its columns with an import profile (?profile=)');
    const { rows } = await t.db.query(`SELECT count(*)::int AS n FROM cdrs`);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a profile that maps two fields to one column, or lacks a needed field, naming them', async () => {
    const res = await t.api('POST', '/api/cdrs/profiles', {
      token: admin,
      body: { ...PROFILE, columns: { start: 'Fecha', to: 'Destino', from: 'Destino' } },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('cdr_profile_invalid');
    expect(res.body.message).toEqual([
      'columns: to and from are mapped to the same column (destino)',
      'columns: billsec, duration or end must be mapped',
    ]);
    const headerless = await t.api('POST', '/api/cdrs/profiles', {
      token: admin,
      body: { ...PROFILE, hasHeader: false, columns: { start: 1, to: 'Destino', duration: 0 } },
    });
    expect(headerless.status).toBe(400);
    expect(headerless.body.message).toEqual([
      'columns.to must be a column position from 1 to 500 (the file has no header)',
      'columns.duration must be a column position from 1 to 500 (the file has no header)',
    ]);
    const listed = expectStatus(await t.api('GET', '/api/cdrs/profiles', { token: admin }), 200);
    expect(listed.body.items.filter((p: { builtIn: boolean }) => !p.builtIn)).toEqual([]);
  });

  it('imports the file through a saved profile: its dates, zone, durations and numbering plan', async () => {
    const saved = expectStatus(await t.api('POST', '/api/cdrs/profiles', { token: admin, body: PROFILE }), 201);
    expect(saved.body).toMatchObject({ name: 'Operador ES', dateFormat: 'DD/MM/YYYY', homeCountry: 'ES' });
    const again = await t.api('POST', '/api/cdrs/profiles', {
      token: admin,
      body: { ...PROFILE, name: 'operador es' },
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('cdr_profile_name_taken');

    const res = expectStatus(await upload(CARRIER_CSV, '?profile=operador%20es'), 201);
    expect(res.body).toMatchObject({ format: 'generic', rows: 3, imported: 3, rejected: 0, errors: [] });
    const { rows } = await t.db.query(
      `SELECT to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') AS start, called_e164, jurisdiction,
              duration_sec, disposition, hangup_cause FROM cdrs ORDER BY started_at`,
    );
    expect(rows).toEqual([
      {
        start: '2025-05-14 09:00:00',
        called_e164: '+34688886392',
        jurisdiction: 'national',
        duration_sec: 65,
        disposition: 'ANSWERED',
        hangup_cause: '16',
      },
      {
        start: '2025-05-14 09:05:30',
        called_e164: '+33142685300',
        jurisdiction: 'international',
        duration_sec: 42,
        disposition: 'ANSWERED',
        hangup_cause: '16',
      },
      {
        start: '2025-05-14 09:07:00',
        called_e164: '+34600000000',
        jurisdiction: 'national',
        duration_sec: 0,
        disposition: 'BUSY',
        hangup_cause: '17',
      },
    ]);
    expect((await upload(CARRIER_CSV, `?profile=${saved.body.id}`)).body).toMatchObject({ imported: 0, duplicates: 3 });
  });

  it('rejects, line by line, rows whose dates do not match the profile, and stores the ones that do', async () => {
    const csv = [
      'Fecha,Origen,Destino,Segundos,Cuenta,Importe,Causa',
      '2025-05-15 10:00:00,912345678,688886392,10,HARB009,0,16',
      '15/05/2025 10:01:00,912345678,688886392,10,HARB009,0,16',
      '05/15/2025 10:02:00,912345678,688886392,10,HARB009,0,16',
    ].join('\n');
    const res = expectStatus(await upload(csv, '?profile=Operador%20ES'), 201);
    expect(res.body).toMatchObject({ rows: 3, imported: 1, rejected: 2 });
    expect(res.body.errors).toEqual([
      { line: 2, reason: 'start does not match the date format DD/MM/YYYY: "2025-05-15 10:00:00"' },
      { line: 4, reason: 'start is not a date (YYYY-MM-DD HH:MM:SS or ISO-8601): "2025-15-05 10:02:00"' },
    ]);
  });

  it('reads a headerless file by position (Asterisk cdr_custom "High Resolution": clid first, fractional seconds)', async () => {
    // configs/samples/cdr_custom.conf.sample, [mappings] Master.csv => ${CSV_QUOTE(${CDR(clid)})},
    // ${CSV_QUOTE(${CDR(src)})},${CSV_QUOTE(${CDR(dst)})},${CSV_QUOTE(${CDR(dcontext)})},${CSV_QUOTE(${CDR(channel)})},
    // ${CSV_QUOTE(${CDR(dstchannel)})},${CSV_QUOTE(${CDR(lastapp)})},${CSV_QUOTE(${CDR(lastdata)})},
    // ${CSV_QUOTE(${CDR(start)})},${CSV_QUOTE(${CDR(answer)})},${CSV_QUOTE(${CDR(end)})},
    // ${CSV_QUOTE(${CDR(duration,f)})},${CSV_QUOTE(${CDR(billsec,f)})},${CSV_QUOTE(${CDR(disposition)})},
    // ${CSV_QUOTE(${CDR(amaflags)})},${CSV_QUOTE(${CDR(accountcode)})},${CSV_QUOTE(${CDR(uniqueid)})},
    // ${CSV_QUOTE(${CDR(userfield)})},${CDR(sequence)}
    const profile = expectStatus(
      await t.api('POST', '/api/cdrs/profiles', {
        token: admin,
        body: {
          name: 'Asterisk cdr_custom high resolution',
          hasHeader: false,
          columns: {
            from: 2,
            to: 3,
            start: 9,
            answer: 10,
            end: 11,
            duration: 12,
            billsec: 13,
            disposition: 14,
            account: 16,
            callId: 17,
          },
          dateFormat: 'iso',
        },
      }),
      201,
    );
    const file =
      '"""Front desk"" <6175550142>","6175550142","16175550199","from-internal","SIP/harb-142-0000001a","SIP/carrier-0000001b","Dial","SIP/carrier/16175550199","2025-05-16 13:00:00.120000","2025-05-16 13:00:04.500000","2025-05-16 13:01:05.250000","65.130000","60.750000","ANSWERED","DOCUMENTATION","HARB009","1747400400.7","","12"\n';
    const res = expectStatus(await upload(file, `?profile=${profile.body.id}`), 201);
    expect(res.body).toMatchObject({ rows: 1, imported: 1, rejected: 0 });
    const { rows } = await t.db.query(
      `SELECT duration_sec, billsec, disposition FROM cdrs WHERE call_id = '1747400400.7'`,
    );
    expect(rows).toEqual([{ duration_sec: 65, billsec: 61, disposition: 'ANSWERED' }]);
  });

  it('finds carrier headers by their own names (DIDWW-style export)', async () => {
    const csv = [
      'Date/Time (UTC),Source,DID,Duration (secs),Disconnect Code,Account',
      '2025-05-17 08:00:00,+34912345678,+16175550199,33,16,HARB009',
    ].join('\n');
    const res = expectStatus(await upload(csv), 201);
    expect(res.body).toMatchObject({ format: 'generic', rows: 1, imported: 1, rejected: 0 });
  });

  it('ships built-in profiles: listed first, read-only, their names reserved', async () => {
    const listed = expectStatus(await t.api('GET', '/api/cdrs/profiles', { token: admin }), 200);
    const builtIn = listed.body.items.filter((p: { builtIn: boolean }) => p.builtIn);
    expect(builtIn.map((p: { slug: string }) => p.slug)).toEqual([
      'asterisk-cdr-custom',
      'freeswitch-cdr-csv',
      '3cx',
      'avaya-ip-office-smdr',
      'cdr-stats',
      'didww-outbound',
      'ivozprovider',
    ]);
    const threeCx = builtIn.find((p: { slug: string }) => p.slug === '3cx');
    expect(threeCx).toMatchObject({
      name: '3CX CDR log',
      hasHeader: false,
      dateFormat: 'YYYY/MM/DD',
      customerId: null,
    });
    expect(threeCx.source).toContain('3CX');
    expect(expectStatus(await t.api('GET', `/api/cdrs/profiles/${threeCx.id}`, { token: admin }), 200).body.slug).toBe(
      '3cx',
    );

    const edit = await t.api('PUT', `/api/cdrs/profiles/${threeCx.id}`, {
      token: admin,
      body: { ...PROFILE, name: 'My 3CX' },
    });
    expect(edit.status).toBe(409);
    expect(edit.body.code).toBe('cdr_profile_built_in');
    const remove = await t.api('DELETE', `/api/cdrs/profiles/${threeCx.id}`, { token: admin });
    expect(remove.status).toBe(409);
    expect(remove.body.code).toBe('cdr_profile_built_in');
    for (const name of ['3CX CDR log', '3cx']) {
      const taken = await t.api('POST', '/api/cdrs/profiles', { token: admin, body: { ...PROFILE, name } });
      expect(taken.status, name).toBe(409);
      expect(taken.body.code).toBe('cdr_profile_name_taken');
    }
    expect(expectStatus(await t.api('GET', `/api/cdrs/profiles/${threeCx.id}`, { token: admin }), 200).body).toEqual(
      threeCx,
    );
  });

  it('answers a headerless file it cannot place with its first row and the built-in profiles that read it, then imports it through one', async () => {
    const file = [
      'Call 5,00000C5E8F1A6B34_12,00:02:05,2025/05/18 13:00:00,2025/05/18 13:00:05,2025/05/18 13:02:10,TerminatedBySrc,Ext.101,0113222223344,101,10000,0113222223344,,0113222223344,10000,,0.35,0.73,Cuba mobile,Chain: Ext.101;0113222223344;,Extension,Line,Line,Reception,,,',
      'Call 6,00000C5E8F1A6B34_13,00:00:00,2025/05/18 13:05:00,,2025/05/18 13:05:25,Failed,Ext.101,0113222223345,101,10000,0113222223345,,0113222223345,10000,,0.35,0.00,Cuba mobile,Chain: Ext.101;0113222223345;,Extension,Line,Line,Reception,,,',
    ].join('\r\n');
    const refused = await upload(file);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('cdr_format_unknown');
    expect(refused.body.firstRow.slice(0, 4)).toEqual([
      'Call 5',
      '00000C5E8F1A6B34_12',
      '00:02:05',
      '2025/05/18 13:00:00',
    ]);
    expect(refused.body.suggestedProfiles).toEqual([
      { id: 'b0000000-0000-4000-8000-000000000003', slug: '3cx', name: '3CX CDR log' },
    ]);
    const before = await t.db.query(`SELECT count(*)::int AS n FROM cdrs WHERE call_id LIKE '00000C5E8F1A6B34%'`);
    expect(before.rows[0].n).toBe(0);

    const res = expectStatus(await upload(file, '?profile=3cx&timeZone=Europe/London&accountCode=HARB009'), 201);
    expect(res.body).toMatchObject({ format: 'generic', rows: 2, imported: 2, rejected: 0, unassigned: 0 });
    const { rows } = await t.db.query(
      `SELECT call_id, to_char(started_at AT TIME ZONE 'UTC', 'HH24:MI') AS start, called_e164, billsec, disposition,
              cost::float AS cost
         FROM cdrs WHERE call_id LIKE '00000C5E8F1A6B34%' ORDER BY started_at`,
    );
    expect(rows).toEqual([
      {
        call_id: '00000C5E8F1A6B34_12',
        start: '12:00',
        called_e164: '+3222223344',
        billsec: 125,
        disposition: 'ANSWERED',
        cost: 0.73,
      },
      {
        call_id: '00000C5E8F1A6B34_13',
        start: '12:05',
        called_e164: '+3222223345',
        billsec: 0,
        disposition: 'NO ANSWER',
        cost: 0,
      },
    ]);
  });

  it('stores both legs of a forked dial read through the cdr_custom profile, and neither twice', async () => {
    const legs = [
      '"""Front desk"" <6175550142>","6175550142","200","from-internal","PJSIP/harb-142-0000001e","PJSIP/101-0000001f","Dial","PJSIP/101&PJSIP/102","2025-05-19 13:05:00.000000","2025-05-19 13:05:03.000000","2025-05-19 13:06:03.000000","63.000000","60.000000","ANSWERED","DOCUMENTATION","HARB009","1747660000.11","","14"',
      '"""Front desk"" <6175550142>","6175550142","200","from-internal","PJSIP/harb-142-0000001e","PJSIP/102-00000020","Dial","PJSIP/101&PJSIP/102","2025-05-19 13:05:00.000000","","2025-05-19 13:05:03.000000","3.000000","0.000000","NO ANSWER","DOCUMENTATION","HARB009","1747660000.11","","15"',
    ].join('\n');
    const query = '?profile=asterisk-cdr-custom&timeZone=America/New_York';
    expect(expectStatus(await upload(legs, query), 201).body).toMatchObject({ imported: 2, duplicates: 0 });
    expect(expectStatus(await upload(legs, query), 201).body).toMatchObject({ imported: 0, duplicates: 2 });
    const { rows } = await t.db.query(
      `SELECT disposition FROM cdrs WHERE call_id = '1747660000.11' ORDER BY disposition`,
    );
    expect(rows.map((r: { disposition: string }) => r.disposition)).toEqual(['ANSWERED', 'NO ANSWER']);
  });
});
