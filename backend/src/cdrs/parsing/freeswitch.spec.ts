import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedLine } from './cdr-record.js';
import { splitCsv } from './csv-splitter.js';
import { parseFreeswitchRow } from './freeswitch.js';

const parseFixture = (name: string, timeZone?: string): ParsedLine[] =>
  splitCsv(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')).map((r) =>
    parseFreeswitchRow(r.fields, r.line, { timeZone }),
  );

const ok = (p: ParsedLine) => {
  if (!p.ok) throw new Error(`line ${p.line}: ${p.reason}`);
  return p.cdr;
};

describe(parseFreeswitchRow.name, () => {
  it('reads the example template and maps hangup causes to dispositions', () => {
    const cdrs = parseFixture('freeswitch.csv', 'America/New_York').map(ok);
    expect(cdrs.map((c) => [c.disposition, c.hangupCause])).toEqual([
      ['ANSWERED', 'NORMAL_CLEARING'],
      ['NO ANSWER', 'NO_ANSWER'],
      ['BUSY', 'USER_BUSY'],
      ['NO ANSWER', 'ORIGINATOR_CANCEL'],
      ['FAILED', 'CALL_REJECTED'],
      ['FAILED', 'NORMAL_CLEARING'], // cleared without a billable second
    ]);
    const [alice, zoe, pat, anon, rejected] = cdrs;
    expect(alice).toMatchObject({
      callId: 'a1b2c3d4-0001-4e5f-8a9b-0123456789ab',
      accountCode: 'acme',
      sourceIp: null,
      sipUser: null,
      callerNumber: '2125550101',
      calledNumber: '01144207946000',
      callerName: 'Alice Smith',
      durationSec: 125,
      billsec: 120,
      sipCode: null,
      ratePerMinute: null,
      cost: null,
    });
    expect(alice.startedAt.toISOString()).toBe('2024-03-09T19:05:10.000Z');
    expect(alice.answeredAt?.toISOString()).toBe('2024-03-09T19:05:15.000Z');
    expect(zoe).toMatchObject({ callerName: 'Zoë Ångström', answeredAt: null });
    expect(pat.callerName).toBe('Pat "The Cat" O\'Brien, Jr.');
    expect(anon.callerName).toBeNull();
    expect(rejected.accountCode).toBeNull();
  });

  it('rejects broken rows naming the field', () => {
    expect(parseFixture('freeswitch-bad.csv').map((l) => (l.ok ? 'ok' : `${l.line}: ${l.reason}`))).toEqual([
      '1: expected 15 columns (FreeSWITCH cdr_csv example template), got 14',
      '2: start_stamp is not a date (YYYY-MM-DD HH:MM:SS or ISO-8601): "09/03/2024 14:05"',
      '3: billsec (12) is greater than duration (10)',
      '4: destination_number (called number) is empty',
      'ok', // no uuid: the row's own fields are its identity
    ]);
  });

  it('rejects binary garbage', () => {
    const row = [
      '\u0000\u0001',
      '1',
      '2',
      'default',
      '2024-03-09 14:05:10',
      '',
      '2024-03-09 14:05:20',
      '10',
      '0',
      'NO_ANSWER',
      'a1b2c3d4-0001-4e5f-8a9b-0123456789ab',
      '',
      '',
      '',
      '',
    ];
    expect(parseFreeswitchRow(row, 9)).toEqual({
      line: 9,
      ok: false,
      reason: 'binary data (NUL byte or invalid UTF-8) in caller_id_name',
    });
  });
});
