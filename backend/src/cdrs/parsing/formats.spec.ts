import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitCsv } from './csv-splitter.js';
import { createCdrLineParser, detectFormat } from './formats.js';

const firstRecord = (name: string) =>
  splitCsv(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'))[0].fields;

describe(detectFormat.name, () => {
  it.each([
    ['asterisk-16.csv', 'asterisk'],
    ['asterisk-17.csv', 'asterisk'],
    ['asterisk-18.csv', 'asterisk'],
    ['freeswitch.csv', 'freeswitch'],
    ['generic.csv', 'generic'],
    ['generic-minimal.csv', 'generic'],
    // A header naming some known columns is generic, so the parser can say what is missing.
    ['generic-bad-header.csv', 'generic'],
    // 15 fields without a UUID in field 11: none of the three.
    ['asterisk-bad.csv', null],
  ])('%s → %s', (fixture, format) => {
    expect(detectFormat(firstRecord(fixture))).toBe(format);
  });

  it('recognises nothing in a random row', () => {
    expect(detectFormat(['hello', 'world'])).toBeNull();
    expect(detectFormat([])).toBeNull();
  });
});

describe(createCdrLineParser.name, () => {
  it('rejects a record the splitter flagged as malformed', () => {
    const sut = createCdrLineParser('asterisk');
    expect(sut.expectsHeader).toBe(false);
    expect(sut.parse({ line: 3, fields: ['x"y'], error: 'unexpected quote in unquoted field 1' })).toEqual({
      line: 3,
      ok: false,
      reason: 'malformed CSV: unexpected quote in unquoted field 1',
    });
  });

  it('asks for a header first for generic CSV', () => {
    const sut = createCdrLineParser('generic');
    expect(sut.expectsHeader).toBe(true);
    expect(sut.parse({ line: 1, fields: ['a', 'b'] })).toEqual({
      line: 1,
      ok: false,
      reason: 'no header row was read',
    });
    expect(sut.header(['call id', 'to', 'start', 'billsec'])).toBeNull();
    const parsed = sut.parse({ line: 2, fields: ['x-1', '4155550100', '2024-03-09T19:05:10Z', '60'] });
    expect(parsed.ok && parsed.cdr).toMatchObject({
      callId: 'x-1',
      billsec: 60,
      durationSec: 60,
      disposition: 'ANSWERED',
    });
  });

  it('refuses an unknown time zone up front', () => {
    expect(() => createCdrLineParser('freeswitch', { timeZone: 'Mars/Base' })).toThrow('Unknown time zone: Mars/Base');
  });
});
