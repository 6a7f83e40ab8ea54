import { describe, expect, it } from 'vitest';
import { MIN, T0, windowCall } from '../../test/window-call.js';
import { type DetectionRule, overrideKey, rulesForCustomer, type ThresholdParams } from './rule-model.js';
import { countInWindow, crossings, matchesFilter, restrictionsOf, subjectOf, summaryOf } from './threshold.js';

const call = windowCall;
let n = 0;

const params = (over: Partial<ThresholdParams> = {}): ThresholdParams => ({
  window: { minutes: 5 },
  warn: 3,
  block: 5,
  filter: { kind: 'country_group', countries: ['LV', 'CU', 'SL'] },
  per: 'ip',
  restriction: 'ip',
  ...over,
});

function rule(over: Partial<DetectionRule<'threshold'>> = {}): DetectionRule<'threshold'> {
  return {
    id: `r-${++n}`,
    name: 'International burst',
    kind: 'threshold',
    scope: 'global',
    customerId: null,
    mode: 'live',
    enabled: true,
    params: params(),
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
    ...over,
  };
}

describe('the sliding window', () => {
  const starts = [0, 1, 2, 5, 6].map((m) => T0 + m * MIN);

  it('counts a call exactly at the window start and one exactly at its end', () => {
    // Window ending at minute 5 spans [0, 5]: the call at 0 (its start) and the call at 5 (its end) count.
    expect(countInWindow(starts, T0 + 5 * MIN, 5 * MIN)).toBe(4);
  });

  it('leaves out a call a millisecond before the window start', () => {
    expect(countInWindow(starts, T0 + 5 * MIN + 1, 5 * MIN)).toBe(3);
  });

  it('leaves out calls after the window end', () => {
    expect(countInWindow(starts, T0 + 2 * MIN, 5 * MIN)).toBe(3);
  });
});

describe('crossings', () => {
  it('raises a warning then a block where the count reaches each threshold', () => {
    const calls = [0, 1, 2, 3, 4].map((m) => call(m));
    const out = crossings(calls, () => true, params());
    expect(out.map((c) => [c.severity, (c.atMs - T0) / MIN, c.calls.length])).toEqual([
      ['warning', 2, 3],
      ['block', 4, 5],
    ]);
  });

  it('raises nothing for calls that were stored before (only new calls can cross)', () => {
    const calls = [0, 1, 2, 3, 4].map((m) => call(m));
    expect(crossings(calls, () => false, params())).toEqual([]);
  });

  it('sees a burst split across two imports: the old calls count, the crossing is at a new one', () => {
    const calls = [0, 1, 2, 3, 4].map((m) => call(m));
    const out = crossings(calls, (c) => c.startMs >= T0 + 3 * MIN, params());
    expect(out.map((c) => c.severity)).toEqual(['block']);
  });

  it('does not raise again while the count stays above the threshold', () => {
    const calls = [0, 1, 2, 2.5].map((m) => call(m));
    // The warning crossed at minute 2 in an earlier import; the new call at 2.5 keeps the count at 4.
    expect(crossings(calls, (c) => c.startMs > T0 + 2 * MIN, params())).toEqual([]);
  });

  it('traffic hovering at a threshold is one episode: it crosses again only after a whole window below', () => {
    // A call a minute for 30 minutes: the 5-minute count climbs to 5 and stays there, dipping as calls leave.
    const steady = Array.from({ length: 30 }, (_, m) => call(m + 0.5 * (m % 2)));
    const found = crossings(steady, () => true, params());
    expect(found.map((c) => c.severity)).toEqual(['warning', 'block']);
    // After 10 quiet minutes, a new burst is a new episode.
    const again = [...steady, ...[45, 45.5, 46, 46.5, 47].map((m) => call(m))];
    expect(crossings(again, () => true, params()).map((c) => [c.severity, (c.atMs - T0) / MIN])).toEqual([
      ['warning', 2],
      ['block', 4],
      ['warning', 46],
      ['block', 47],
    ]);
  });

  it('a call exactly one window after the first still sees it, a call just after does not', () => {
    const edge = [call(0), call(2.5), call(5)];
    expect(crossings(edge, () => true, params({ warn: undefined, block: 3 }))).toHaveLength(1);
    const late = [call(0), call(2.5), call(5.01)];
    expect(crossings(late, () => true, params({ warn: undefined, block: 3 }))).toEqual([]);
  });

  it('raises only the block when one instant takes the count past both', () => {
    const calls = [call(0), ...[1, 1, 1, 1].map(() => call(1))];
    expect(crossings(calls, () => true, params()).map((c) => c.severity)).toEqual(['block']);
  });
});

