// Emergency numbers pass every restriction: a blocked account or a blacklisted IP must still reach 911.

/**
 * The emergency number the callee is (`911`, `112`, …, as configured), or null. Read from the digits as
 * dialled, without a SIP or tel URI around them; a leading `+` is ignored (`+112` from a mobile handset).
 */
export function emergencyNumberOf(callee: string, numbers: ReadonlySet<string>): string | null {
  const bare = callee.replace(/^<?\s*(?:sips?|tel):/i, '').split(/[@;>]/, 1)[0];
  if (/[a-z]/i.test(bare)) return null;
  const digits = bare.replace(/[^0-9]/g, '');
  return digits && numbers.has(digits) ? digits : null;
}
