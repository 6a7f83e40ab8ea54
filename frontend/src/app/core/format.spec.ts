import {
  addDays,
  dayString,
  formatAge,
  formatCost,
  formatDuration,
  formatMinutes,
  parseDay,
  today,
  formatCallDuration,
} from './format';

describe('formatCallDuration', () => {
  it('shows minutes and seconds, and hours when the call ran that long', () => {
    expect(formatCallDuration(125)).toBe('2:05');
    expect(formatCallDuration(0)).toBe('0:00');
    expect(formatCallDuration(3_729)).toBe('1:02:09');
    expect(formatCallDuration(null)).toBe('—');
  });
});

describe('format', () => {
  it('says durations in their two largest units', () => {
    expect(formatDuration(40)).toBe('40 s');
    expect(formatDuration(12 * 60 + 5)).toBe('12 min');
    expect(formatDuration(2 * 3600 + 5 * 60)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86_400 + 4 * 3600 + 60)).toBe('3 d 4 h');
    expect(formatDuration(null)).toBe('—');
  });

  it('measures the age of a ticket from its opening time', () => {
    const now = Date.parse('2026-03-01T12:00:00Z');
    expect(formatAge('2026-03-01T10:30:00Z', now)).toBe('1 h 30 min');
  });

  it('writes minutes with one decimal and money in dollars', () => {
    expect(formatMinutes(2.25)).toBe('2.3');
    expect(formatCost(1234.5)).toBe('$1,234.50');
  });

  it('turns picker dates into days and back', () => {
    expect(dayString(new Date(2026, 0, 5))).toBe('2026-01-05');
    expect(parseDay('2026-01-05')?.getDate()).toBe(5);
    expect(parseDay('5 Jan')).toBeNull();
    expect(dayString(addDays(new Date(2026, 2, 1), -1))).toBe('2026-02-28');
  });

  it('knows which day it is in a customer time zone', () => {
    const instant = new Date('2026-03-01T03:00:00Z');
    expect(dayString(today('America/New_York', instant))).toBe('2026-02-28');
    expect(dayString(today('Europe/Berlin', instant))).toBe('2026-03-01');
  });
});
