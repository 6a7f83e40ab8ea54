import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../common/clock.js';
import type { DetectionRule } from '../rule-model.js';
import { type LiveAttempt, LiveCounters } from './live-counters.js';
import { type LiveCall, LiveRules } from './live-rules.js';

const MIN = 60_000;
const HARB = {
  customerId: 'c-harb',
  accountCode: 'HARB009',
  timeZone: 'America/New_York',
  allowCountries: [],
  allowPrefixes: [],
};

function rule<K extends DetectionRule['kind']>(
  kind: K,
  params: DetectionRule<K>['params'],
  mode: 'live' | 'shadow' = 'live',
) {
  return {
    id: `r-${kind}`,
    name: `${kind} rule`,
    kind,
    scope: 'global',
    customerId: null,
    mode,
    enabled: true,
    params,
    createdAt: new Date(0),
    updatedAt: new Date(0),
  } as DetectionRule<K>;
}

const caribbeanSeats = rule('seat_threshold', {
  destinations: 'caribbean',
  window: { minutes: 60 },
  seat: { warn: 8, block: 15 },
  group: { warn: 50, block: 100 },
});

describe(LiveCounters.name, () => {
  const attempt = (clock: ManualClock, callee = '+18765550100'): LiveAttempt => ({
    atMs: clock.now().getTime(),
    caller: 'harb-142',
    callee,
    sourceIp: '203.0.113.10',
    country: 'JM',
  });

  it('slides: attempts older than the window no longer count', () => {
    const clock = new ManualClock('2026-03-02T10:00:00Z');
    const sut = new LiveCounters(clock);
    for (let i = 0; i < 5; i++) {
      sut.count('k', 10 * MIN, attempt(clock));
      clock.advance(MIN);
    }
    // Attempts at 0..4 min; at 12 min the window (2, 12] holds those at 3 and 4, and this one.
    clock.set('2026-03-02T10:12:00Z');
    expect(sut.count('k', 10 * MIN, attempt(clock)).attempts).toHaveLength(3);
    clock.advance(11 * MIN);
    expect(sut.peek('k')).toBeNull();
  });

  it('counts distinct members in the window, a repeated number once', () => {
    const clock = new ManualClock();
    const sut = new LiveCounters(clock);
    for (const n of ['+1', '+2', '+1', '+3']) sut.distinct('d', 5 * MIN, n, attempt(clock, n));
    expect(sut.peek('d')!.members!.size).toBe(3);
    clock.advance(6 * MIN);
    expect(sut.distinct('d', 5 * MIN, '+4', attempt(clock, '+4')).members!.size).toBe(1);
  });

  it('keeps memory bounded: keys beyond maxKeys evict the least recently counted, expired keys go first', () => {
    const clock = new ManualClock();
    const sut = new LiveCounters(clock, { maxKeys: 1_000, maxPerKey: 5 });
    for (let i = 0; i < 5_000; i++) sut.count(`seat:${i}`, 60 * MIN, attempt(clock));
    expect(sut.size).toBe(1_000);
    expect(sut.evicted).toBe(4_000);
    // The most recent keys survive, the oldest are gone.
    expect(sut.peek('seat:4999')).not.toBeNull();
    expect(sut.peek('seat:0')).toBeNull();
    // One key never keeps more than maxPerKey attempts.
    for (let i = 0; i < 50; i++) sut.count('busy', 60 * MIN, attempt(clock));
    expect(sut.peek('busy')!.attempts).toHaveLength(5);
    // Expired windows are dropped as other keys are counted, without counting as evictions.
    const evicted = sut.evicted;
    clock.advance(61 * MIN);
    for (let i = 0; i < 1_000; i++) sut.count(`ip:${i}`, MIN, attempt(clock));
    expect(sut.evicted).toBe(evicted);
    expect(sut.size).toBeLessThanOrEqual(1_000);
    clock.advance(2 * MIN);
    expect(sut.sweep()).toBeGreaterThan(0);
    expect(sut.size).toBe(0);
  });
});

