import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ParsedCdr } from '../parsing/cdr-record.js';
import { splitCsv } from '../parsing/csv-splitter.js';
import { createCdrLineParser, detectFormat } from '../parsing/formats.js';
import { BUILTIN_PROFILES, findBuiltinProfile, profilesThatRead } from './builtin-profiles.js';

// Each fixture is written from its format's public documentation, cited in its `#` header lines (dropped here, as a
// switch would never write them).
function fixture(slug: string): string {
  const text = readFileSync(new URL(`./fixtures/${slug}.csv`, import.meta.url), 'utf8');
  return text
    .split('\n')
    .filter((l) => !l.startsWith('#'))
    .join('\n');
}

/** The file read through the built-in profile `slug`, as the importer reads it. */
function read(slug: string, timeZone = 'UTC'): ParsedCdr[] {
  const profile = findBuiltinProfile(slug)!;
  const parser = createCdrLineParser('generic', {
    timeZone: profile.timeZone ?? timeZone,
    columnMap: { hasHeader: profile.hasHeader, columns: profile.columns, dateFormat: profile.dateFormat },
  });
  const records = splitCsv(fixture(slug));
  if (parser.expectsHeader) expect(parser.header(records.shift()!.fields)).toBeNull();
  return records.map((r) => {
    const parsed = parser.parse(r);
    if (!parsed.ok) throw new Error(`${slug} line ${parsed.line}: ${parsed.reason}`);
    return parsed.cdr;
  });
}

const pick = (c: ParsedCdr) => ({
  callId: c.callId,
  from: c.callerNumber,
  to: c.calledNumber,
  start: c.startedAt.toISOString(),
  duration: c.durationSec,
  billsec: c.billsec,
  disposition: c.disposition,
  cost: c.cost,
});

