import type { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';

/** The IANA time zones this browser knows (plus UTC, which some engines leave out of the list). */
export const TIME_ZONES: readonly string[] = (() => {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  return [...zones].sort();
})();

const KNOWN = new Set(TIME_ZONES);

export function isTimeZone(value: string): boolean {
  return KNOWN.has(value);
}

/** `{timeZone: true}` unless the value is an IANA time zone name; empty is left to `required`. */
export const timeZoneValidator: ValidatorFn = (control: AbstractControl<string>): ValidationErrors | null => {
  const value = (control.value ?? '').trim();
  return value === '' || isTimeZone(value) ? null : { timeZone: true };
};

/** Up to `limit` zones containing `text` (case-insensitive), for the autocomplete. */
export function matchTimeZones(text: string, limit = 50): string[] {
  const needle = text.trim().toLowerCase().replaceAll(' ', '_');
  const matches = needle ? TIME_ZONES.filter((zone) => zone.toLowerCase().includes(needle)) : TIME_ZONES;
  return matches.slice(0, limit);
}
