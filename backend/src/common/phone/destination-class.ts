// Which broad class a called number falls in: what a `destination_class` restriction and the real-time seat
// thresholds count. Shared by enforcement and detection, so both read a number the same way.
import { isCaribbeanNanp, isTollFree, nanpRegionOf } from './nanp-npa.js';

// The US with its territories, and Canada: the domestic NANP market.
const DOMESTIC = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP', 'CA']);

/** Caribbean NANP: non-US numbers that are dialled like domestic ones (JM, DO, BS, …). */
export function isCaribbean(e164: string | null): boolean {
  return isCaribbeanNanp(e164);
}

/**
 * International: leaving the domestic NANP market and not Caribbean NANP (that is its own class). Toll-free
 * numbers are their own jurisdiction, never international. The seat thresholds' definition on CDRs
 * (`jurisdiction = international AND NOT caribbean`).
 */
export function isInternational(e164: string | null): boolean {
  if (!e164 || isTollFree(e164) || isCaribbeanNanp(e164)) return false;
  if (!e164.startsWith('+1')) return true;
  const region = nanpRegionOf(e164);
  return region !== null && !DOMESTIC.has(region.country);
}
