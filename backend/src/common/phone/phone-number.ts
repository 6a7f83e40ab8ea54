// Dialled / caller numbers as switches write them → E.164: the one normaliser, used by CDR
// enrichment, restriction values and authorize. Runs twice per CDR, so the common shapes go
// through a hand-written scanner instead of a full libphonenumber parse; libphonenumber's
// metadata still decides which calling codes exist.
import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { callingCodeValue } from './countries.js';

const PLAIN = /^\+?\d+$/;

export interface NormalizeOptions {
  /**
   * The home country (ISO alpha-2) whose dialling plan reads numbers written without `+`. Default US. A NANP
   * country reads them as below; any other country through libphonenumber: `00` + international, the country code
   * without a prefix (`34688886392` from a Spanish switch), or a national number (`89161234567`, `0501234567`).
   */
  homeCountry?: string;
  /**
   * The caller's own number (E.164), the context of local dialling: a 7-digit number is a call
   * within the caller's NANP area code. Without it, a 7-digit number stays unknown (null), never
   * a country code plus digits.
   */
  callerE164?: string | null;
}

/**
 * `+44 20 7946 0000`, `011442079460000`, `00 44…`, `(212) 555-0101`, `1-212-555-0101`,
 * `sip:+12125550101@carrier.example;user=phone`, `tel:+1-212-555-0101` → `+…`.
 * Null for local 7-digit numbers, unknown calling codes, letters and other junk.
 */
export function normalizeNumber(raw: string | null | undefined, opts: NormalizeOptions = {}): string | null {
  if (!raw) return null;
  let s = raw;
  // URI forms are rare: only pay for the regex when a URI character is present.
  if (/[:@;<>]/.test(s)) {
    s = s.trim().replace(/^<?\s*(?:sips?|tel):/i, '');
    const cut = s.search(/[@;>]/);
    if (cut !== -1) s = s.slice(0, cut);
    if (s.includes(':')) return null;
  }

  let digits = '';
  let plus = false;
  if (PLAIN.test(s)) {
    plus = s.charCodeAt(0) === 43;
    digits = plus ? s.slice(1) : s;
  } else {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 48 && c <= 57) digits += s[i];
      else if (c === 43 && digits === '' && !plus)
        plus = true; // '+'
      else if (c !== 32 && c !== 45 && c !== 40 && c !== 41 && c !== 46 && c !== 47 && c !== 9 && c !== 160)
        return null; // ' ' - ( ) . / tab nbsp
    }
  }

  if (!plus && opts.homeCountry && !isNanpCountry(opts.homeCountry)) return fromHomePlan(digits, opts.homeCountry);
  if (!plus) {
    if (digits.startsWith('011'))
      digits = digits.slice(3); // NANP international prefix
    else if (digits.startsWith('00'))
      digits = digits.slice(2); // ITU international prefix
    else if (digits.length === 10)
      digits = `1${digits}`; // NANP national number
    else if (digits.length === 7 && opts.callerE164?.startsWith('+1') && opts.callerE164.length === 12)
      digits = `1${opts.callerE164.slice(2, 5)}${digits}`; // NANP local dialling: the caller's area code
    else if (digits.length !== 11 || digits[0] !== '1') return null; // 7-digit numbers without context and the like
  }
  return e164OrNull(digits);
}

function e164OrNull(digits: string): string | null {
  if (digits.length < 7 || digits.length > 15) return null;
  const e164 = `+${digits}`;
  const code = callingCodeValue(e164);
  if (code < 0) return null;
  if (code === 1) {
    // NANP: exactly 10 digits after the 1, area code NXX.
    if (digits.length !== 11 || digits.charCodeAt(1) < 50) return null;
  } else if (digits.length - (code < 10 ? 1 : code < 100 ? 2 : 3) < 4) {
    return null;
  }
  return e164;
}

const nanp = new Map<string, boolean>();

/** True for the US, Canada and the other countries of calling code +1 (and for codes libphonenumber does not know). */
export function isNanpCountry(country: string): boolean {
  let v = nanp.get(country);
  if (v === undefined) {
    v = !isSupportedCountry(country) || getCountryCallingCode(country) === '1';
    nanp.set(country, v);
  }
  return v;
}

/** A number without `+` dialled in a non-NANP country; null for extensions and what the plan does not hold. */
function fromHomePlan(digits: string, home: string): string | null {
  if (digits.startsWith('00')) return e164OrNull(digits.slice(2));
  if (digits.length < 7) return null; // an extension or a short code
  const code = getCountryCallingCode(home as Parameters<typeof getCountryCallingCode>[0]);
  if (digits.startsWith(code)) {
    const international = parsePhoneNumberFromString(`+${digits}`);
    if (international?.isValid()) return international.number;
  }
  const national = parsePhoneNumberFromString(digits, home as Parameters<typeof getCountryCallingCode>[0]);
  return national?.isValid() ? national.number : null;
}

/** An internal extension: 2 to 6 digits that are not an emergency or short service number. */
export function isExtension(raw: string | null | undefined): boolean {
  if (!raw) return false;
  const v = raw.trim();
  return /^\d{2,6}$/.test(v) && !SERVICE_NUMBERS.has(v);
}

// Emergency numbers a switch writes without a prefix (NANP, EU, UK, AU, CN/JP/DE…): calls out, never on-net.
const SERVICE_NUMBERS = new Set(['911', '933', '988', '112', '999', '000', '110', '119']);
