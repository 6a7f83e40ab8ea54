import { describe, expect, it } from 'vitest';
import { ackTimeoutMinutes, inBusinessHours, onCallAt, type OnCallSetup, pageTarget, setupProblems } from './rota.js';

const setup = (over: Partial<OnCallSetup> = {}): OnCallSetup => ({
  timezone: 'Europe/Berlin',
  rotation: { engineers: ['ana', 'ben', 'cho'], handoffDay: 'monday', handoffTime: '09:00', startDate: '2026-03-16' },
  overrides: [],
  businessHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' },
  policy: { levels: [{ ackTimeoutMinutes: 15 }, { ackTimeoutMinutes: 15 }, { ackTimeoutMinutes: 30 }], repeat: false },
  ...over,
});
const at = (iso: string) => Date.parse(iso);

describe('onCallAt', () => {
  it('hands off at 09:00 local on Monday, before and after Berlin springs forward (29 March 2026)', () => {
    const s = setup();
    // Week of 16 March is ana's, 23 March ben's, 30 March cho's.
    expect(onCallAt(s, at('2026-03-16T08:00:00Z'))).toMatchObject({ userId: 'ana', nextUserId: 'ben' });
    // 09:00 CET is 08:00 UTC.
    expect(onCallAt(s, at('2026-03-23T07:59:59Z'))!.userId).toBe('ana');
    const ben = onCallAt(s, at('2026-03-23T08:00:00Z'))!;
    expect(ben.userId).toBe('ben');
    // The next hand-off is 09:00 CEST, which is 07:00 UTC: the week is an hour shorter.
    expect(new Date(ben.untilMs).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(ben.nextUserId).toBe('cho');
    expect(onCallAt(s, at('2026-03-30T06:59:59Z'))!.userId).toBe('ben');
    expect(onCallAt(s, at('2026-03-30T07:00:00Z'))!.userId).toBe('cho');
    // The rotation wraps around.
    expect(onCallAt(s, at('2026-04-06T07:00:00Z'))!.userId).toBe('ana');
  });

  it('keeps 09:00 local when New York falls back (1 November 2026)', () => {
    const s = setup({
      timezone: 'America/New_York',
      rotation: { engineers: ['ana', 'ben'], handoffDay: 'monday', handoffTime: '09:00', startDate: '2026-10-26' },
    });
    // 09:00 EDT = 13:00 UTC on 26 October; 09:00 EST = 14:00 UTC on 2 November.
    expect(new Date(onCallAt(s, at('2026-10-26T13:00:00Z'))!.untilMs).toISOString()).toBe('2026-11-02T14:00:00.000Z');
    expect(onCallAt(s, at('2026-11-02T13:30:00Z'))!.userId).toBe('ana');
    expect(onCallAt(s, at('2026-11-02T14:00:00Z'))!.userId).toBe('ben');
  });

  it('an override wins for its span, and the next change is where it ends', () => {
    const s = setup({ overrides: [{ userId: 'dee', from: '2026-03-24T18:00:00Z', to: '2026-03-26T06:00:00Z' }] });
    const before = onCallAt(s, at('2026-03-24T12:00:00Z'))!;
    expect(before).toMatchObject({ userId: 'ben', nextUserId: 'dee', override: false });
    expect(new Date(before.untilMs).toISOString()).toBe('2026-03-24T18:00:00.000Z');
    const during = onCallAt(s, at('2026-03-25T03:00:00Z'))!;
    expect(during).toMatchObject({ userId: 'dee', nextUserId: 'ben', override: true });
    expect(new Date(during.untilMs).toISOString()).toBe('2026-03-26T06:00:00.000Z');
    expect(onCallAt(s, at('2026-03-26T06:00:00Z'))!.userId).toBe('ben');
  });

  it('nobody on call without engineers or overrides', () => {
    expect(onCallAt(setup({ rotation: { ...setup().rotation, engineers: [] } }), at('2026-03-24T12:00:00Z'))).toBe(
      null,
    );
  });
});

describe('pageTarget and time-outs', () => {
  it('level 1 the engineer on call, level 2 the next in the rotation, level 3 everyone', () => {
    const s = setup();
    const t = at('2026-03-24T12:00:00Z');
    expect(pageTarget(s, 1, t)).toEqual({ kind: 'engineer', userId: 'ben' });
    expect(pageTarget(s, 2, t)).toEqual({ kind: 'engineer', userId: 'cho' });
    expect(pageTarget(s, 3, t)).toEqual({ kind: 'everyone' });
    expect(pageTarget(s, 4, t)).toBe(null);
    expect(ackTimeoutMinutes(s.policy, 1)).toBe(15);
    expect(ackTimeoutMinutes(s.policy, 2)).toBe(15);
    // The last level without repeat: nothing follows.
    expect(ackTimeoutMinutes(s.policy, 3)).toBe(null);
  });

  it('with repeat, the levels start again', () => {
    const s = setup({ policy: { levels: [{ ackTimeoutMinutes: 5 }, { ackTimeoutMinutes: 10 }], repeat: true } });
    const t = at('2026-03-24T12:00:00Z');
    expect(ackTimeoutMinutes(s.policy, 2)).toBe(10);
    expect(pageTarget(s, 3, t)).toEqual({ kind: 'engineer', userId: 'ben' });
    expect(ackTimeoutMinutes(s.policy, 3)).toBe(5);
  });

  it('level 2 skips an override engineer who is already the next in the rotation', () => {
    const s = setup({ overrides: [{ userId: 'cho', from: '2026-03-24T00:00:00Z', to: '2026-03-25T00:00:00Z' }] });
    const t = at('2026-03-24T12:00:00Z');
    expect(pageTarget(s, 1, t)).toEqual({ kind: 'engineer', userId: 'cho' });
    expect(pageTarget(s, 2, t)).toEqual({ kind: 'engineer', userId: 'ana' });
  });
});

describe('inBusinessHours', () => {
  it('reads days and hours on the local clock', () => {
    const s = setup();
    // Tuesday 24 March, 08:30 CET = 07:30 UTC.
    expect(inBusinessHours(s, at('2026-03-24T07:30:00Z'))).toBe(true);
    expect(inBusinessHours(s, at('2026-03-24T06:59:00Z'))).toBe(false);
    // 18:00 local is closed.
    expect(inBusinessHours(s, at('2026-03-24T17:00:00Z'))).toBe(false);
    // Saturday.
    expect(inBusinessHours(s, at('2026-03-28T10:00:00Z'))).toBe(false);
  });
});

describe('setupProblems', () => {
  it('names overlapping overrides and an empty business day', () => {
    const s = setup({
      overrides: [
        { userId: 'dee', from: '2026-03-24T18:00:00Z', to: '2026-03-26T06:00:00Z' },
        { userId: 'ana', from: '2026-03-25T18:00:00Z', to: '2026-03-27T06:00:00Z' },
      ],
      businessHours: { days: [1], from: '18:00', to: '08:00' },
    });
    const problems = setupProblems(s);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('overrides overlap');
    expect(problems[1]).toContain('businessHours.from');
    expect(setupProblems(setup())).toEqual([]);
  });
});
