import { describe, expect, it } from 'vitest';
import { ZoneCheck } from './zone-check.js';

const H = 3_600_000;
const T = Date.UTC(2025, 4, 14, 9, 0, 0);

describe(ZoneCheck.name, () => {
  it('names the offset when most start times sit whole hours off the source clock', () => {
    const sut = new ZoneCheck();
    for (let i = 0; i < 5; i++) sut.observe(T + i * 60_000 + 7 * H, T + i * 60_000 - 1000); // channel created 1 s early
    sut.observe(T, T);
    expect(sut.warning('UTC')).toBe(
      "the start times are +7 h off the Asterisk uniqueid (the call's UTC epoch) in 5 of 6 rows: the file looks written in a time zone 7 h ahead of UTC, the zone it was read in; re-import it with ?timeZone= set to the switch's zone",
    );
  });

  it('reads behind and half-hour zones', () => {
    const behind = new ZoneCheck();
    behind.observe(T - 5 * H, T);
    expect(behind.warning('Europe/Madrid')).toContain('−5 h off');
    expect(behind.warning('Europe/Madrid')).toContain('5 h behind Europe/Madrid');
    const india = new ZoneCheck();
    india.observe(T + 5.5 * H, T);
    expect(india.warning('UTC')).toContain('+5 h 30 min off');
  });

  it('stays quiet when the times agree, disagree by minutes, or only a minority is off', () => {
    const agree = new ZoneCheck();
    agree.observe(T + 30_000, T);
    expect(agree.warning('UTC')).toBeNull();
    const minutes = new ZoneCheck();
    minutes.observe(T + 40 * 60_000, T);
    expect(minutes.warning('UTC')).toBeNull();
    const minority = new ZoneCheck();
    minority.observe(T + 2 * H, T);
    for (let i = 0; i < 3; i++) minority.observe(T, T);
    expect(minority.warning('UTC')).toBeNull();
    expect(new ZoneCheck().warning('UTC')).toBeNull();
  });
});
