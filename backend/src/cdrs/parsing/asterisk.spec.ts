import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAsteriskRow } from './asterisk.js';
import type { CdrParseOptions, ParsedLine } from './cdr-record.js';
import { CsvSplitter } from './csv-splitter.js';
import { createCdrLineParser } from './formats.js';

/** The fixture through the streaming splitter (in awkward 7-byte chunks) and the line parser. */
function parseFixture(name: string, options: CdrParseOptions): ParsedLine[] {
  const bytes = readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
  const splitter = new CsvSplitter();
  const sut = createCdrLineParser('asterisk', options);
  const records = [];
  for (let i = 0; i < bytes.length; i += 7) records.push(...splitter.push(bytes.subarray(i, i + 7)));
  records.push(...splitter.end());
  return records.map((r) => sut.parse(r));
}

const ok = (p: ParsedLine) => {
  if (!p.ok) throw new Error(`line ${p.line}: ${p.reason}`);
  return p.cdr;
};

const NY = { timeZone: 'America/New_York' };

describe(parseAsteriskRow.name, () => {
  it('reads the 16-column Master.csv: quoting, embedded commas and quotes, UTF-8, empty answer', () => {
    const lines = parseFixture('asterisk-16.csv', NY);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3, 5]);
    const [alice, zoe, pat, anon] = lines.map(ok);

    expect(alice).toMatchObject({
      accountCode: 'acme',
      sourceIp: null,
      sipUser: 'alice',
      callerNumber: '2125550101',
      calledNumber: '01144207946000',
      callerName: 'Alice Smith',
      durationSec: 125,
      billsec: 120,
      disposition: 'ANSWERED',
      hangupCause: null,
      sipCode: null,
      ratePerMinute: null,
      cost: null,
    });
    expect(alice.startedAt.toISOString()).toBe('2024-03-09T19:05:10.000Z'); // EST
    expect(alice.answeredAt?.toISOString()).toBe('2024-03-09T19:05:15.000Z');
    expect(alice.endedAt?.toISOString()).toBe('2024-03-09T19:07:15.000Z');
    // No uniqueid column: the id is a stable hash of the row.
    expect(alice.callId).toMatch(/^[0-9a-f]{40}$/);
    expect(parseFixture('asterisk-16.csv', NY).map((l) => ok(l).callId)).toEqual(
      [alice, zoe, pat, anon].map((c) => c.callId),
    );
    expect(new Set([alice, zoe, pat, anon].map((c) => c.callId)).size).toBe(4);

    expect(zoe).toMatchObject({
      callerName: 'Zoë Ångström',
      sipUser: 'zoe',
      answeredAt: null,
      billsec: 0,
      disposition: 'NO ANSWER',
    });
    expect(pat).toMatchObject({ callerName: "O'Brien, Pat", disposition: 'BUSY' });
    expect(anon).toMatchObject({
      accountCode: null,
      callerNumber: '2125550104',
      callerName: null,
      sipUser: '10.0.0.5',
      disposition: 'ANSWERED',
    });
  });

  it('takes the 17th column as uniqueid (CRLF file, no final line break, DST fall-back)', () => {
    const [a, b] = parseFixture('asterisk-17.csv', NY).map(ok);
    expect(a.callId).toBe('1730611800.32');
    expect(b.callId).toBe('1730615400.33');
    // 01:30 happens twice on 2024-11-03 in New York: the first (EDT) is taken.
    expect(a.startedAt.toISOString()).toBe('2024-11-03T05:30:00.000Z');
    expect(b).toMatchObject({ disposition: 'FAILED', answeredAt: null, calledNumber: '+442079460001' });
  });

  it('reads uniqueid + userfield (18 columns), the userfield as source IP when configured', () => {
    const [a, b] = parseFixture('asterisk-18.csv', { ...NY, userfieldIsSourceIp: true }).map(ok);
    expect(a.callId).toBe('1710053970.48');
    expect(a.sourceIp).toBe('203.0.113.10');
    expect(b.sourceIp).toBe('198.51.100.7'); // `:5060` dropped
    expect(b.callerName).toBe('Alice, "Ali" Smith');
    // 01:59:30 EST → 03:00:40 EDT is 70 s of real time, as the duration says.
    expect(a.startedAt.toISOString()).toBe('2024-03-10T06:59:30.000Z');
    expect(a.endedAt?.toISOString()).toBe('2024-03-10T07:00:40.000Z');
    expect((a.endedAt!.getTime() - a.startedAt.getTime()) / 1000).toBe(a.durationSec);

    const [c] = parseFixture('asterisk-18.csv', NY).map(ok);
    expect(c.sourceIp).toBeNull();
  });

  it('reads times as UTC by default (usegmtime=yes)', () => {
    const [a] = parseFixture('asterisk-16.csv', {}).map(ok);
    expect(a.startedAt.toISOString()).toBe('2024-03-09T14:05:10.000Z');
  });

  it('treats a 17th column holding an IP address as the userfield', () => {
    const row = [
      'acme',
      '100',
      '4155550100',
      'default',
      '',
      'SIP/alice-00000001',
      '',
      'Dial',
      '',
      '2024-03-09 14:05:10',
      '',
      '2024-03-09 14:05:20',
      '10',
      '0',
      'NO ANSWER',
      'DOCUMENTATION',
      '203.0.113.9',
    ];
    const cdr = ok(parseAsteriskRow(row, 1, { userfieldIsSourceIp: true }));
    expect(cdr.sourceIp).toBe('203.0.113.9');
    expect(cdr.callId).toMatch(/^[0-9a-f]{40}$/);
  });

  it('rejects each broken row with a reason naming the field', () => {
    const lines = parseFixture('asterisk-bad.csv', NY);
    expect(lines.map((l) => (l.ok ? `${l.line}: ok` : `${l.line}: ${l.reason}`))).toEqual([
      '1: expected 16 to 18 columns (Asterisk Master.csv), got 15',
      '2: start is not a date (YYYY-MM-DD HH:MM:SS or ISO-8601): "2024-03-09 25:05:10"',
      '3: duration must not be negative, got -10',
      '4: billsec must be whole seconds, got "7.5"',
      '5: billsec (20) is greater than duration (10)',
      '6: end (2024-03-09T19:04:20.000Z) is before start (2024-03-09T19:05:10.000Z)',
      '7: dst (called number) is empty',
      '8: binary data (NUL byte or invalid UTF-8) in clid',
      '9: binary data (NUL byte or invalid UTF-8) in dst',
      '10: duration is not a number: "ten"',
      '11: ok',
    ]);
  });

  it('rejects an answer time outside the call', () => {
    const row = [
      '',
      '100',
      '200',
      'default',
      '',
      'SIP/a-00000001',
      '',
      'Dial',
      '',
      '2024-03-09 14:05:10',
      '2024-03-09 14:05:00',
      '2024-03-09 14:05:20',
      '10',
      '5',
      'ANSWERED',
      'DOCUMENTATION',
    ];
    expect(parseAsteriskRow(row, 4)).toEqual({
      line: 4,
      ok: false,
      reason: 'answer (2024-03-09T14:05:00.000Z) is before start (2024-03-09T14:05:10.000Z)',
    });
  });
});
