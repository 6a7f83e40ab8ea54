import { describe, expect, it } from 'vitest';
import type { WindowCall } from '../cdrs/cdr-window-rows.js';
import { MIN, T0, windowCall } from '../../test/window-call.js';
import { type DetectionRule, overrideKey, rulesForCustomer, type SeatThresholdParams } from './rule-model.js';
import { countsTowards, seatThresholdEvents } from './seat-threshold.js';

const FRONT_DESK = '6175550142@harborview.voip.example.net';
const WAREHOUSE = '6175550143@harborview.voip.example.net';
const HARB = { customerId: 'harb-id', accountCode: 'HARB009' };

const CARIBBEAN: Partial<WindowCall>[] = [
  { number: '+18765550100', dialled: '18765550100', country: 'JM' },
  { number: '+18095550100', dialled: '18095550100', country: 'DO' },
  { number: '+12425550100', dialled: '12425550100', country: 'BS' },
];
/** A Caribbean call (to Jamaica unless told): dialled like a domestic number, international by jurisdiction. */
const caribbean = (atMin: number, over: Partial<WindowCall> = {}) =>
  windowCall(atMin, { ...CARIBBEAN[0], caribbean: true, jurisdiction: 'international', ...over });
const tollFree = (atMin: number) =>
  windowCall(atMin, {
    number: '+18005550100',
    dialled: '18005550100',
    country: 'US',
    jurisdiction: 'toll_free',
    tollFree: true,
  });

function rule(p: Partial<SeatThresholdParams> = {}): DetectionRule<'seat_threshold'> {
  return {
    id: 'rule-1',
    name: 'International seat and group thresholds',
    kind: 'seat_threshold',
    scope: 'global',
    customerId: null,
    mode: 'live',
    enabled: true,
    params: {
      destinations: 'international',
      window: { minutes: 60 },
      seat: { warn: 6, block: 10 },
      group: { warn: 25, block: 50 },
      ...p,
    },
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
  };
}

const all = () => true;
const minutes = (list: { occurredAt: string }[]) => list.map((e) => (Date.parse(e.occurredAt) - T0) / MIN);

