import { describe, expect, it } from 'vitest';
import {
  dispositionFromHangupCause,
  normalizeDisposition,
  parseAmount,
  parseClid,
  parseIp,
  parseSeconds,
  parseSipCode,
  sipUserFromChannel,
  validated,
} from './fields.js';
import type { ParsedCdr } from './cdr-record.js';

describe('parseClid', () => {
  it.each([
    ['"Alice Smith" <2125550101>', 'Alice Smith', '2125550101'],
    ['Alice <2125550101>', 'Alice', '2125550101'],
    ['"Zoë Ångström" <2125550102>', 'Zoë Ångström', '2125550102'],
    ['"Alice, "Ali" Smith" <2125550101>', 'Alice, "Ali" Smith', '2125550101'],
    ['"" <2125550101>', null, '2125550101'],
    ['<2125550104>', null, '2125550104'],
    ['2125550105', null, '2125550105'],
    ['', null, null],
  ])('%s', (clid, name, number) => {
    expect(parseClid(clid)).toEqual({ name, number });
  });
});

describe('sipUserFromChannel', () => {
  it.each([
    ['SIP/alice-0000001a', 'alice'],
    ['PJSIP/alice-00000012', 'alice'],
    ['SIP/alice-smith-0000001a', 'alice-smith'],
    ['SIP/10.0.0.5-0000001e', '10.0.0.5'],
    ['PJSIP/trunk', 'trunk'],
    ['IAX2/bob-3', 'bob'],
    ['DAHDI/1-1', null],
    ['Local/100@from-internal-00000001;1', null],
    ['', null],
  ])('%s → %s', (channel, user) => {
    expect(sipUserFromChannel(channel)).toBe(user);
  });
});

describe('parseIp', () => {
  it.each([
    ['203.0.113.10', '203.0.113.10'],
    [' 203.0.113.10 ', '203.0.113.10'],
    ['203.0.113.10:5060', '203.0.113.10'],
    ['2001:DB8::1', '2001:db8::1'],
    ['[2001:db8::1]:5060', '2001:db8::1'],
    ['sip:198.51.100.7', '198.51.100.7'],
    ['256.1.1.1', null],
    ['not-an-ip', null],
    ['', null],
    [undefined, null],
  ])('%s → %s', (value, ip) => {
    expect(parseIp(value)).toBe(ip);
  });
});

describe('numbers', () => {
  it('reads whole seconds and names the field when it cannot', () => {
    expect(parseSeconds('62', 'duration')).toBe(62);
    expect(parseSeconds(' 62.0 ', 'duration')).toBe(62);
    expect(() => parseSeconds('-3', 'duration')).toThrow('duration must not be negative, got -3');
    expect(() => parseSeconds('61.5', 'billsec')).toThrow('billsec must be whole seconds, got "61.5"');
    expect(() => parseSeconds('1m', 'billsec')).toThrow('billsec is not a number: "1m"');
    expect(() => parseSeconds('', 'billsec')).toThrow('billsec is empty');
  });

  it('reads rates, costs and SIP codes', () => {
    expect(parseAmount('0.0125', 'rate')).toBe(0.0125);
    expect(parseAmount('.5', 'rate')).toBe(0.5);
    expect(parseAmount('1e-3', 'rate')).toBe(0.001);
    expect(parseAmount('', 'rate')).toBeNull();
    expect(() => parseAmount('$0.01', 'rate')).toThrow('rate is not a number: "$0.01"');
    expect(() => parseAmount('-1', 'cost')).toThrow('cost must not be negative');
    expect(parseSipCode('486')).toBe(486);
    expect(parseSipCode('')).toBeNull();
    expect(() => parseSipCode('999')).toThrow('sip code');
  });
});

