// ISO 3166 alpha-2 countries with their English names, from the browser's own region names: every two-letter code
// the browser names is a country or territory, less the groupings and private-use codes it also names.
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'XA', 'XB', 'ZZ']);

export interface Country {
  code: string;
  name: string;
}

let countries: readonly Country[] | undefined;

/** Every country, by name. */
export function allCountries(): readonly Country[] {
  if (countries) return countries;
  const names = new Intl.DisplayNames('en', { type: 'region', fallback: 'none' });
  const found: Country[] = [];
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (NOT_COUNTRIES.has(code)) continue;
      let name: string | undefined;
      try {
        name = names.of(code);
      } catch {
        name = undefined;
      }
      if (name && name !== code) found.push({ code, name });
    }
  }
  countries = found.sort((x, y) => x.name.localeCompare(y.name));
  return countries;
}

/** `CU` → `Cuba`; the code itself when unknown; '' for none. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  return allCountries().find((c) => c.code === code.toUpperCase())?.name ?? code;
}
