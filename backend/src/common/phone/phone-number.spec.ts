import { describe, expect, it } from 'vitest';
import { normalizeNumber } from './phone-number.js';

describe(normalizeNumber.name, () => {
  it.each([
    // NANP national shapes
    ['2125550101', '+12125550101'],
    ['(212) 555-0101', '+12125550101'],
    ['212.555.0101', '+12125550101'],
    ['212 555 0101', '+12125550101'],
    ['12125550101', '+12125550101'],
    ['1-212-555-0101', '+12125550101'],
    ['1 (212) 555-0101', '+12125550101'],
    ['8095551234', '+18095551234'],
    // E.164 with +
    ['+12125550101', '+12125550101'],
    ['+1 (212) 555-0101', '+12125550101'],
    ['+44 20 7946 0000', '+442079460000'],
    ['+371 2123 4567', '+37121234567'],
    // international prefixes
    ['011442079460000', '+442079460000'],
    ['011 44 20 7946 0000', '+442079460000'],
    ['00442079460000', '+442079460000'],
    ['0053 7 123 4567', '+5371234567'],
    ['01112125550101', '+12125550101'],
    // SIP / tel URIs
    ['sip:+12125550101@carrier.example.net', '+12125550101'],
    ['sip:2125550101@10.0.0.1:5060;user=phone', '+12125550101'],
    ['<sip:+442079460000@carrier.example>', '+442079460000'],
    ['SIPS:011442079460000@x', '+442079460000'],
    ['tel:+1-212-555-0101', '+12125550101'],
    ['tel:+1-212-555-0101;ext=22', '+12125550101'],
    ['  +1 212 555 0101  ', '+12125550101'],
  ])('%s → %s', (raw, e164) => {
    expect(normalizeNumber(raw)).toBe(e164);
    expect(normalizeNumber(raw, { homeCountry: 'US' })).toBe(e164);
  });

  it.each<[string | null | undefined, string]>([
    ['5550101', 'a 7-digit local number'],
    ['555-0101', 'a 7-digit local number'],
    ['1125550101', 'an area code starting with 1'],
    ['0125550101', 'an area code starting with 0'],
    ['+1212555010', 'a short NANP number'],
    ['+121255501011', 'a long NANP number'],
    ['212555010', '9 digits'],
    ['22125550101', '11 digits not starting with 1'],
    ['+999123456789', 'an unassigned calling code'],
    ['+44', 'a bare calling code'],
    ['+44123', 'too short for the calling code'],
    ['+4412345678901234', 'longer than 15 digits'],
    ['1-800-FLOWERS', 'letters'],
    ['2125550101x22', 'an extension'],
    ['*672125550101', 'a feature code'],
    ['anonymous', 'a word'],
    ['sip:anonymous@anonymous.invalid', 'an anonymous URI'],
    ['++12125550101', 'two plus signs'],
    ['1+2125550101', 'a plus in the middle'],
    ['', 'an empty string'],
    [null, 'null'],
    [undefined, 'undefined'],
  ])('%s (%s) → null', (raw) => {
    expect(normalizeNumber(raw)).toBeNull();
  });
});

describe('normalizeNumber with a dialling context', () => {
  const US_CALLER = '+12125550101';

  it.each([
    // A 7-digit local call from a New York caller stays in New York: never Cuba (+53).
    ['5370142', US_CALLER, '+12125370142'],
    ['537-0142', US_CALLER, '+12125370142'],
    // 10 digits are NANP whatever the caller; prefixes and + are international.
    ['5372345678', US_CALLER, '+15372345678'],
    ['+5372345678', US_CALLER, '+5372345678'],
    ['0115372345678', US_CALLER, '+5372345678'],
    ['005372345678', US_CALLER, '+5372345678'],
  ])('%s from %s → %s', (raw, caller, e164) => {
    expect(normalizeNumber(raw, { callerE164: caller })).toBe(e164);
  });

  it.each<[string, string | null]>([
    ['5370142', null],
    ['5370142', '+442079460000'], // local dialling outside NANP is not guessed
    ['5370142', '+1212555'], // a malformed caller gives no context
  ])('a 7-digit number %s with caller %s stays unknown', (raw, caller) => {
    expect(normalizeNumber(raw, { callerE164: caller })).toBeNull();
  });
});