describe('filters and subjects', () => {
  it('matches prefixes, countries, numbers and dispositions', () => {
    const lv = { number: '+37120000001', country: 'LV', disposition: 'FAILED' };
    expect(matchesFilter({ kind: 'prefix', prefixes: ['+371'] }, lv)).toBe(true);
    expect(matchesFilter({ kind: 'prefix_group', prefixes: ['+53', '+232'] }, lv)).toBe(false);
    expect(matchesFilter({ kind: 'country', countries: ['LV'] }, lv)).toBe(true);
    expect(matchesFilter({ kind: 'country_group', countries: ['CU'] }, lv)).toBe(false);
    expect(matchesFilter({ kind: 'same_number' }, lv)).toBe(true);
    expect(matchesFilter({ kind: 'same_disposition_number', disposition: 'failed' }, lv)).toBe(true);
    expect(matchesFilter({ kind: 'same_disposition_number', disposition: 'BUSY' }, lv)).toBe(false);
  });

  it('counts per customer, seat or IP, and per number for the same-number filters', () => {
    const c = call(0, { disposition: 'failed' });
    expect(subjectOf(params({ per: 'customer' }), c)).toBe('customer');
    expect(subjectOf(params({ per: 'seat' }), c)).toBe('seat:6175550142@harborview.voip.example.net');
    expect(subjectOf(params({ per: 'ip', filter: { kind: 'same_number' } }), c)).toBe('ip:192.0.2.199:to:+37120000001');
    expect(subjectOf(params({ per: 'customer', filter: { kind: 'same_disposition_number' } }), c)).toBe(
      'customer:FAILED:to:+37120000001',
    );
    expect(subjectOf(params({ per: 'seat' }), call(0, { seat: null }))).toBeNull();
  });
});

describe('scope', () => {
  const C1 = '11111111-1111-4111-8111-111111111111';
  const C2 = '22222222-2222-4222-8222-222222222222';
  const global = rule();
  const own = rule({
    scope: 'customer',
    customerId: C1,
    params: params({ block: 50, filter: { kind: 'country_group', countries: ['SL', 'CU', 'LV'] } }),
  });
  const otherFilter = rule({ params: params({ filter: { kind: 'prefix', prefixes: ['+53'] } }) });

  it('a customer rule of the same kind and filter overrides the global one for that customer only', () => {
    expect(overrideKey(own)).toBe(overrideKey(global));
    expect(rulesForCustomer([global, own, otherFilter], C1, false)).toEqual([own, otherFilter]);
    expect(rulesForCustomer([global, own, otherFilter], C2, false)).toEqual([global, otherFilter]);
  });

  it('detection disabled for a customer leaves no rule', () => {
    expect(rulesForCustomer([global, own], C1, true)).toEqual([]);
  });

  it('a disabled rule applies to no one, and does not override', () => {
    const off = { ...own, enabled: false };
    expect(rulesForCustomer([global, off], C1, false)).toEqual([global]);
  });
});

describe('plain words', () => {
  it('says how many calls, where to, from which IP, for whom, and the rule', () => {
    const calls = [
      call(0, { country: 'LV' }),
      call(1, { country: 'CU', number: '+5350000000' }),
      call(4, { country: 'SL', number: '+23230000000' }),
    ];
    const [warning] = crossings(calls, () => true, params());
    expect(summaryOf(rule(), warning, 'CASC003', 'ip:192.0.2.199')).toBe(
      "3 calls in 4 min to LV, CU, SL from 192.0.2.199 (CASC003); rule 'International burst' warns at 3 and blocks at 5 per 5 min",
    );
  });

  it('names the seat, and the number and disposition for the same-number filters', () => {
    const p = params({ per: 'seat', warn: undefined, block: 2, filter: { kind: 'same_disposition_number' } });
    const calls = [call(0, { disposition: 'FAILED' }), call(0.5, { disposition: 'FAILED' })];
    const [block] = crossings(calls, () => true, p);
    expect(summaryOf(rule({ name: 'Same number', params: p }), block, 'HARB009', 'seat:x')).toBe(
      "2 FAILED calls in 30 s to +37120000001 from seat 6175550142@harborview.voip.example.net (HARB009); rule 'Same number' blocks at 2 per 5 min",
    );
  });

  it('a block restricts what the rule names', () => {
    const calls = [call(0), call(1, { number: '+5350000000' })];
    expect(restrictionsOf(params({ restriction: 'ip' }), calls, 'CASC003')).toEqual([
      { kind: 'ip', value: '192.0.2.199' },
    ]);
    expect(restrictionsOf(params({ restriction: 'seat' }), calls, 'CASC003')).toEqual([
      { kind: 'seat', value: '6175550142@harborview.voip.example.net' },
    ]);
    expect(restrictionsOf(params({ restriction: 'account' }), calls, 'CASC003')).toEqual([
      { kind: 'account', value: 'CASC003' },
    ]);
    expect(restrictionsOf(params({ restriction: 'destination' }), calls, 'CASC003')).toEqual([
      { kind: 'destination', value: '+37120000001' },
      { kind: 'destination', value: '+5350000000' },
    ]);
    expect(
      restrictionsOf(
        params({ restriction: 'destination', filter: { kind: 'prefix', prefixes: ['+371'] } }),
        calls,
        'X',
      ),
    ).toEqual([{ kind: 'destination', value: '+371' }]);
    expect(restrictionsOf(params({ restriction: undefined }), calls, 'CASC003')).toEqual([]);
  });
});