describe(seatThresholdEvents.name, () => {
  it('warns then blocks one seat in one episode: one dedupe key, the seat intercepted at the block', () => {
    const calls = Array.from({ length: 10 }, (_, i) => windowCall(i * 3));
    const sut = seatThresholdEvents(rule(), HARB, calls, all);
    expect(sut.map((e) => [e.kind, e.severity])).toEqual([
      ['seat_threshold', 'warning'],
      ['seat_threshold', 'block'],
    ]);
    expect(minutes(sut)).toEqual([15, 27]);
    expect(new Set(sut.map((e) => e.dedupeKey))).toEqual(new Set([`seat_threshold:rule-1:seat:${FRONT_DESK}`]));
    expect(sut[0].restrictions).toBeUndefined();
    expect(sut[1].restrictions).toEqual([{ kind: 'seat', value: FRONT_DESK }]);
    expect(sut[1].summary).toBe(
      `10 international calls (LV) in 27 min from seat ${FRONT_DESK} (HARB009); ` +
        'user threshold 6 warn / 10 block per 60 min',
    );
    expect(sut[1].details).toMatchObject({
      seat: FRONT_DESK,
      group: 'HARB009-BOSTON',
      ips: ['192.0.2.199'],
      countries: ['LV'],
      destinations: ['+37120000001'],
      calls: 10,
    });
    expect(sut[1].evidence).toMatchObject({
      from: new Date(T0).toISOString(),
      to: new Date(T0 + 27 * MIN).toISOString(),
    });
    expect(sut[1].evidence!.cdrIds).toHaveLength(10);
  });

  it('words a Caribbean seat as the carriers do', () => {
    const calls = Array.from({ length: 16 }, (_, i) => caribbean(i * 2.8, CARIBBEAN[i % 3]));
    const sut = seatThresholdEvents(
      rule({ destinations: 'caribbean', seat: { warn: 8, block: 15 }, group: { warn: 50, block: 100 } }),
      HARB,
      calls,
      all,
    );
    const block = sut.find((e) => e.severity === 'block')!;
    expect(block.summary).toBe(
      `15 calls to the Caribbean (JM, DO, BS) in 39 min from seat ${FRONT_DESK} (HARB009); ` +
        'user threshold 8 warn / 15 block per 60 min',
    );
    // The 16th call keeps the count above the block: nothing more.
    expect(sut.map((e) => e.severity)).toEqual(['warning', 'block']);
  });

  it("adds up a group's seats: neither seat crosses, the group does, and the group is intercepted", () => {
    const calls: WindowCall[] = [];
    for (let i = 0; i < 5; i++) calls.push(windowCall(i * 4), windowCall(i * 4 + 1, { seat: WAREHOUSE }));
    const sut = seatThresholdEvents(rule({ group: { warn: 6, block: 10 }, seat: { block: 8 } }), HARB, calls, all);
    expect(sut.map((e) => [e.kind, e.severity, e.dedupeKey])).toEqual([
      ['group_threshold', 'warning', 'group_threshold:rule-1:group:HARB009-BOSTON'],
      ['group_threshold', 'block', 'group_threshold:rule-1:group:HARB009-BOSTON'],
    ]);
    expect(sut[1].restrictions).toEqual([{ kind: 'group', value: 'HARB009-BOSTON' }]);
    expect(sut[1].summary).toBe(
      '10 international calls (LV) in 17 min from 2 seats of group HARB009-BOSTON (HARB009); ' +
        'group threshold 6 warn / 10 block per 60 min',
    );
    expect(sut[1].details).toMatchObject({ group: 'HARB009-BOSTON', seat: null, seats: [FRONT_DESK, WAREHOUSE] });
  });

  it('counts a call exactly one window before the crossing call, and not one a millisecond earlier', () => {
    const p = { seat: { block: 3 } };
    const edge = [windowCall(0), windowCall(30), windowCall(60)];
    expect(seatThresholdEvents(rule(p), HARB, edge, all).map((e) => e.severity)).toEqual(['block']);
    const late = [windowCall(0), windowCall(30), windowCall(60 + 1 / MIN)];
    expect(seatThresholdEvents(rule(p), HARB, late, all)).toEqual([]);
  });

  it('never counts toll-free numbers as international, nor Caribbean ones under the international rule', () => {
    const calls = [
      ...Array.from({ length: 12 }, (_, i) => tollFree(i)),
      ...Array.from({ length: 12 }, (_, i) => caribbean(i)),
    ];
    expect(seatThresholdEvents(rule(), HARB, calls, all)).toEqual([]);
    expect(countsTowards('international', tollFree(0))).toBe(false);
    expect(countsTowards('caribbean', tollFree(0))).toBe(false);
    expect(countsTowards('caribbean', caribbean(0))).toBe(true);
    expect(countsTowards('international', windowCall(0))).toBe(true);
    expect(countsTowards('caribbean', windowCall(0))).toBe(false);
  });

  it('raises only at judged calls: calls stored before count, the crossing is at a new one', () => {
    const calls = Array.from({ length: 10 }, (_, i) => windowCall(i));
    expect(seatThresholdEvents(rule(), HARB, calls, () => false)).toEqual([]);
    const sut = seatThresholdEvents(rule(), HARB, calls, (c) => c.startMs >= T0 + 7 * MIN);
    expect(sut.map((e) => [e.severity, (Date.parse(e.occurredAt) - T0) / MIN])).toEqual([['block', 9]]);
  });

  it('leaves calls without a seat alone, and a seat without a group counts for itself only', () => {
    const calls = [
      ...Array.from({ length: 10 }, (_, i) => windowCall(i, { seat: null, group: null })),
      ...Array.from({ length: 10 }, (_, i) => windowCall(i, { group: null })),
    ];
    const sut = seatThresholdEvents(rule({ group: { block: 5 } }), HARB, calls, all);
    expect(sut.map((e) => [e.kind, e.severity])).toEqual([
      ['seat_threshold', 'warning'],
      ['seat_threshold', 'block'],
    ]);
  });
});

describe('seat threshold overrides', () => {
  it('a customer rule overrides the global rule of the same destinations only', () => {
    const global = [rule(), { ...rule({ destinations: 'caribbean' }), id: 'rule-2' }];
    const own = {
      ...rule({ seat: { warn: 6, block: 30 } }),
      id: 'own',
      scope: 'customer' as const,
      customerId: 'harb',
    };
    expect(overrideKey(own)).toBe(overrideKey(global[0]));
    expect(overrideKey(own)).not.toBe(overrideKey(global[1]));
    expect(rulesForCustomer([...global, own], 'harb', false).map((r) => r.id)).toEqual(['own', 'rule-2']);
    expect(rulesForCustomer([...global, own], 'acme', false).map((r) => r.id)).toEqual(['rule-1', 'rule-2']);
  });
});
