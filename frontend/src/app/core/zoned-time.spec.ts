import { describe, expect, it } from 'vitest';
import { formatTime } from './zoned-time';

describe('formatTime', () => {
  it('says the zone of every time', () => {
    expect(formatTime('2025-05-14T03:12:00Z', { zone: 'UTC' })).toBe('2025-05-14 03:12 UTC');
    expect(formatTime('2025-05-14T03:12:00Z', { zone: 'Europe/Berlin' })).toBe('2025-05-14 05:12 GMT+2');
  });

  it("adds the customer's wall clock when their zone differs, with the day when it is another day there", () => {
    expect(formatTime('2025-05-14T03:12:00Z', { customerZone: 'America/New_York', zone: 'UTC' })).toBe(
      '2025-05-14 03:12 UTC · 2025-05-13 23:12 America/New_York (customer)',
    );
    expect(formatTime('2025-05-14T15:12:00Z', { customerZone: 'America/New_York', zone: 'UTC' })).toBe(
      '2025-05-14 15:12 UTC · 11:12 America/New_York (customer)',
    );
    expect(formatTime('2025-05-14T15:12:00Z', { customerZone: 'UTC', zone: 'UTC' })).toBe('2025-05-14 15:12 UTC');
  });

  it('writes seconds when asked (call times)', () => {
    expect(formatTime('2025-05-14T03:12:09Z', { zone: 'UTC', seconds: true })).toBe('2025-05-14 03:12:09 UTC');
  });

  it('writes a dash for no time and ignores a zone the browser does not know', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime('not a date')).toBe('—');
    expect(formatTime('2025-05-14T03:12:00Z', { customerZone: 'Mars/Olympus', zone: 'UTC' })).toBe(
      '2025-05-14 03:12 UTC',
    );
  });
});
