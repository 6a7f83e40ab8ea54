// What a switch wrote as the called number, before any parsing: its digits, and whether it walks the
// international prefixes (a probe).

/** The digits (and a leading +) of a dialled string as switches write it: `sip:011…@host`, `tel:+…`, `<00…>`. */
export function dialledDigits(dialled: string): string {
  const bare = dialled.replace(/^<?\s*(?:sips?|tel):/i, '').split(/[@;>]/, 1)[0];
  return bare.replace(/[^0-9+]/g, '');
}

/**
 * A probe: a number dialled with the international prefix (011 in NANP, 00 elsewhere) that does not make a
 * number of any country (`country` null), as when someone walks the prefixes to find a route that connects.
 */
export function isProbeDial(dialled: string, country: string | null): boolean {
  if (country !== null) return false;
  const d = dialledDigits(dialled);
  return d.startsWith('011') || d.startsWith('00');
}
