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
} from './fields.js';

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
