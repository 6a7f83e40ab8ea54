// E.164 number → ISO 3166 country, from libphonenumber-js metadata indexed once at load.
import metadata from 'libphonenumber-js/metadata.min.json';
import { nanpRegionOf } from './nanp-npa.js';

// Positions in the minified (v4) per-country tuple of libphonenumber-js metadata.
const LEADING_DIGITS = 10;
const TYPES = 11;

interface SharedCodeCountry {
  country: string;
  leadingDigits: RegExp | null;
  /** Number-type patterns, tried when the country has no leading digits (as libphonenumber does). */
  types: RegExp[];
}

/** Calling code value → its countries, main country first; non-geographic codes (+800, +881…) map to []. */
const CALLING_CODES: (string[] | undefined)[] = new Array(1000);
/** For calling codes shared by several countries (+7, +44, +590…): how to tell them apart. */
const SHARED = new Map<number, SharedCodeCountry[]>();

for (const [code, countries] of Object.entries(metadata.country_calling_codes)) {
  CALLING_CODES[Number(code)] = countries;
  if (countries.length < 2 || code === '1') continue; // NANP goes by the NPA table
  SHARED.set(
    Number(code),
    countries.map((country) => {
      const plan = metadata.countries[country as keyof typeof metadata.countries] as unknown as unknown[];
      const leading = plan[LEADING_DIGITS];
      const types = (Array.isArray(plan[TYPES]) ? (plan[TYPES] as unknown[]) : [])
        .map((t) => (Array.isArray(t) && typeof t[0] === 'string' && t[0] !== '' ? new RegExp(`^(?:${t[0]})$`) : null))
        .filter((r): r is RegExp => r !== null);
      return {
        country,
        leadingDigits: typeof leading === 'string' && leading ? new RegExp(`^(?:${leading})`) : null,
        types,
      };
    }),
  );
}
for (const code of Object.keys(metadata.nonGeographic ?? {})) CALLING_CODES[Number(code)] ??= [];

/**
 * Numeric calling code of `+…` (e.g. 371), or -1. Codes never start with 0 and are
 * prefix-free, so 1-, 2- and 3-digit values cannot collide in one table.
 */
export function callingCodeValue(e164: string | null | undefined): number {
  if (!e164 || e164.charCodeAt(0) !== 43) return -1;
  let value = 0;
  for (let i = 1; i <= 3 && i < e164.length; i++) {
    const d = e164.charCodeAt(i) - 48;
    if (d < 0 || d > 9 || (i === 1 && d === 0)) return -1;
    value = value * 10 + d;
    if (CALLING_CODES[value] !== undefined) return value;
  }
  return -1;
}

/** The country calling code of an E.164 number (`+3712…` → `371`), or null. */
export function callingCodeOf(e164: string | null | undefined): string | null {
  const code = callingCodeValue(e164);
  return code < 0 ? null : String(code);
}

/**
 * ISO 3166 alpha-2 of an E.164 number, or null (unknown or non-geographic codes such as
 * +881 satellite). NANP numbers resolve by area code; other shared codes by leading digits.
 */
export function countryOf(e164: string | null | undefined): string | null {
  const code = callingCodeValue(e164);
  if (code < 0) return null;
  if (code === 1) return nanpRegionOf(e164)?.country ?? 'US'; // toll-free and non-geographic NPAs
  const countries = CALLING_CODES[code]!;
  if (countries.length < 2) return countries[0] ?? null;
  const national = e164!.slice(code < 10 ? 2 : code < 100 ? 3 : 4);
  for (const c of SHARED.get(code)!) {
    if (c.leadingDigits ? c.leadingDigits.test(national) : c.types.some((t) => t.test(national))) return c.country;
  }
  return countries[0];
}

let displayNames: Intl.DisplayNames | undefined;

/** English name of an ISO 3166 alpha-2 code (`LV` → `Latvia`); the code itself when unknown. */
export function countryName(alpha2: string): string {
  displayNames ??= new Intl.DisplayNames('en', { type: 'region', fallback: 'code' });
  try {
    return displayNames.of(alpha2.toUpperCase()) ?? alpha2;
  } catch {
    return alpha2; // not a well-formed region code
  }
}

/** The countries whose English name contains `text` (3 letters or more, any case): `cuba` → `['CU']`. */
export function countriesNamed(text: string): string[] {
  const q = text.trim().toLowerCase();
  if (q.length < 3) return [];
  return Object.keys(metadata.countries).filter((c) => countryName(c).toLowerCase().includes(q));
}

/** Whether `alpha2` is an ISO 3166 alpha-2 code the numbering metadata knows (upper case: `LV`, not `lv`). */
export function isKnownCountry(alpha2: unknown): boolean {
  return typeof alpha2 === 'string' && /^[A-Z]{2}$/.test(alpha2) && Object.hasOwn(metadata.countries, alpha2);
}
