import { isTollFree, nanpRegionOf } from '../../common/phone/nanp-npa.js';

export type Jurisdiction = 'toll_free' | 'international' | 'interstate' | 'intrastate';

export const JURISDICTIONS: readonly Jurisdiction[] = ['interstate', 'intrastate', 'international', 'toll_free'];

// The US with its territories, and Canada: one domestic NANP market for baselines.
const DOMESTIC = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP', 'CA']);

export interface JurisdictionInput {
  callerE164: string | null;
  calledE164: string | null;
  /** Home state / province of the customer, used when the caller number says nothing. */
  customerState?: string | null;
  /** Home country of the customer (ISO alpha-2), default US. */
  customerCountry?: string | null;
}

/**
 * 1. a NANP toll-free (8YY) called number → toll_free;
 * 2. a called number outside the US (and its territories) and Canada → international,
 *    including the Caribbean NANP area codes, which are dialled like domestic numbers;
 * 3. otherwise compare the called number's state with the caller's: from the caller's
 *    area code when it is a US/Canadian number, else the customer's home state.
 *    Same state → intrastate; different, or either unknown → interstate.
 */
export function jurisdictionOf(input: JurisdictionInput): Jurisdiction {
  const { callerE164, calledE164 } = input;
  if (isTollFree(calledE164)) return 'toll_free';
  if (!calledE164) return 'interstate'; // unknown destination
  if (!calledE164.startsWith('+1')) return 'international';
  const called = nanpRegionOf(calledE164);
  if (called && !DOMESTIC.has(called.country)) return 'international';
  if (!called?.state) return 'interstate'; // non-geographic or multi-province NPA

  const caller = nanpRegionOf(callerE164);
  let callerState: string | null | undefined;
  if (caller && DOMESTIC.has(caller.country)) {
    callerState = caller.state;
  } else {
    const home = (input.customerCountry ?? 'US').trim().toUpperCase();
    callerState = DOMESTIC.has(home) ? input.customerState?.trim().toUpperCase() : null;
  }
  return callerState && callerState === called.state ? 'intrastate' : 'interstate';
}
