import { RULE, SHADOW_RULE } from '../testing/detection';
import {
  actionSummary,
  countsSummary,
  type DetectionRule,
  eventFacts,
  formatShare,
  KIND_LABELS,
  thresholdsSummary,
  windowSummary,
} from './rule';

const rule = (kind: DetectionRule['kind'], params: Record<string, unknown>) => ({ kind, params });

describe('rule descriptions', () => {
  it('says what a threshold counts, over which window, at which thresholds, and what its block does', () => {
    expect(countsSummary(RULE)).toBe('Calls to LV, CU, SL per seat');
    expect(windowSummary(RULE)).toBe('5 min');
    expect(thresholdsSummary(RULE)).toBe('warn 10 · block 20');
    expect(actionSummary(RULE)).toBe('Intercepts the seat');

    expect(countsSummary(SHADOW_RULE)).toBe('Calls to CU per IP');
    expect(windowSummary(SHADOW_RULE)).toBe('1 h');
    expect(thresholdsSummary(SHADOW_RULE)).toBe('block 5');
    expect(actionSummary(SHADOW_RULE)).toBe('Notifies only');
  });

  it.each([
    [{ kind: 'prefix', prefixes: ['+371'] }, 'customer', 'Calls to +371 per customer'],
    [
      { kind: 'prefix_group', prefixes: ['+1', '+2', '+3', '+4', '+5', '+6'] },
      'ip',
      'Calls to +1, +2, +3, +4 and 2 more per IP',
    ],
    [{ kind: 'same_number' }, 'seat', 'Calls to one number per seat'],
    [{ kind: 'same_disposition_number', disposition: 'failed' }, 'seat', 'FAILED calls to one number per seat'],
    [{ kind: 'same_disposition_number' }, 'seat', 'Calls of one disposition to one number per seat'],
  ])('names the threshold filter %j', (filter, per, words) => {
    expect(countsSummary(rule('threshold', { window: { minutes: 5 }, block: 3, filter, per }))).toBe(words);
  });

  it('describes every other kind in the NOC’s words', () => {
    const seat = rule('seat_threshold', {
      destinations: 'caribbean',
      window: { minutes: 60 },
      seat: { warn: 8, block: 15 },
      group: { warn: 50, block: 100 },
    });
    expect([countsSummary(seat), windowSummary(seat), thresholdsSummary(seat), actionSummary(seat)]).toEqual([
      'Calls to Caribbean NANP per seat and group',
      '1 h',
      'seat 8/15 · group 50/100',
      'Intercepts the seat or group',
    ]);
    const spend = rule('spend_limit', { warn: 100, block: 500, restriction: 'account' });
    expect([countsSummary(spend), windowSummary(spend), thresholdsSummary(spend), actionSummary(spend)]).toEqual([
      "Spend since midnight in the customer's zone",
      'Day',
      'warn $100.00 · block $500.00',
      'Restricts the account',
    ]);
    const rate = rule('max_rate', { maxPerMinute: 1.5, action: 'block' });
    expect([countsSummary(rate), windowSummary(rate), thresholdsSummary(rate), actionSummary(rate)]).toEqual([
      'Calls priced above $1.50/min',
      'Each call',
      'above $1.50/min',
      'Blocks the destinations',
    ]);
    const baseline = rule('baseline', {
      levels: { notify: 25, warning: 50, urgent: 100 },
      minMinutes: 30,
      jurisdictions: ['interstate', 'toll_free'],
    });
    expect([countsSummary(baseline), windowSummary(baseline), thresholdsSummary(baseline)]).toEqual([
      'Minutes per hour against normal: interstate, toll-free',
      'Hour',
      '+25/+50/+100 %',
    ]);
    const brute = rule('brute_force', { window: { minutes: 10 }, warn: 20, block: 50, sources: ['sip', 'portal'] });
    expect([countsSummary(brute), actionSummary(brute)]).toEqual([
      'Failed SIP registrations and portal logins per IP',
      'Blacklists the IP',
    ]);
    expect(countsSummary(rule('intl_failed_attempts', { window: { minutes: 10 }, block: 5, per: 'ip' }))).toBe(
      'Failed international attempts per IP',
    );
    expect(countsSummary(rule('distinct_destinations', { window: { minutes: 60 }, block: 5, per: 'seat' }))).toBe(
      'Distinct numbers called per seat',
    );
    const burst = rule('call_rate', { warn: 2, block: 5, windowSeconds: 10, per: 'seat', restriction: 'seat' });
    expect([
      KIND_LABELS.call_rate,
      countsSummary(burst),
      windowSummary(burst),
      thresholdsSummary(burst),
      actionSummary(burst),
    ]).toEqual([
      'Calls per second',
      'Call attempts per second per seat',
      '10 s',
      'warn 2/s · block 5/s',
      'Intercepts the seat',
    ]);
    expect(thresholdsSummary(rule('first_traffic_ip', { severity: 'notify' }))).toBe('notify');
    expect(countsSummary(rule('new_destination', { minHistoryDays: 14, severity: 'warning' }))).toBe(
      'Calls to a new country (after 14 days of history)',
    );
  });

  it('shows the false-positive share as a percentage, and a dash while no ticket is closed', () => {
    expect(formatShare(1 / 3)).toBe('33 %');
    expect(formatShare(0)).toBe('0 %');
    expect(formatShare(null)).toBe('—');
  });

  it('lists the seats, IPs, destinations and countries an event names, without duplicates', () => {
    expect(
      eventFacts({
        seats: ['s-1', 's-1'],
        ip: '192.0.2.1',
        ips: ['192.0.2.2'],
        countries: ['LV'],
        destinations: [],
        calls: 12,
      }),
    ).toEqual([
      { label: 'Seats', values: 's-1' },
      { label: 'IPs', values: '192.0.2.2, 192.0.2.1' },
      { label: 'Countries', values: 'LV' },
    ]);
    expect(eventFacts(undefined)).toEqual([]);
  });
});
