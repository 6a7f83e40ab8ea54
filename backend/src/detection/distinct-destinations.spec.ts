import { describe, expect, it } from 'vitest';
import { MIN, T0, windowCall } from '../../test/window-call.js';
import { distinctDestinationsEvents } from './distinct-destinations.js';
import type { DetectionRule, DistinctDestinationsParams } from './rule-model.js';
import { distinctCrossings } from './threshold.js';

const FRONT_DESK = '6175550142@harborview.voip.example.net';
const HARB = { customerId: 'harb-id', accountCode: 'HARB009' };

/** A call to the `k`th Latvian number. */
const to = (atMin: number, k: number) =>
  windowCall(atMin, {
    number: `+3712000${String(k).padStart(4, '0')}`,
    dialled: `0113712000${String(k).padStart(4, '0')}`,
  });

function rule(p: Partial<DistinctDestinationsParams> = {}): DetectionRule<'distinct_destinations'> {
  return {
    id: 'rule-1',
    name: 'Spread',
    kind: 'distinct_destinations',
    scope: 'global',
    customerId: null,
    mode: 'live',
    enabled: true,
    params: { window: { minutes: 10 }, warn: 3, block: 5, per: 'seat', restriction: 'seat', ...p },
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
  };
}

const all = () => true;
const at = (list: { occurredAt: string }[]) => list.map((e) => (Date.parse(e.occurredAt) - T0) / MIN);

describe(distinctDestinationsEvents.name, () => {
  it('counts distinct numbers, not calls: repeats to one number never cross', () => {
    const calls = Array.from({ length: 30 }, (_, i) => to(i * 0.1, 1));
    expect(distinctDestinationsEvents(rule(), HARB, calls, all)).toEqual([]);
  });

  it('warns at the third distinct number and blocks at the fifth, repeats in between, on one dedupe key', () => {
    // Numbers 1, 1, 2, 2, 3 (warn), 1, 4, 5 (block), 6.
    const ks = [1, 1, 2, 2, 3, 1, 4, 5, 6];
    const calls = ks.map((k, i) => to(i, k));
    const sut = distinctDestinationsEvents(rule(), HARB, calls, all);
    expect(sut.map((e) => e.severity)).toEqual(['warning', 'block']);
    expect(at(sut)).toEqual([4, 7]);
    expect(new Set(sut.map((e) => e.dedupeKey))).toEqual(new Set([`distinct_destinations:rule-1:seat:${FRONT_DESK}`]));
    expect(sut[1].restrictions).toEqual([{ kind: 'seat', value: FRONT_DESK }]);
    expect(sut[1].summary).toBe(
      `5 distinct numbers in 7 min from seat ${FRONT_DESK} (HARB009), 8 calls to LV; ` +
        "rule 'Spread' warns at 3 and blocks at 5 distinct numbers per 10 min",
    );
    expect(sut[1].details).toMatchObject({ distinctNumbers: 5, calls: 8, per: 'seat' });
  });

  it('forgets numbers that left the window: a repeat after the window is new again', () => {
    const p = rule({ warn: undefined, block: 3 });
    // 1 at 0, 2 at 5, 1 at 11 (the first 1 left the window at 10): {2, 1} — still 2.
    expect(distinctDestinationsEvents(p, HARB, [to(0, 1), to(5, 2), to(11, 1)], all)).toEqual([]);
    // A third number exactly one window after the first call still sees it.
    expect(at(distinctDestinationsEvents(p, HARB, [to(0, 1), to(5, 2), to(10, 3)], all))).toEqual([10]);
    expect(distinctDestinationsEvents(p, HARB, [to(0, 1), to(5, 2), to(10 + 1 / MIN, 3)], all)).toEqual([]);
  });

  it('counts per IP when told, and a new episode after the count fell back crosses again', () => {
    const p = rule({ per: 'ip', restriction: 'ip', warn: undefined, block: 3 });
    const calls = [to(0, 1), to(1, 2), to(2, 3), to(30, 4), to(31, 5), to(32, 6)];
    const sut = distinctDestinationsEvents(p, HARB, calls, all);
    expect(at(sut)).toEqual([2, 32]);
    expect(sut[0].dedupeKey).toBe('distinct_destinations:rule-1:ip:192.0.2.199');
    expect(sut[0].restrictions).toEqual([{ kind: 'ip', value: '192.0.2.199' }]);
  });

  it('raises only at judged calls, with stored calls counted', () => {
    const calls = [1, 2, 3, 4, 5].map((k, i) => to(i, k));
    expect(distinctDestinationsEvents(rule(), HARB, calls, () => false)).toEqual([]);
    const sut = distinctDestinationsEvents(rule(), HARB, calls, (c) => c.startMs >= T0 + 3 * MIN);
    expect(sut.map((e) => e.severity)).toEqual(['block']);
  });
});

describe(distinctCrossings.name, () => {
  it('counts several calls at the same instant together, and null keys not at all', () => {
    const calls = [to(0, 1), to(1, 2), to(1, 3), windowCall(1, { number: null, dialled: '' })];
    const out = distinctCrossings(calls, all, { window: { minutes: 5 }, block: 3 }, (c) => c.number);
    expect(out.map((c) => [c.severity, (c.atMs - T0) / MIN, c.calls.length])).toEqual([['block', 1, 4]]);
  });
});
