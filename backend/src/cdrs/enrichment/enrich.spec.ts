import { describe, expect, it } from 'vitest';
import type { ParsedCdr } from '../parsing/cdr-record.js';
import { enrichCdr } from './enrich.js';
import { RateDeck } from './rate-deck.js';

const cdr = (over: Partial<ParsedCdr>): ParsedCdr => ({
  callId: 'c-1',
  identity: 'c-1',
  accountCode: 'acme',
  sourceIp: null,
  sipUser: null,
  callerNumber: '2125550101',
  calledNumber: '5185550199',
  callerName: null,
  startedAt: new Date('2024-03-09T19:05:10Z'),
  answeredAt: null,
  endedAt: null,
  durationSec: 125,
  billsec: 120,
  disposition: 'ANSWERED',
  hangupCause: null,
  sipCode: null,
  ratePerMinute: null,
  cost: null,
  referenceMs: null,
  ...over,
});

const deck = RateDeck.fromCsv('1,USA/Canada,0.005\n1809,Dominican Republic,0.19\n44,United Kingdom,0.01');

describe(enrichCdr.name, () => {
  it('enriches a domestic call', () => {
    expect(enrichCdr(cdr({}), { rateDeck: deck })).toEqual({
      calledE164: '+15185550199',
      callerE164: '+12125550101',
      country: 'US',
      state: 'NY',
      jurisdiction: 'intrastate',
      caribbean: false,
      tollFree: false,
      ratePerMinute: 0.005,
      cost: 0.01,
    });
  });

  it('flags a Caribbean NANP destination dialled like a domestic number', () => {
    expect(enrichCdr(cdr({ calledNumber: '1-809-555-1234' }), { rateDeck: deck })).toMatchObject({
      calledE164: '+18095551234',
      country: 'DO',
      state: null,
      jurisdiction: 'international',
      caribbean: true,
      ratePerMinute: 0.19,
      cost: 0.38,
    });
    expect(enrichCdr(cdr({ calledNumber: '7875551234' }))).toMatchObject({
      country: 'PR',
      state: 'PR',
      caribbean: false,
      jurisdiction: 'interstate',
    });
  });

  it('flags toll-free', () => {
    expect(enrichCdr(cdr({ calledNumber: '18005550100' }))).toMatchObject({
      tollFree: true,
      jurisdiction: 'toll_free',
      country: 'US',
      state: null,
    });
  });

  it("uses the customer's state when the caller number is not usable", () => {
    expect(enrichCdr(cdr({ callerNumber: 'anonymous' }), { customerState: 'NY' })).toMatchObject({
      callerE164: null,
      jurisdiction: 'intrastate',
    });
    expect(enrichCdr(cdr({ callerNumber: null }), { customerState: 'CA' })).toMatchObject({
      jurisdiction: 'interstate',
    });
  });

  it('prefers the CDR cost, then its rate, then the rate deck', () => {
    const intl = { calledNumber: '011442079460000', billsec: 90 };
    expect(enrichCdr(cdr({ ...intl, cost: 0.5, ratePerMinute: 1 }), { rateDeck: deck })).toMatchObject({
      cost: 0.5,
      ratePerMinute: 1,
    });
    expect(enrichCdr(cdr({ ...intl, ratePerMinute: 0.02 }), { rateDeck: deck })).toMatchObject({
      cost: 0.03,
      ratePerMinute: 0.02,
    });
    expect(enrichCdr(cdr({ ...intl, cost: 0.5 }), { rateDeck: deck })).toMatchObject({
      cost: 0.5,
      ratePerMinute: 0.01,
    });
    expect(enrichCdr(cdr(intl), { rateDeck: deck })).toMatchObject({
      cost: 0.015,
      ratePerMinute: 0.01,
      country: 'GB',
      jurisdiction: 'international',
    });
    expect(enrichCdr(cdr(intl))).toMatchObject({ cost: null, ratePerMinute: null });
    expect(enrichCdr(cdr({ calledNumber: '+5351234567' }), { rateDeck: deck })).toMatchObject({
      country: 'CU',
      cost: null,
    });
  });

  it('copes with a number it cannot normalise', () => {
    expect(enrichCdr(cdr({ calledNumber: '5550101' }), { rateDeck: deck })).toEqual({
      calledE164: null,
      callerE164: '+12125550101',
      country: null,
      state: null,
      jurisdiction: 'unknown', // never "interstate" by default
      caribbean: false,
      tollFree: false,
      ratePerMinute: null,
      cost: null,
    });
  });

  it('reads numbers without + in the home country of the customer, and extensions as on-net calls', () => {
    const read = (calledNumber: string, customerCountry: string, callerNumber = '1001') => {
      const e = enrichCdr(cdr({ calledNumber, callerNumber }), { customerCountry });
      return [e.calledE164, e.country, e.jurisdiction];
    };
    // Spain: the country code without a prefix, a national mobile, 00 + international.
    expect(read('34688886392', 'ES')).toEqual(['+34688886392', 'ES', 'national']);
    expect(read('688886392', 'ES')).toEqual(['+34688886392', 'ES', 'national']);
    expect(read('0033142685300', 'ES')).toEqual(['+33142685300', 'FR', 'international']);
    // Russia: a 10-digit mobile is not +1…, nor is 8 + 10 digits; 810 is the old international prefix.
    expect(read('9161234567', 'RU')).toEqual(['+79161234567', 'RU', 'national']);
    expect(read('89161234567', 'RU')).toEqual(['+79161234567', 'RU', 'national']);
    expect(read('4951234567', 'RU')).toEqual(['+74951234567', 'RU', 'national']);
    // Ukraine: the trunk prefix 0, or 380 without a prefix.
    expect(read('0501234567', 'UA')).toEqual(['+380501234567', 'UA', 'national']);
    expect(read('380501234567', 'UA')).toEqual(['+380501234567', 'UA', 'national']);
    expect(read('0048221234567', 'UA')).toEqual(['+48221234567', 'PL', 'international']);
    // The US: 10 digits, 1 + 10, 011 + international; a Spanish customer's 10 digits are not NANP.
    expect(read('5185550199', 'US', '2125550101')).toEqual(['+15185550199', 'US', 'intrastate']);
    expect(read('14155550100', 'US', '2125550101')).toEqual(['+14155550100', 'US', 'interstate']);
    expect(read('011442079460000', 'US')).toEqual(['+442079460000', 'GB', 'international']);
    expect(read('5185550199', 'ES')).toEqual([null, null, 'unknown']);
    // Extensions: on-net, whatever the country; emergency numbers are not extensions.
    expect(read('1002', 'US')).toEqual([null, null, 'internal']);
    expect(read('1002', 'RU')).toEqual([null, null, 'internal']);
    expect(read('911', 'US')).toEqual([null, null, 'unknown']);
    expect(read('112', 'ES')).toEqual([null, null, 'unknown']);
  });
});
