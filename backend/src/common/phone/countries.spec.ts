import examples from 'libphonenumber-js/examples.mobile.json';
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString } from 'libphonenumber-js';
import { describe, expect, it } from 'vitest';
import { callingCodeOf, countryName, countryOf } from './countries.js';

describe(countryOf.name, () => {
  it.each([
    ['+442079460000', 'GB'],
    ['+447400123456', 'GB'],
    ['+441481712345', 'GG'], // Guernsey shares +44
    ['+447624123456', 'IM'], // Isle of Man
    ['+37121234567', 'LV'],
    ['+37167123456', 'LV'],
    ['+5351234567', 'CU'],
    ['+23276123456', 'SL'],
    ['+252612345678', 'SO'],
    ['+224601123456', 'GN'],
    ['+74951234567', 'RU'],
    ['+79161234567', 'RU'],
    ['+77012345678', 'KZ'],
    ['+77172123456', 'KZ'],
    ['+33612345678', 'FR'],
    ['+590690001234', 'GP'],
    ['+61412345678', 'AU'],
    ['+12125550101', 'US'],
    ['+14165550101', 'CA'],
    ['+18095551234', 'DO'],
    ['+18765551234', 'JM'],
    ['+17875551234', 'PR'],
    ['+13405551234', 'VI'],
    ['+18005550100', 'US'], // toll-free: no country of its own
  ])('%s → %s', (e164, country) => {
    expect(countryOf(e164)).toBe(country);
  });

  it('has no country for non-geographic or unknown codes', () => {
    expect(countryOf('+881612345678')).toBeNull(); // Iridium
    expect(countryOf('+80012345678')).toBeNull(); // international freephone
    expect(countryOf('+999123456')).toBeNull();
    expect(countryOf('2125550101')).toBeNull();
    expect(countryOf(null)).toBeNull();
  });

  it('agrees with libphonenumber on an example number of every country', () => {
    const disagreements: string[] = [];
    for (const country of getCountries()) {
      const national = (examples as Record<string, string | undefined>)[country];
      if (!national) continue;
      const e164 = `+${getCountryCallingCode(country)}${national}`;
      const expected = parsePhoneNumberFromString(e164)?.country;
      if (expected && countryOf(e164) !== expected) disagreements.push(`${e164}: ${countryOf(e164)} vs ${expected}`);
    }
    expect(disagreements).toEqual([]);
  });
});

describe(callingCodeOf.name, () => {
  it('finds 1-, 2- and 3-digit codes', () => {
    expect(callingCodeOf('+12125550101')).toBe('1');
    expect(callingCodeOf('+442079460000')).toBe('44');
    expect(callingCodeOf('+37121234567')).toBe('371');
    expect(callingCodeOf('+881612345678')).toBe('881');
    expect(callingCodeOf('+0123')).toBeNull();
  });
});

describe(countryName.name, () => {
  it('names countries in English', () => {
    expect(countryName('LV')).toBe('Latvia');
    expect(countryName('gb')).toBe('United Kingdom');
    expect(countryName('DO')).toBe('Dominican Republic');
    expect(countryName('ZZ')).toBe('Unknown Region');
    expect(countryName('not a code')).toBe('not a code');
  });
});
