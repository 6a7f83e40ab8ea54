import { describe, expect, it } from 'vitest';
import { observablesOf, ruleLabel } from './observables.js';

describe('observablesOf', () => {
  it('reads lists and single values under every key a detector uses, once each, in the kinds’ order', () => {
    const sut = observablesOf(
      [
        { details: { countries: ['CU', 'LV'], sourceIp: '192.0.2.9', seat: 's-1' }, ruleId: null },
        { details: { ips: ['192.0.2.9', ' 192.0.2.10 '], numbers: ['+37167000000'], country: 'CU' }, ruleId: 'r-1' },
      ],
      ['CARRIER-1'],
    );
    expect(sut.map((o) => `${o.kind} ${o.value} ${o.label}`)).toEqual([
      'seat s-1 s-1',
      'ip 192.0.2.9 192.0.2.9',
      'ip 192.0.2.10 192.0.2.10',
      'destination +37167000000 +37167000000 (Latvia)',
      'country CU Cuba',
      'country LV Latvia',
      'rule r-1 A detection rule',
      'carrier_ref CARRIER-1 CARRIER-1',
    ]);
  });

  it('ignores what is not text, and keeps at most 50 of a kind', () => {
    const many = Array.from({ length: 80 }, (_, i) => `+5321550${String(i).padStart(3, '0')}`);
    const sut = observablesOf([{ details: { destinations: many, ips: [1, null, {}], seat: 42 }, ruleId: null }], []);
    expect(sut).toHaveLength(50);
    expect(sut.every((o) => o.kind === 'destination')).toBe(true);
  });
});

describe('ruleLabel', () => {
  it('says the rule and its thresholds in words', () => {
    expect(ruleLabel({ ruleName: 'Burst', warn: 10, block: 20, windowMinutes: 5, per: 'calls' })).toBe(
      '‘Burst’: warns at 10, blocks at 20 calls in 5 min',
    );
    expect(ruleLabel({ ruleName: 'Spend', warn: null, block: 500, per: 'cost' })).toBe(
      '‘Spend’: blocks at 500 in cost',
    );
    expect(ruleLabel({ ruleName: 'First traffic' })).toBe('‘First traffic’');
  });
});