describe('dispositions', () => {
  it('maps FreeSWITCH hangup causes as the import contract says', () => {
    expect(dispositionFromHangupCause('NORMAL_CLEARING', 12)).toBe('ANSWERED');
    expect(dispositionFromHangupCause('NORMAL_CLEARING', 0)).toBe('FAILED');
    expect(dispositionFromHangupCause('NO_ANSWER', 0)).toBe('NO ANSWER');
    expect(dispositionFromHangupCause('NO_USER_RESPONSE', 0)).toBe('NO ANSWER');
    expect(dispositionFromHangupCause('ORIGINATOR_CANCEL', 0)).toBe('NO ANSWER');
    expect(dispositionFromHangupCause('user_busy', 0)).toBe('BUSY');
    expect(dispositionFromHangupCause('CALL_REJECTED', 0)).toBe('FAILED');
    expect(dispositionFromHangupCause('', 0)).toBe('FAILED');
  });

  it('normalises spellings and derives a missing one', () => {
    expect(normalizeDisposition('answered', 10)).toBe('ANSWERED');
    expect(normalizeDisposition('No Answer', 0)).toBe('NO ANSWER');
    expect(normalizeDisposition('no_answer', 0)).toBe('NO ANSWER');
    expect(normalizeDisposition('Completed', 10)).toBe('ANSWERED');
    expect(normalizeDisposition('USER_BUSY', 0)).toBe('BUSY');
    expect(normalizeDisposition('VOICEMAIL', 10)).toBe('VOICEMAIL');
    expect(normalizeDisposition('', 10)).toBe('ANSWERED');
    expect(normalizeDisposition('', 0, 486)).toBe('BUSY');
    expect(normalizeDisposition('', 0, 487)).toBe('NO ANSWER');
    expect(normalizeDisposition('', 0, 503)).toBe('CONGESTION');
    expect(normalizeDisposition('', 0, 404)).toBe('FAILED');
    expect(normalizeDisposition(undefined, 0)).toBe('NO ANSWER');
  });
});

describe('validated: what the cdrs columns cannot hold', () => {
  const cdr = (o: Partial<ParsedCdr>): ParsedCdr => ({
    callId: 'c-1',
    identity: 'c-1',
    accountCode: null,
    sourceIp: null,
    sipUser: null,
    callerNumber: null,
    calledNumber: '+12125550100',
    callerName: null,
    startedAt: new Date('2025-05-14T09:00:00Z'),
    answeredAt: null,
    endedAt: null,
    durationSec: 60,
    billsec: 50,
    disposition: 'ANSWERED',
    hangupCause: null,
    sipCode: null,
    ratePerMinute: null,
    cost: null,
    referenceMs: null,
    ...o,
  });
  const names = { called: 'to', start: 'start', answer: 'answer', end: 'end' };
  const reason = (o: Partial<ParsedCdr>) => {
    const r = validated(7, cdr(o), names);
    return r.ok ? null : r.reason;
  };

  it('takes a row at the edges of its columns', () => {
    expect(
      reason({ durationSec: 2_147_483_647, billsec: 2_147_483_647, cost: 99_999_999, ratePerMinute: 999_999 }),
    ).toBe(null);
    expect(reason({ startedAt: new Date('1990-01-01T00:00:00Z'), callId: 'x'.repeat(500) })).toBe(null);
  });

  it.each([
    [
      { startedAt: new Date('9999-12-31T00:00:00Z') },
      'start (9999-12-31T00:00:00.000Z) is more than a year in the future',
    ],
    [
      { startedAt: new Date('1970-01-01T00:00:00Z') },
      'start (1970-01-01T00:00:00.000Z) is before 1990-01-01: not a plausible call time',
    ],
    [{ durationSec: 2_147_483_648 }, 'duration (2147483648) is more than 2147483647 seconds'],
    [{ billsec: 2 ** 40, durationSec: 2 ** 41 }, 'duration (2199023255552) is more than 2147483647 seconds'],
    [{ cost: 1e8 }, 'cost (100000000) is more than 99999999'],
    [{ ratePerMinute: 1e6 }, 'rate (1000000) is more than 999999 per minute'],
    [{ callId: 'x'.repeat(501) }, 'call id is longer than 500 characters'],
    [{ endedAt: new Date('9999-12-31T00:00:00Z') }, 'end is too long after start'],
    [{ answeredAt: new Date('9000-01-01T00:00:00Z') }, 'answer is too long after start'],
  ])('rejects %o', (o, expected) => {
    expect(reason(o)).toBe(expected);
  });
});