describe('built-in import profiles, on fixtures from each format’s documentation', () => {
  it('Asterisk cdr_custom High Resolution: clid first, microsecond times, fractional seconds rounded', () => {
    const [answered, unanswered, forkA, forkB] = read('asterisk-cdr-custom', 'America/New_York');
    expect(pick(answered)).toEqual({
      callId: '1747400400.7',
      from: '6175550142',
      to: '0113222223344',
      start: '2025-05-16T17:00:00.120Z',
      duration: 65,
      billsec: 61,
      disposition: 'ANSWERED',
      cost: null,
    });
    expect(answered.callerName).toBe('"Front desk" <6175550142>');
    expect(answered.accountCode).toBe('HARB009');
    expect(pick(unanswered)).toMatchObject({ duration: 21, billsec: 0, disposition: 'NO ANSWER' });
    // One forked dial: the same uniqueid, start and number, two legs: two CDRs, not a duplicate.
    expect([forkA.callId, forkA.startedAt.getTime(), forkA.calledNumber]).toEqual([
      forkB.callId,
      forkB.startedAt.getTime(),
      forkB.calledNumber,
    ]);
    expect([forkA.disposition, forkB.disposition]).toEqual(['ANSWERED', 'NO ANSWER']);
    expect(forkA.identity).not.toBe(forkB.identity);
  });

  it('FreeSWITCH cdr_csv: the 13-column example and the snom template with a space after the comma', () => {
    const [example, snom] = read('freeswitch-cdr-csv', 'Europe/Madrid');
    expect(pick(example)).toEqual({
      callId: 'a5c9f6c0-e752-11e3-8bfb-65b6c3cdac7d',
      from: '1001',
      to: '0034688886392',
      start: '2025-05-16T11:00:00.000Z',
      duration: 125,
      billsec: 120,
      disposition: 'ANSWERED',
      cost: null,
    });
    expect(example.accountCode).toBe('HARB009');
    expect(snom.accountCode).toBe('HARB009'); // `, "HARB009"`: not ` "HARB009"` with its quotes
    expect(pick(snom)).toMatchObject({ to: '+5352345678', billsec: 0, disposition: 'NO ANSWER' });
    expect(snom.hangupCause).toBe('NO_ANSWER');
  });

  it('3CX: slash dates in the server’s zone, HH:MM:SS durations, the bill cost', () => {
    const [answered, failed] = read('3cx', 'Europe/London');
    expect(pick(answered)).toEqual({
      callId: '00000C5E8F1A6B34_12',
      from: 'Ext.101',
      to: '0113222223344',
      start: '2025-05-16T12:00:00.000Z',
      duration: 125,
      billsec: 125,
      disposition: 'ANSWERED',
      cost: 0.73,
    });
    expect(answered.ratePerMinute).toBe(0.35);
    expect(pick(failed)).toMatchObject({ billsec: 0, disposition: 'NO ANSWER', cost: 0 });
  });

  it('Avaya IP Office SMDR: Connected Time as the billed time, Call ID, Call Charge; the guide’s inbound example', () => {
    const [outbound, inbound] = read('avaya-ip-office-smdr', 'Europe/London');
    expect(pick(outbound)).toEqual({
      callId: '1000014155',
      from: '4688',
      to: '0113222223344',
      start: '2025-05-16T12:00:00.000Z',
      duration: 65,
      billsec: 65,
      disposition: 'ANSWERED',
      cost: 1.25,
    });
    expect(pick(inbound)).toMatchObject({ callId: '1000013', from: '01707299900', to: '23', billsec: 5, cost: null });
  });

  it('CDR-Stats: its header, the sell side as cost, a Q.850 cause id for the outcome', () => {
    const [answered, noAnswer] = read('cdr-stats');
    expect(pick(answered)).toEqual({
      callId: '96aa82fe-7bd1-11e5-a230-5c514f6a0f72',
      from: '904151440',
      to: '+34798400122',
      start: '2025-05-16T12:13:10.000Z',
      duration: 55,
      billsec: 50,
      disposition: 'ANSWERED',
      cost: 0.0167,
    });
    expect(answered.accountCode).toBe('1000');
    expect(answered.ratePerMinute).toBe(0.02);
    expect(pick(noAnswer)).toMatchObject({ billsec: 0, disposition: 'NO ANSWER', cost: null });
  });

  it('DIDWW outbound export: UTC whatever the import zone, the SIP disconnect code, the charged amount', () => {
    const [answered, cancelled] = read('didww-outbound', 'Asia/Tokyo');
    expect(pick(answered)).toEqual({
      callId: expect.stringMatching(/^[0-9a-f]{40}$/), // no call id column: a hash of the row
      from: '12125550100',
      to: '5352345678',
      start: '2025-05-16T13:00:00.000Z',
      duration: 126,
      billsec: 120,
      disposition: 'ANSWERED',
      cost: 1.378,
    });
    expect(answered.sipCode).toBe(200);
    expect(pick(cancelled)).toMatchObject({ billsec: 0, disposition: 'NO ANSWER', cost: 0 });
    expect(cancelled.sipCode).toBe(487);
  });

  it('IvozProvider: E.164 numbers, the SIP Call-ID, the price', () => {
    const [answered, unanswered] = read('ivozprovider');
    expect(pick(answered)).toEqual({
      callId: '5c2a1b2e-1d2c-4e3f-9a8b-7c6d5e4f3a2b@10.10.1.7',
      from: '+34944048182',
      to: '+5352345678',
      start: '2025-05-16T13:00:00.000Z',
      duration: 125,
      billsec: 125,
      disposition: 'ANSWERED',
      cost: 1.4375,
    });
    expect(pick(unanswered)).toMatchObject({ duration: 0, billsec: 0, disposition: 'NO ANSWER', cost: null });
  });

  it('is offered for a file the importer does not know, and not for one it reads already', () => {
    for (const slug of ['3cx', 'avaya-ip-office-smdr', 'asterisk-cdr-custom', 'freeswitch-cdr-csv']) {
      const first = splitCsv(fixture(slug))[0];
      expect(detectFormat(first.fields), slug).toBeNull();
      expect(
        profilesThatRead([first]).map((p) => p.slug),
        slug,
      ).toContain(slug);
    }
    const didwwHeader = splitCsv(fixture('didww-outbound'))[0];
    expect(profilesThatRead([didwwHeader]).map((p) => p.slug)).toEqual(['didww-outbound']);
    const asterisk = splitCsv(readFileSync(new URL('../parsing/fixtures/asterisk-17.csv', import.meta.url), 'utf8'));
    expect(profilesThatRead([asterisk[0]])).toEqual([]);
  });

  it('every built-in profile has a stable id, a unique slug and name, and cites its source', () => {
    expect(new Set(BUILTIN_PROFILES.map((p) => p.id)).size).toBe(BUILTIN_PROFILES.length);
    expect(new Set(BUILTIN_PROFILES.map((p) => p.slug)).size).toBe(BUILTIN_PROFILES.length);
    expect(new Set(BUILTIN_PROFILES.map((p) => p.name.toLowerCase())).size).toBe(BUILTIN_PROFILES.length);
    for (const p of BUILTIN_PROFILES) {
      expect(p.source.length, p.slug).toBeGreaterThan(20);
      expect(findBuiltinProfile(p.slug)?.id).toBe(p.id);
      expect(findBuiltinProfile(p.name.toUpperCase())?.id).toBe(p.id);
      expect(findBuiltinProfile(p.id)?.slug).toBe(p.slug);
    }
  });
});
