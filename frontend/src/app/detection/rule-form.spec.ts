import { RULE, SHADOW_RULE } from '../testing/detection';
import type { DetectionRule } from './rule';
import { EMPTY_RULE, fieldErrors, formValueOf, kindDefaults, paramsOf, seatDefaults } from './rule-form';

describe('rule form', () => {
  it('starts a new rule in shadow mode', () => {
    expect(EMPTY_RULE.mode).toBe('shadow');
  });

  it('makes threshold params from the fields its filter uses, and reads them back', () => {
    const value = {
      ...EMPTY_RULE,
      name: 'Baltic burst',
      filterKind: 'country_group' as const,
      countries: 'lv, ee;LT',
      prefixes: '+999',
      warn: null,
      block: 12,
      restriction: '',
      per: 'ip' as const,
    };
    expect(paramsOf(value)).toEqual({
      window: { minutes: 5 },
      block: 12,
      filter: { kind: 'country_group', countries: ['LV', 'EE', 'LT'] },
      per: 'ip',
    });
    expect(paramsOf({ ...value, filterKind: 'prefix_group', prefixes: '+371 +53' })).toMatchObject({
      filter: { kind: 'prefix_group', prefixes: ['+371', '+53'] },
    });
    expect(paramsOf({ ...value, filterKind: 'same_disposition_number', disposition: 'busy' })).toMatchObject({
      filter: { kind: 'same_disposition_number', disposition: 'BUSY' },
    });

    const read = formValueOf(RULE);
    expect(read).toMatchObject({ name: 'International burst', mode: 'live', countries: 'LV, CU, SL', warn: 10 });
    expect(paramsOf(read)).toEqual(RULE.params);
    expect(paramsOf(formValueOf(SHADOW_RULE))).toEqual(SHADOW_RULE.params);
  });

  it('builds every kind’s params as rule-model.ts names them, from the kind’s defaults', () => {
    const of = (kind: DetectionRule['kind']) => paramsOf({ ...EMPTY_RULE, ...kindDefaults(kind), kind });
    expect(of('seat_threshold')).toEqual({
      destinations: 'caribbean',
      window: { minutes: 60 },
      seat: { warn: 8, block: 15 },
      group: { warn: 50, block: 100 },
    });
    expect(paramsOf({ ...EMPTY_RULE, kind: 'seat_threshold', ...seatDefaults('international') })).toMatchObject({
      seat: { warn: 6, block: 10 },
      group: { warn: 25, block: 50 },
    });
    expect(of('intl_failed_attempts')).toEqual({
      window: { minutes: 10 },
      warn: 10,
      block: 20,
      per: 'seat',
      restriction: 'seat',
    });
    expect(of('distinct_destinations')).toEqual({ window: { minutes: 60 }, warn: 20, block: 40, per: 'seat' });
    expect(of('max_rate')).toEqual({ maxPerMinute: 1, action: 'warning' });
    expect(of('spend_limit')).toEqual({ warn: 100, block: 500, restriction: 'account' });
    expect(of('first_traffic_ip')).toEqual({ severity: 'notify' });
    expect(of('new_destination')).toEqual({ minHistoryDays: 14, severity: 'warning' });
    expect(of('baseline')).toEqual({
      levels: { notify: 25, warning: 50, urgent: 100 },
      minMinutes: 30,
      jurisdictions: ['interstate', 'intrastate', 'international', 'toll_free'],
    });
    expect(of('brute_force')).toEqual({ window: { minutes: 10 }, warn: 20, block: 50, sources: ['sip', 'portal'] });
    expect(kindDefaults('brute_force').scope).toBe('global');
    expect(of('call_rate')).toEqual({ warn: 2, block: 5, windowSeconds: 10, per: 'seat', restriction: 'seat' });
  });

  it('carries the call-rate window and the spend estimate’s assumed call length to the API and back', () => {
    const burst = { ...EMPTY_RULE, ...kindDefaults('call_rate'), kind: 'call_rate' as const, per: 'ip' as const };
    const params = paramsOf({ ...burst, windowSeconds: 3, warn: null, block: 20, restriction: '' });
    expect(params).toEqual({ block: 20, windowSeconds: 3, per: 'ip' });
    const saved = { ...RULE, kind: 'call_rate' as const, params } as unknown as DetectionRule;
    expect(formValueOf(saved)).toMatchObject({ windowSeconds: 3, block: 20, per: 'ip', warn: null });
    const spend = { ...EMPTY_RULE, ...kindDefaults('spend_limit'), kind: 'spend_limit' as const };
    expect(paramsOf({ ...spend, assumedCallMinutes: 5 })).toEqual({
      warn: 100,
      block: 500,
      assumedCallMinutes: 5,
      restriction: 'account',
    });
    const savedSpend = { ...RULE, kind: 'spend_limit' as const, params: { block: 50, assumedCallMinutes: 4 } };
    expect(formValueOf(savedSpend as unknown as DetectionRule).assumedCallMinutes).toBe(4);
    expect(fieldErrors(['params.windowSeconds must be at least 1']).fields).toEqual({
      windowSeconds: 'windowSeconds must be at least 1',
    });
  });

  it('puts each of the API’s 400 messages at the field it names', () => {
    const { fields, other } = fieldErrors([
      'params.warn (20) must be below block (10)',
      'params.window.minutes must be at least 1',
      'params.filter.countries has "XX", which is not an ISO 3166 alpha-2 country code (upper case, e.g. LV)',
      'params.seat.block must be a whole number',
      'params.levels.urgent must be at least 1',
      'customerId 00000000-0000-4000-8000-000000000000 is not a customer',
      'scope must be global for brute_force rules',
      'to (2026-01-01T00:00:00Z) is before from (2026-02-01T00:00:00Z)',
      'params must be an object',
    ]);
    expect(fields).toEqual({
      warn: 'warn (20) must be below block (10)',
      windowMinutes: 'window.minutes must be at least 1',
      countries: 'filter.countries has "XX", which is not an ISO 3166 alpha-2 country code (upper case, e.g. LV)',
      seatBlock: 'seat.block must be a whole number',
      levelUrgent: 'levels.urgent must be at least 1',
      customerId: 'customerId 00000000-0000-4000-8000-000000000000 is not a customer',
      scope: 'scope must be global for brute_force rules',
    });
    expect(other).toEqual([
      'to (2026-01-01T00:00:00Z) is before from (2026-02-01T00:00:00Z)',
      'params must be an object',
    ]);
  });
});
