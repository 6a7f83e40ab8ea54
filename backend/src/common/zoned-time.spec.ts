import { describe, expect, it } from 'vitest';
import { isValidTimeZone, parseIsoTimestamp, parseLocalTimestamp, wallClockToUtc, zoneOffsetAt } from './zoned-time.js';

const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('parseLocalTimestamp', () => {
  it('reads UTC wall clocks', () => {
    expect(iso(parseLocalTimestamp('2024-03-09 14:05:10', 'UTC'))).toBe('2024-03-09T14:05:10.000Z');
    expect(iso(parseLocalTimestamp(' 2024-02-29T23:59:59 ', 'Etc/UTC'))).toBe('2024-02-29T23:59:59.000Z');
    expect(iso(parseLocalTimestamp('2024-03-09 14:05', 'UTC'))).toBe('2024-03-09T14:05:00.000Z');
    expect(iso(parseLocalTimestamp('2024-03-09 14:05:10.123456', 'UTC'))).toBe('2024-03-09T14:05:10.123Z');
  });

  describe('America/New_York across DST', () => {
    const ny = (s: string) => iso(parseLocalTimestamp(s, 'America/New_York'));

    it('spring forward (2024-03-10 02:00 EST → 03:00 EDT)', () => {
      expect(ny('2024-03-10 01:59:59')).toBe('2024-03-10T06:59:59.000Z');
      expect(ny('2024-03-10 03:00:00')).toBe('2024-03-10T07:00:00.000Z');
      // 02:30 never happened on the wall; read with the offset before the change.
      expect(ny('2024-03-10 02:30:00')).toBe('2024-03-10T07:30:00.000Z');
      expect(ny('2024-03-09 12:00:00')).toBe('2024-03-09T17:00:00.000Z');
      expect(ny('2024-03-11 12:00:00')).toBe('2024-03-11T16:00:00.000Z');
    });

    it('fall back (2024-11-03 02:00 EDT → 01:00 EST): a repeated time is the earlier instant', () => {
      expect(ny('2024-11-03 00:59:59')).toBe('2024-11-03T04:59:59.000Z');
      expect(ny('2024-11-03 01:30:00')).toBe('2024-11-03T05:30:00.000Z');
      expect(ny('2024-11-03 02:00:00')).toBe('2024-11-03T07:00:00.000Z');
    });
  });

  it('handles odd offsets and half-hour DST', () => {
    expect(iso(parseLocalTimestamp('2024-06-01 12:00:00', 'Asia/Kathmandu'))).toBe('2024-06-01T06:15:00.000Z');
    expect(iso(parseLocalTimestamp('2024-01-15 12:00:00', 'Australia/Lord_Howe'))).toBe('2024-01-15T01:00:00.000Z');
    expect(iso(parseLocalTimestamp('2024-07-15 12:00:00', 'Australia/Lord_Howe'))).toBe('2024-07-15T01:30:00.000Z');
    expect(iso(parseLocalTimestamp('2024-07-01 09:00:00', 'Europe/London'))).toBe('2024-07-01T08:00:00.000Z');
  });

  it('round-trips every half hour of 2024 in zones with DST', () => {
    for (const zone of ['America/New_York', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/St_Johns']) {
      const fmt = new Intl.DateTimeFormat('sv-SE', {
        timeZone: zone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      });
      // Odd minutes and seconds, so that times inside a cached 15-minute slot are covered too.
      for (let t = Date.UTC(2024, 0, 1, 0, 7, 13); t < Date.UTC(2025, 0, 1); t += 30 * 60_000) {
        const wall = fmt.format(t); // "2024-03-10 03:00:00"
        const back = parseLocalTimestamp(wall, zone)!.getTime();
        // Equal, or the earlier instant of a repeated wall time.
        if (back !== t) {
          expect(fmt.format(back), `${zone} ${wall}`).toBe(wall);
          expect(back).toBeLessThan(t);
        }
      }
    }
  });

  it('rejects impossible or malformed dates', () => {
    for (const bad of [
      '2024-02-30 10:00:00',
      '2023-02-29 10:00:00',
      '2024-13-01 10:00:00',
      '2024-03-09 24:00:00',
      '2024-03-09 10:60:00',
      '2024-03-09 10:00:61',
      '09/03/2024 14:05',
      '2024-03-09',
      '',
      'yesterday',
      '2024-03-09 14:05:10Z',
      '2024-03-09 14:05:10.',
    ]) {
      expect(parseLocalTimestamp(bad, 'UTC'), bad).toBeNull();
    }
  });
});

describe('parseIsoTimestamp', () => {
  it('honours Z and numeric offsets; no offset means UTC', () => {
    const cases: [string, string][] = [
      ['2024-03-09T19:05:10Z', '2024-03-09T19:05:10.000Z'],
      ['2024-03-09T19:05:10z', '2024-03-09T19:05:10.000Z'],
      ['2024-03-09T20:10:00+01:00', '2024-03-09T19:10:00.000Z'],
      ['2024-03-09T20:10:00+0100', '2024-03-09T19:10:00.000Z'],
      ['2024-03-09T14:10:00-05', '2024-03-09T19:10:00.000Z'],
      ['2024-03-09T19:30:00.250-05:00', '2024-03-10T00:30:00.250Z'],
      ['2024-03-09 19:20:00', '2024-03-09T19:20:00.000Z'],
      ['2024-03-09 19:20:00 +05:30', '2024-03-09T13:50:00.000Z'],
      ['2024-03-09T19:20Z', '2024-03-09T19:20:00.000Z'],
    ];
    for (const [input, expected] of cases) expect(iso(parseIsoTimestamp(input)), input).toBe(expected);
  });

  it('rejects what is not ISO-8601', () => {
    for (const bad of [
      '2024-03-09T19:05:10+25:00',
      '2024-03-09T19:05:10 PST',
      '1710011110',
      'March 9, 2024',
      '2024-03-09T19:05:10Zjunk',
    ]) {
      expect(parseIsoTimestamp(bad), bad).toBeNull();
    }
  });
});

describe('zones', () => {
  it('knows valid IANA names only', () => {
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('reports offsets and converts wall clocks', () => {
    expect(zoneOffsetAt('America/New_York', Date.UTC(2024, 6, 1))).toBe(-4 * 3_600_000);
    expect(zoneOffsetAt('America/New_York', Date.UTC(2024, 0, 1))).toBe(-5 * 3_600_000);
    expect(wallClockToUtc(Date.UTC(2024, 0, 1, 12), 'Asia/Tokyo')).toBe(Date.UTC(2024, 0, 1, 3));
  });
});
