// The portal's copy of the customer's words: backend/src/common/customer-words.ts is the source (the PDF and
// mail use it) and backend/src/common/customer-words.spec.ts fails when the two differ. No event names,
// restriction kinds, severities or rule internals reach a customer's screen.

export const CUSTOMER_STATE_WORDS: Readonly<Record<string, string>> = {
  detected: 'Unusual calls found — we are looking into them',
  restricted: 'Calls blocked — waiting for your review',
  customer_reviewed: 'Review received — we are checking your answer',
  source_removed: 'Source removed — calls will be unblocked shortly',
  charges_accepted: 'Charges accepted — calls will be unblocked shortly',
  restrictions_lifted: 'Resolved — calls unblocked',
  dismissed: 'Closed — no fraud found',
};

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

const DESTINATION_CLASS_WORDS: Readonly<Record<string, string>> = {
  international: 'international calls',
  caribbean: 'calls to Caribbean numbers',
  premium: 'calls to expensive destinations',
};

/** The lifecycle's steps as the customer follows them. */
export const CUSTOMER_STEP_WORDS = [
  'Unusual calls found',
  'Calls blocked',
  'Your review',
  'Source removed',
  'Calls unblocked',
];

export function customerState(state: string | null | undefined): string {
  return (state && CUSTOMER_STATE_WORDS[state]) || 'In progress';
}

export function customerEntryTitle(type: string): string {
  return CUSTOMER_ENTRY_WORDS[type] ?? 'Update';
}

let regionNames: Intl.DisplayNames | undefined;

/** `CU` → `Cuba`; the code itself when unknown. */
export function countryNameOf(alpha2: string | null | undefined): string {
  if (!alpha2) return '';
  regionNames ??= new Intl.DisplayNames('en', { type: 'region', fallback: 'code' });
  try {
    return regionNames.of(alpha2.toUpperCase()) ?? alpha2;
  } catch {
    return alpha2;
  }
}

/** What a restriction blocks, in words: `calls to numbers starting +53`, never `destination +53`. */
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
    case 'destination':
      return `calls to numbers starting ${r.value}`;
    case 'destination_class':
      return DESTINATION_CLASS_WORDS[r.value] ?? 'calls to some destinations';
    case 'account':
      return 'all outgoing calls on your account';
    default:
      return `calls matching ${r.value}`;
  }
}

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
