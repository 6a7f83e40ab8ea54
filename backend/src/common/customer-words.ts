// What a customer reads about its case, in the portal, the PDF and mail: plain words, never the NOC's
// event names, restriction kinds, severities or rule internals. Keys are the API's names (ticket states,
// timeline entry types, restriction kinds, event kinds); common/ imports no feature, so they are strings here.
// The portal mirrors these words in frontend/src/app/portal/customer-words.ts (customer-words.spec.ts pins both).
import { getCountryCallingCode, type CountryCode } from 'libphonenumber-js';
import { callingCodeValue, countryName, countryOf, isKnownCountry } from './phone/countries.js';

/** A case's state as the customer reads it: where it stands and who moves next. */
export const CUSTOMER_STATE_WORDS: Readonly<Record<string, string>> = {
  detected: 'Unusual calls found — we are looking into them',
  restricted: 'Calls blocked — waiting for your review',
  customer_reviewed: 'Review received — we are checking your answer',
  source_removed: 'Source removed — calls will be unblocked shortly',
  charges_accepted: 'Charges accepted — calls will be unblocked shortly',
  restrictions_lifted: 'Resolved — calls unblocked',
  dismissed: 'Closed — no fraud found',
};

/** A history entry's headline, by timeline entry type (the customer's entries only). */
export const CUSTOMER_ENTRY_WORDS: Readonly<Record<string, string>> = {
  opened: 'Case opened',
  note: 'Message',
  RESTRICT: 'Calls blocked to stop the fraud',
  CUSTOMER_REVIEW: 'Review sent',
  CONFIRM_SOURCE_REMOVED: 'We confirmed the source is removed',
  CONFIRM_CHARGES_ACCEPTED: 'We confirmed you accept the charges',
  REQUEST_INFO: 'We asked you for more information',
  LIFT_RESTRICTIONS: 'Calls unblocked',
  DISMISS: 'Case closed — no fraud found',
  REOPEN: 'Case reopened',
  restriction_expired: 'A block ended — those calls are allowed again',
};

/** What a detected event means, by event kind: the customer never reads a rule's name or thresholds. */
export const CUSTOMER_FINDING_WORDS: Readonly<Record<string, string>> = {
  threshold: 'An unusual number of calls in a short time.',
  baseline: 'Far more calls than your account usually makes.',
  first_traffic_ip: 'Calls from an internet address never seen on your account before.',
  intl_failed_attempts: 'Many failed international call attempts.',
  new_destination: 'Calls to a country your account has not called before.',
  max_rate: 'Calls to destinations with a very high price per minute.',
  seat_threshold: 'An unusual number of calls from one of your users.',
  group_threshold: 'An unusual number of calls from one of your groups.',
  brute_force: 'Repeated failed attempts to sign in to your phone system.',
  spend_limit: 'Call charges near or above your daily limit.',
  distinct_destinations: 'Calls to an unusual number of different numbers.',
  call_rate: 'Calls started much faster than usual, many in a few seconds.',
  carrier_alert: 'Our carrier reported suspicious calls on your account.',
  external: 'Suspicious calls were reported on your account.',
};

const DESTINATION_CLASS_WORDS: Readonly<Record<string, string>> = {
  international: 'international calls',
  caribbean: 'calls to Caribbean numbers',
  premium: 'calls to expensive destinations',
};

export function customerState(state: string | null | undefined): string {
  return (state && CUSTOMER_STATE_WORDS[state]) || 'In progress';
}

export function customerEntryTitle(type: string): string {
  return CUSTOMER_ENTRY_WORDS[type] ?? 'Update';
}

export function customerFinding(kind: string | null | undefined): string {
  return (kind && CUSTOMER_FINDING_WORDS[kind]) || 'Unusual calls on your account.';
}

/** `CU` → `Cuba (+53)`; the name alone when the country has no calling code; '' for none. */
export function customerCountry(alpha2: string | null | undefined): string {
  if (!alpha2) return '';
  const name = countryName(alpha2);
  const code = alpha2.toUpperCase();
  return isKnownCountry(code) ? `${name} (+${getCountryCallingCode(code as CountryCode)})` : name;
}

/** What a restriction blocks, in words: `calls to numbers starting +53 (Cuba)`, never `destination +53`. */
export function customerRestriction(r: { kind: string; value: string }): string {
  switch (r.kind) {
    case 'ip': {
      const host = /^(.*)\/(32|128)$/.exec(r.value)?.[1];
      if (host || !r.value.includes('/')) return `calls from the address ${host ?? r.value}`;
      return `calls from the addresses ${r.value}`;
    }
    case 'seat':
      return `calls by the user ${r.value}`;
    case 'group':
      return `calls by the group ${r.value}`;
    case 'destination': {
      // +1 alone is all of North America: a country is named only where the prefix is that precise; a NANP prefix
      // with its area code names the area's country (+1876 Jamaica), read as a full number.
      const nanp = callingCodeValue(r.value) === 1;
      const country = !nanp ? countryOf(r.value) : r.value.length >= 5 ? countryOf(r.value.padEnd(12, '0')) : null;
      return `calls to numbers starting ${r.value}${country ? ` (${countryName(country)})` : ''}`;
    }
    case 'destination_class':
      return DESTINATION_CLASS_WORDS[r.value] ?? 'calls to some destinations';
    case 'account':
      return 'all outgoing calls on your account';
    default:
      return `calls matching ${r.value}`;
  }
}

/** Words a customer must never read in its portal, PDF or mail (tests check every customer page against it). */
export const INTERNAL_WORDS: readonly string[] = [
  'RESTRICT',
  'CUSTOMER_REVIEW',
  'LIFT_RESTRICTIONS',
  'CONFIRM_SOURCE_REMOVED',
  'REQUEST_INFO',
  'DISMISS',
  'detected →',
  '→ restricted',
  'restricted ->',
  'destination_class',
  'customer_reviewed',
  'restrictions_lifted',
  'Severity',
  'severity',
  'urgent',
  "rule '",
  'threshold',
  'dedupe',
];
