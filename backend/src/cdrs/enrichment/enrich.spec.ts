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
      jurisdiction: 'interstate',
      caribbean: false,
      tollFree: false,
      ratePerMinute: null,
      cost: null,
    });
  });
});
