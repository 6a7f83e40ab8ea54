import { describe, expect, it } from 'vitest';
import { localDayOf, localTimeOf } from './local-day.js';

describe('a local day', () => {
  it('starts at local midnight and ends at the next one', () => {
    const d = localDayOf('America/Chicago', Date.parse('2026-07-02T04:30:00Z')); // 23:30 on the 1st in Chicago
    expect(d).toEqual({
      date: '2026-07-01',
      startMs: Date.parse('2026-07-01T05:00:00Z'),
      endMs: Date.parse('2026-07-02T05:00:00Z'),
    });
  });

  it('is 23 hours long on the spring-forward day and 25 on the fall-back day', () => {
    const spring = localDayOf('America/Chicago', Date.parse('2026-03-08T12:00:00Z'));
    expect(spring.date).toBe('2026-03-08');
    expect((spring.endMs - spring.startMs) / 3_600_000).toBe(23);
    const fall = localDayOf('America/Chicago', Date.parse('2026-11-01T12:00:00Z'));
    expect((fall.endMs - fall.startMs) / 3_600_000).toBe(25);
  });

  it('reads the wall clock of half-hour zones', () => {
    expect(localTimeOf('Asia/Kolkata', Date.parse('2026-07-01T18:29:00Z'))).toBe('23:59');
    expect(localDayOf('Asia/Kolkata', Date.parse('2026-07-01T18:30:00Z')).date).toBe('2026-07-02');
  });
});
