import { countryOf } from '../../common/phone/countries.js';
import { isTollFree, nanpRegionOf } from '../../common/phone/nanp-npa.js';
import { isNanpCountry } from '../../common/phone/phone-number.js';

export type Jurisdiction =
  'toll_free' | 'international' | 'interstate' | 'intrastate' | 'national' | 'internal' | 'unknown';

export const JURISDICTIONS: readonly Jurisdiction[] = [
  'interstate',
  'intrastate',
  'international',
  'toll_free',
  'national',
  'internal',
  'unknown',
];

// The US with its territories, and Canada: one domestic NANP market for baselines.
const DOMESTIC = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP', 'CA']);

export interface JurisdictionInput {
  callerE164: string | null;
  calledE164: string | null;
  /** The called number is an internal extension (see `isExtension`): an on-net call. */
  calledIsExtension?: boolean;
  /** Home state / province of the customer, used when the caller number says nothing. */
  customerState?: string | null;
  /** Home country of the customer (ISO alpha-2), default US. */
  customerCountry?: string | null;
}

/**
 * 0. an internal extension → internal (on-net); a number that cannot be read → unknown;
 * 1. outside the NANP (a home country of another plan): the home country → national, any other → international;
 * 2. a NANP toll-free (8YY) called number → toll_free;
 * 3. a called number outside the US (and its territories) and Canada → international,
 *    including the Caribbean NANP area codes, which are dialled like domestic numbers;
 * 4. otherwise compare the called number's state with the caller's: from the caller's
 *    area code when it is a US/Canadian number, else the customer's home state.
 *    Same state → intrastate; different → interstate; either unknown → unknown.
 */
export function jurisdictionOf(input: JurisdictionInput): Jurisdiction {
  const { callerE164, calledE164 } = input;
  if (input.calledIsExtension) return 'internal';
  if (!calledE164) return 'unknown';
  const home = (input.customerCountry ?? 'US').trim().toUpperCase() || 'US';
  if (!isNanpCountry(home)) return countryOf(calledE164) === home ? 'national' : 'international';
  if (isTollFree(calledE164)) return 'toll_free';
  if (!calledE164.startsWith('+1')) return 'international';
  const called = nanpRegionOf(calledE164);
  if (called && !DOMESTIC.has(called.country)) return 'international';
  if (!called?.state) return 'unknown'; // non-geographic or multi-province NPA

  const caller = nanpRegionOf(callerE164);
  let callerState: string | null | undefined;
  if (caller && DOMESTIC.has(caller.country)) {
    callerState = caller.state;
  } else {
    callerState = DOMESTIC.has(home) ? input.customerState?.trim().toUpperCase() : null;
  }
  if (!callerState) return 'unknown';
  return callerState === called.state ? 'intrastate' : 'interstate';
}