describe(LiveRules.name, () => {
  const setup = () => {
    const clock = new ManualClock('2026-03-02T14:00:00Z');
    const counters = new LiveCounters(clock);
    const sut = new LiveRules(counters);
    const call = (over: Partial<LiveCall> = {}, callee = '+18765550100'): LiveCall => ({
      attempt: { atMs: clock.now().getTime(), caller: 'harb-142', callee, sourceIp: '203.0.113.10', country: 'JM' },
      customer: HARB,
      seat: '6175550142@harborview',
      group: 'HARB009-BOSTON',
      ip: '203.0.113.10',
      number: callee,
      country: 'JM',
      caribbean: true,
      international: false,
      rate: null,
      ...over,
    });
    return { clock, counters, sut, call };
  };

  it('warns at the 8th Caribbean attempt; 15 pass, the 16th crosses the block: denied, the seat intercepted', () => {
    const { clock, sut, call } = setup();
    const verdicts = Array.from({ length: 17 }, () => {
      clock.advance(MIN);
      return sut.judge([caribbeanSeats], call());
    });
    const raised = verdicts.map((v) => v.events.map((e) => `${e.kind}/${e.severity}`).join());
    expect(raised[6]).toBe('');
    expect(raised[7]).toBe('seat_threshold/warning');
    expect(verdicts.slice(0, 15).every((v) => v.denied.length === 0)).toBe(true);
    expect(raised.slice(8, 15).every((r) => r === '')).toBe(true);
    expect(raised[15]).toBe('seat_threshold/block');
    expect(verdicts[15].denied).toEqual([expect.stringContaining('16 call attempts to the Caribbean (JM)')]);
    expect(verdicts[15].restrictions).toEqual([{ kind: 'seat', value: '6175550142@harborview' }]);
    const block = verdicts[15].events[0];
    expect(block).toMatchObject({
      dedupeKey: `seat_threshold:${caribbeanSeats.id}:seat:6175550142@harborview`,
      restrictions: [{ kind: 'seat', value: '6175550142@harborview' }],
      evidence: { from: '2026-03-02T14:01:00.000Z', to: '2026-03-02T14:16:00.000Z' },
    });
    expect((block.details!.attempts as unknown[])[0]).toEqual({
      at: '2026-03-02T14:01:00.000Z',
      caller: 'harb-142',
      callee: '+18765550100',
      sourceIp: '203.0.113.10',
    });
    // The 17th raises nothing new: the index's seat restriction answers it from now on.
    expect(verdicts[16]).toEqual({ denied: [], restrictions: [], events: [] });
  });

  it('counts only what the rule names: US and international calls never reach the Caribbean threshold', () => {
    const { clock, sut, call } = setup();
    for (let i = 0; i < 30; i++) {
      clock.advance(MIN);
      const us = sut.judge([caribbeanSeats], call({ caribbean: false, country: 'US' }, '+16175550199'));
      expect(us.events).toEqual([]);
    }
  });

  it('a new episode after the window slid below the warning raises the warning again', () => {
    const { clock, sut, call } = setup();
    const warnings = () => {
      let n = 0;
      for (let i = 0; i < 8; i++) {
        clock.advance(MIN);
        n += sut.judge([caribbeanSeats], call()).events.length;
      }
      return n;
    };
    expect(warnings()).toBe(1);
    clock.advance(2 * 60 * MIN);
    expect(warnings()).toBe(1);
  });

  it('a shadow rule raises shadow events and never denies', () => {
    const { clock, sut, call } = setup();
    const shadow = { ...caribbeanSeats, mode: 'shadow' as const };
    const verdicts = Array.from({ length: 16 }, () => {
      clock.advance(MIN);
      return sut.judge([shadow], call());
    });
    expect(verdicts.every((v) => v.denied.length === 0 && v.restrictions.length === 0)).toBe(true);
    expect(verdicts[15].events[0]).toMatchObject({ severity: 'block', shadow: true });
  });

  it('threshold, distinct-destination and max-rate rules, on attempts', () => {
    const { clock, sut, call } = setup();
    const toLatvia = rule('threshold', {
      window: { minutes: 10 },
      filter: { kind: 'prefix', prefixes: ['+371'] },
      per: 'ip',
      warn: 2,
      block: 3,
      restriction: 'ip',
    });
    const spread = rule('distinct_destinations', {
      window: { minutes: 10 },
      per: 'seat',
      block: 3,
      restriction: 'seat',
    });
    const cap = rule('max_rate', { maxPerMinute: 0.5, action: 'block' });
    const lv = (n: string) => call({ caribbean: false, international: true, country: 'LV', number: n }, n);
    clock.advance(MIN);
    expect(sut.judge([toLatvia, spread], lv('+37120000001')).events).toEqual([]);
    expect(sut.judge([toLatvia, spread], lv('+37120000001')).events.map((e) => e.severity)).toEqual(['warning']);
    expect(sut.judge([toLatvia, spread], lv('+37120000002')).events).toEqual([]);
    const fourth = sut.judge([toLatvia, spread], lv('+37120000003'));
    expect(fourth.restrictions).toEqual([{ kind: 'ip', value: '203.0.113.10' }]);
    expect(fourth.events.map((e) => e.dedupeKey)).toEqual([`threshold:${toLatvia.id}:ip:203.0.113.10`]);
    // The fourth distinct number crosses the spread rule's 3.
    const spreadCrossed = sut.judge([spread], lv('+37120000004'));
    expect(spreadCrossed.restrictions).toEqual([{ kind: 'seat', value: '6175550142@harborview' }]);

    const premium = call(
      {
        country: 'SH',
        caribbean: false,
        international: true,
        number: '+2903000',
        rate: { prefix: '+290', description: 'St Helena', ratePerMinute: 2.1 },
      },
      '+2903000',
    );
    const priced = sut.judge([cap], premium);
    expect(priced.restrictions).toEqual([{ kind: 'destination', value: '+290' }]);
    expect(priced.events[0]).toMatchObject({ kind: 'max_rate', dedupeKey: 'max_rate:2026-03-02', subject: '+290' });
    // Allow-listed countries always pass.
    const allowed = { ...premium, customer: { ...HARB, allowCountries: ['SH'] } };
    expect(new LiveRules(new LiveCounters(clock)).judge([cap], allowed).events).toEqual([]);
  });
});
