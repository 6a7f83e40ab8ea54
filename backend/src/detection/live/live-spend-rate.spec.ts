import { describe, expect, it } from 'vitest';
import { windowCall } from '../../../test/window-call.js';
import { ManualClock } from '../../common/clock.js';
import { callRateEvents } from '../call-rate.js';
import type { DetectionRule } from '../rule-model.js';
import { LiveCounters } from './live-counters.js';
import { type LiveCall, LiveRules, type LiveVerdict } from './live-rules.js';

const SEAT = '6175550142@harborview.voip.example.net';
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
  const r = { id: `r-${kind}`, name: `${kind} rule`, kind, scope: 'global', customerId: null, mode, enabled: true };
  return { ...r, params, createdAt: new Date(0), updatedAt: new Date(0) } as DetectionRule<K>;
}

function setup(at: string) {
  const clock = new ManualClock(at);
  const sut = new LiveRules(new LiveCounters(clock));
  const call = (over: Partial<LiveCall> = {}): LiveCall => ({
    attempt: {
      atMs: clock.now().getTime(),
      caller: 'harb-142',
      callee: '+88213000001',
      sourceIp: '203.0.113.10',
      country: null,
    },
    customer: HARB,
    seat: SEAT,
    group: 'HARB009-BOSTON',
    ip: '203.0.113.10',
    number: '+88213000001',
    country: null,
    caribbean: false,
    international: true,
    rate: { prefix: '+882', description: 'International Networks', ratePerMinute: 2 },
    ...over,
  });
  return { clock, sut, call };
}

const raised = (v: LiveVerdict) => v.events.map((e) => e.severity).join() || '-';

describe('LiveRules: daily spend estimate', () => {
  // 2.00/min × 5 assumed minutes: each priced attempt adds 10.00.
  const spend = rule('spend_limit', { warn: 20, block: 50, restriction: 'account', assumedCallMinutes: 5 });

  it('warns where the estimate reaches warn, denies the attempt that takes it to block and restricts the account', () => {
    const { clock, sut, call } = setup('2026-03-02T15:00:00Z');
    // 5.00 is already in today's stored CDRs, the newest of them started at 14:50Z.
    sut.spend.stored(HARB.customerId, HARB.timeZone, {
      day: '2026-03-02',
      cost: 5,
      newestMs: Date.parse('2026-03-02T14:50:00Z'),
      warn: 20,
      block: 50,
    });
    const verdicts = Array.from({ length: 6 }, () => {
      clock.advance(60_000);
      return sut.judge([spend], call());
    });
    // 15, 25 (warning), 35, 45, 55 (block: denied), then nothing new.
    expect(verdicts.map(raised)).toEqual(['-', 'warning', '-', '-', 'block', '-']);
    expect(verdicts.slice(0, 4).every((v) => v.denied.length === 0)).toBe(true);
    expect(verdicts[4].restrictions).toEqual([{ kind: 'account', value: 'HARB009' }]);
    expect(verdicts[5].denied).toEqual([]);
    const block = verdicts[4].events[0];
    expect(block).toMatchObject({
      kind: 'spend_limit',
      dedupeKey: 'spend_limit:2026-03-02',
      restrictions: [{ kind: 'account', value: 'HARB009' }],
      // The day's evidence starts at the customer's midnight, as the CDR detector's does.
      evidence: { from: '2026-03-02T05:00:00.000Z', to: '2026-03-02T15:05:00.000Z' },
      details: { estimate: true, spent: 55, storedSpend: 5, estimatedSpend: 50, estimatedCalls: 5 },
    });
    expect(block.summary).toBe(
      'Estimated spend on 2026-03-02 (America/New_York) reached 55.00 at 10:05 for HARB009, seen at call set-up: ' +
        "5.00 from today's stored CDRs plus an estimated 50.00 for 5 calls not yet billed (rate-deck price × an " +
        "assumed 5 min each); above the daily limit of 50.00; rule 'spend_limit rule' warns at 20.00 and blocks at 50.00 a day",
    );
    expect(verdicts[4].denied).toEqual([expect.stringContaining("real-time rule 'spend_limit rule': Estimated spend")]);
  });

  it('the CDRs that arrive replace the estimates of their calls; unpriced attempts add nothing', () => {
    const { clock, sut, call } = setup('2026-03-02T15:00:00Z');
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(60_000);
      times.push(clock.now().getTime());
      expect(raised(sut.judge([spend], call()))).toBe(i === 1 ? 'warning' : '-');
    }
    for (let i = 0; i < 10; i++) expect(raised(sut.judge([spend], call({ rate: null })))).toBe('-');
    // The first two calls were billed 1.00 each: 2.00 stored, one 10.00 estimate left; then 12.00 + 10 + 10 < 50.
    sut.spend.stored(HARB.customerId, HARB.timeZone, {
      day: '2026-03-02',
      cost: 2,
      newestMs: times[1],
      warn: 20,
      block: 50,
    });
    clock.advance(60_000);
    expect(raised(sut.judge([spend], call()))).toBe('-');
    clock.advance(60_000);
    expect(raised(sut.judge([spend], call()))).toBe('-');
    // 32 + 10 + 10 = 52 on the sixth priced attempt from here.
    clock.advance(60_000);
    expect(raised(sut.judge([spend], call()))).toBe('-');
    clock.advance(60_000);
    expect(raised(sut.judge([spend], call()))).toBe('block');
  });

  it("rolls over at the customer's midnight, DST-correct: 2026-03-08 in New York has 23 hours", () => {
    // 2026-03-08 starts at 05:00Z (EST) and ends at 04:00Z on the 9th (EDT).
    const { clock, sut, call } = setup('2026-03-09T00:30:00Z');
    expect(raised(sut.judge([spend], call()))).toBe('-');
    clock.set('2026-03-09T03:59:00Z');
    const late = sut.judge([spend], call());
    expect(raised(late)).toBe('warning');
    expect(late.events[0].dedupeKey).toBe('spend_limit:2026-03-08');
    // 00:00 EDT: a new day, starting at zero (a UTC or 24-hour day would still be on the 8th).
    clock.set('2026-03-09T04:00:00Z');
    expect(raised(sut.judge([spend], call()))).toBe('-');
    clock.advance(60_000);
    const next = sut.judge([spend], call());
    expect(raised(next)).toBe('warning');
    expect(next.events[0]).toMatchObject({
      dedupeKey: 'spend_limit:2026-03-09',
      evidence: { from: '2026-03-09T04:00:00.000Z' },
    });
  });

  it('a stored cost already past the block raised it from the CDRs: no live event again; shadow never denies', () => {
    const { clock, sut, call } = setup('2026-03-02T15:00:00Z');
    sut.spend.stored(HARB.customerId, HARB.timeZone, {
      day: '2026-03-02',
      cost: 60,
      newestMs: clock.now().getTime() - 1000,
      warn: 20,
      block: 50,
    });
    expect(sut.judge([spend], call())).toEqual({ denied: [], restrictions: [], events: [] });

    const shadow = setup('2026-03-02T15:00:00Z');
    const shadowRule = { ...spend, mode: 'shadow' as const };
    const verdicts = Array.from({ length: 5 }, () => shadow.sut.judge([shadowRule], shadow.call()));
    expect(verdicts.every((v) => v.denied.length === 0)).toBe(true);
    expect(verdicts[4].events[0]).toMatchObject({ severity: 'block', shadow: true });
  });
});

