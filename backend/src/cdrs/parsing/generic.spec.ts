import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedLine } from './cdr-record.js';
import { CsvSplitter } from './csv-splitter.js';
import { createCdrLineParser } from './formats.js';
import { genericColumnOf, parseGenericRow } from './generic.js';

/** Header first, then every data record, as the importer drives it. */
function parseFixture(name: string): { header: string | null; lines: ParsedLine[] } {
  const splitter = new CsvSplitter();
  const records = [...splitter.push(readFileSync(new URL(`./fixtures/${name}`, import.meta.url))), ...splitter.end()];
  const sut = createCdrLineParser('generic');
  const header = sut.header(records[0].fields);
  return { header, lines: records.slice(1).map((r) => sut.parse(r)) };
}

const ok = (p: ParsedLine) => {
  if (!p.ok) throw new Error(`line ${p.line}: ${p.reason}`);
  return p.cdr;
};

describe(parseGenericRow.name, () => {
  it('maps shuffled, differently spelled headers (BOM, CRLF, ISO times with and without offsets)', () => {
    const { header, lines } = parseFixture('generic.csv');
    expect(header).toBeNull();
    expect(lines.map((l) => l.line)).toEqual([2, 3, 4, 5]);
    const [a, b, c, d] = lines.map(ok);
    expect(a).toMatchObject({
      callId: 'c-0001',
      accountCode: 'acme',
      sourceIp: '203.0.113.10',
      sipUser: 'alice',
      callerNumber: '+1 (212) 555-0101',
      calledNumber: '442079460000',
      callerName: 'Smith, Alice',
      durationSec: 125,
      billsec: 120,
      disposition: 'ANSWERED',
      sipCode: 200,
      ratePerMinute: 0.0125,
      cost: 0.025,
    });
    expect(a.startedAt.toISOString()).toBe('2024-03-09T19:05:10.000Z');
    expect(b).toMatchObject({
      sourceIp: '198.51.100.7',
      callerName: 'Zoë Ångström',
      disposition: 'NO ANSWER',
      sipCode: 487,
      answeredAt: null,
    });
    expect(b.startedAt.toISOString()).toBe('2024-03-09T19:10:00.000Z'); // +01:00
    expect(c).toMatchObject({
      sourceIp: null,
      callerName: 'Pat "The Cat" O\'Brien',
      disposition: 'BUSY',
      sipCode: 486,
    });
    expect(c.startedAt.toISOString()).toBe('2024-03-09T19:20:00.000Z'); // no offset: UTC
    expect(d).toMatchObject({
      sourceIp: '2001:db8::1',
      accountCode: null,
      sipUser: null,
      ratePerMinute: 0,
      cost: null,
      callerName: null,
    });
    expect(d.startedAt.toISOString()).toBe('2024-03-10T00:30:00.250Z');
  });

  it('derives billsec from answer/end, or from duration', () => {
    const [answered, unanswered] = parseFixture('generic-minimal.csv').lines.map(ok);
    expect(answered).toMatchObject({ durationSec: 125, billsec: 120, disposition: 'ANSWERED' });
    expect(unanswered).toMatchObject({ durationSec: 30, billsec: 0, disposition: 'NO ANSWER' });
  });

  it('derives duration from start/end, or uses billsec for both', () => {
    const [withEnd, withoutEnd] = parseFixture('generic-billsec-only.csv').lines.map(ok);
    expect(withEnd).toMatchObject({ durationSec: 125, billsec: 120 });
    expect(withoutEnd).toMatchObject({ durationSec: 45, billsec: 45 });
  });

  it('rejects broken rows naming the field', () => {
    const { lines } = parseFixture('generic-bad.csv');
    expect(lines.map((l) => (l.ok ? `${l.line}: ok` : `${l.line}: ${l.reason}`))).toEqual([
      '2: rate is not a number: "abc"',
      '3: cost is not a number: "1.2.3"',
      '4: start is not a date (YYYY-MM-DD HH:MM:SS or ISO-8601): "yesterday"',
      '5: expected 8 columns (as in the header), got 7',
      '6: to (called number) is empty',
      '7: sip code is not a SIP status (100-699): "999"',
      '8: billsec must not be negative, got -1',
      '9: rate must not be negative, got -0.5',
      '10: ok',
    ]);
  });

  it('names the missing columns of a bad header, and rejects every row after it', () => {
    const { header, lines } = parseFixture('generic-bad-header.csv');
    expect(header).toBe(
      'the header row is missing required columns: start; billsec, duration or end (got: caller, called_number, when, length); map its columns with an import profile (?profile=)',
    );
    expect(lines).toEqual([{ line: 2, ok: false, reason: header }]);
  });

  it('matches header names case-insensitively, ignoring spaces, underscores, dashes', () => {
    expect(genericColumnOf('Call-ID')).toBe('callId');
    expect(genericColumnOf(' CALL_ID ')).toBe('callId');
    expect(genericColumnOf('Src IP')).toBe('sourceIp');
    expect(genericColumnOf('source_ip')).toBe('sourceIp');
    expect(genericColumnOf('Calling Number')).toBe('from');
    expect(genericColumnOf('Called_Number')).toBe('to');
    expect(genericColumnOf('Started At')).toBe('start');
    expect(genericColumnOf('rate_per_minute')).toBe('rate');
    expect(genericColumnOf('Account Code')).toBe('account');
    expect(genericColumnOf('trunk')).toBeUndefined();
  });
});