describe('LiveRules: calls per second', () => {
  // More than 1/s over 5 s (6 attempts in the window) warns, more than 2/s (11) blocks and intercepts the seat.
  const burst = rule('call_rate', { warn: 1, block: 2, windowSeconds: 5, per: 'seat', restriction: 'seat' });

  it('a burst every 400 ms: the 6th attempt warns, the 11th is denied and the seat intercepted', () => {
    const { clock, sut, call } = setup('2026-03-02T15:00:00Z');
    const verdicts = Array.from({ length: 12 }, () => {
      clock.advance(400);
      return sut.judge([burst], call());
    });
    expect(verdicts.map(raised)).toEqual(['-', '-', '-', '-', '-', 'warning', '-', '-', '-', '-', 'block', '-']);
    expect(verdicts.slice(0, 10).every((v) => v.denied.length === 0)).toBe(true);
    expect(verdicts[10].restrictions).toEqual([{ kind: 'seat', value: SEAT }]);
    expect(verdicts[10].events[0]).toMatchObject({
      kind: 'call_rate',
      dedupeKey: `call_rate:${burst.id}:seat:${SEAT}`,
      summary:
        `11 call attempts within 5 s from seat ${SEAT} (HARB009), 2.2/s, seen at call set-up; ` +
        "rule 'call_rate rule' warns above 1/s and blocks above 2/s over 5 s",
    });
  });

  it('the window slides: a steady 1 attempt a second is never above 1/s, another seat counts on its own', () => {
    const { clock, sut, call } = setup('2026-03-02T15:00:00Z');
    for (let i = 0; i < 60; i++) {
      clock.advance(1000);
      expect(raised(sut.judge([burst], call()))).toBe('-');
      expect(raised(sut.judge([burst], call({ seat: 'other@harborview' })))).toBe('-');
    }
    // 300 ms after the last: the window (55.3 s, 60.3 s] holds 6 attempts, above 1/s.
    const fast = Array.from({ length: 3 }, () => {
      clock.advance(300);
      return raised(sut.judge([burst], call()));
    });
    expect(fast).toEqual(['warning', '-', '-']);
  });

  it('the CDR detector finds the same crossings in the stored calls of the same burst', () => {
    const starts = Array.from({ length: 12 }, (_, i) => (i + 1) * 400);
    const calls = starts.map((ms) => windowCall(ms / 60_000, { seat: SEAT }));
    const events = callRateEvents(burst, { customerId: HARB.customerId, accountCode: 'HARB009' }, calls, () => true);
    expect(events.map((e) => [e.severity, e.occurredAt])).toEqual([
      ['warning', new Date(calls[5].startMs).toISOString()],
      ['block', new Date(calls[10].startMs).toISOString()],
    ]);
    expect(events[1]).toMatchObject({
      dedupeKey: `call_rate:${burst.id}:seat:${SEAT}`,
      restrictions: [{ kind: 'seat', value: SEAT }],
    });
    // One a second: the live counters never warn, and neither do the stored calls (half-open windows).
    const steady = Array.from({ length: 20 }, (_, i) => windowCall((i * 1000) / 60_000, { seat: SEAT }));
    expect(callRateEvents(burst, { customerId: HARB.customerId, accountCode: 'HARB009' }, steady, () => true)).toEqual(
      [],
    );
  });
});
