// Names in this file are the server's (docs/api.md §Tickets); labels are what the NOC reads.

export const CASE_STATES = [
  'detected',
  'restricted',
  'customer_reviewed',
  'source_removed',
  'charges_accepted',
  'restrictions_lifted',
  'dismissed',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

export const STATE_LABELS: Readonly<Record<CaseState, string>> = {
  detected: 'Detected',
  restricted: 'Restricted',
  customer_reviewed: 'Customer reviewed',
  source_removed: 'Source removed',
  charges_accepted: 'Charges accepted',
  restrictions_lifted: 'Restrictions lifted',
  dismissed: 'Dismissed',
};

/** The colour family of a state's badge (`tg-state-*` in styles.scss). */
export const STATE_TONES: Readonly<Record<CaseState, 'open' | 'restricted' | 'review' | 'resolved' | 'closed'>> = {
  detected: 'open',
  restricted: 'restricted',
  customer_reviewed: 'review',
  source_removed: 'review',
  charges_accepted: 'review',
  restrictions_lifted: 'resolved',
  dismissed: 'closed',
};

export const SEVERITIES = ['notify', 'warning', 'urgent', 'block'] as const;
export type Severity = (typeof SEVERITIES)[number];

export type Escalation = 'idle' | 'paging' | 'engaged';
export const ESCALATION_LABELS: Readonly<Record<Escalation, string>> = {
  idle: 'Not escalated',
  paging: 'Paging on-call',
  engaged: 'Engineer engaged',
};

/** Events a person sends (`PAGE_TIMEOUT` is the system's). */
export const EVENT_TYPES = [
  'RESTRICT',
  'CUSTOMER_REVIEW',
  'CONFIRM_SOURCE_REMOVED',
  'CONFIRM_CHARGES_ACCEPTED',
  'REQUEST_INFO',
  'LIFT_RESTRICTIONS',
  'DISMISS',
  'REOPEN',
  'ESCALATE',
  'ACKNOWLEDGE',
  'RESOLVE_ESCALATION',
] as const;
export type TicketEventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Readonly<Record<TicketEventType, string>> = {
  RESTRICT: 'Restrict',
  CUSTOMER_REVIEW: 'Record customer review',
  CONFIRM_SOURCE_REMOVED: 'Confirm source removed',
  CONFIRM_CHARGES_ACCEPTED: 'Confirm charges accepted',
  REQUEST_INFO: 'Request info',
  LIFT_RESTRICTIONS: 'Lift restrictions',
  DISMISS: 'Dismiss',
  REOPEN: 'Reopen',
  ESCALATE: 'Escalate',
  ACKNOWLEDGE: 'Acknowledge',
  RESOLVE_ESCALATION: 'Resolve escalation',
};

/** What the snack bar says once the server accepted the event. */
export const EVENT_DONE: Readonly<Record<TicketEventType, string>> = {
  RESTRICT: 'restricted',
  CUSTOMER_REVIEW: 'review recorded',
  CONFIRM_SOURCE_REMOVED: 'source removal confirmed',
  CONFIRM_CHARGES_ACCEPTED: 'charges accepted',
  REQUEST_INFO: 'information requested from the customer',
  LIFT_RESTRICTIONS: 'restrictions lifted',
  DISMISS: 'dismissed',
  REOPEN: 'reopened',
  ESCALATE: 'escalated, paging on-call',
  ACKNOWLEDGE: 'page acknowledged',
  RESOLVE_ESCALATION: 'escalation resolved',
};

export const RESTRICTION_KINDS = ['ip', 'seat', 'group', 'destination', 'account'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

export const RESTRICTION_KIND_LABELS: Readonly<Record<RestrictionKind, string>> = {
  ip: 'IP address',
  seat: 'Seat',
  group: 'Group',
  destination: 'Destination',
  account: 'Account',
};

export interface RestrictionSpec {
  kind: RestrictionKind;
  value: string;
}

/** What RESTRICT sends: an IP range beyond the customer's own addresses needs a reason; an admin may confirm a broad one. */
export interface RestrictionRequest extends RestrictionSpec {
  reason?: string;
  confirmBroad?: true;
}

/** A customer whose inventory a restricted IP range covers. */
export interface CoveredCustomer {
  customerId: string;
  accountCode: string;
  name: string;
}

export interface Restriction extends RestrictionSpec {
  id: string;
  status: 'active' | 'lifted';
  /** NOC only: why an IP range reaches beyond the ticket customer's addresses. */
  reason?: string | null;
  /** NOC only: the customers whose inventory the range covered when it was placed. */
  covers?: CoveredCustomer[];
  createdAt?: string;
  createdBy?: string | null;
  liftedAt?: string | null;
  liftedBy?: string | null;
}

export interface Exposure {
  calls: number;
  minutes: number;
  cost: number;
}

/** A row of the queue (`GET /api/tickets`). */
export interface TicketSummary {
  id: string;
  number: string;
  customerId: string;
  customerName?: string;
  /** The customer's account code: the switch's blocklist names customer blocks by it. */
  accountCode?: string;
  title: string;
  kind: string;
  severity: Severity;
  state: CaseState;
  escalation: Escalation;
  version: number;
  /** Present when the server computes it for list rows too. */
  allowedEvents?: string[];
  exposure: Exposure;
  openedAt: string;
  updatedAt: string;
  closedAt: string | null;
}

export interface ChecklistItem {
  id: string;
  /** The contract's name; the server has also sent `item`. */
  label?: string;
  item?: string;
  checked: boolean;
  finding: string | null;
  checkedBy?: string | null;
  checkedAt?: string | null;
}

export interface SlaClocks {
  acknowledgeSeconds: number | null;
  restrictSeconds: number | null;
  waitingOnCustomerSeconds: number | null;
}

/** `GET /api/tickets/:id`. */
export interface Ticket extends TicketSummary {
  allowedEvents: string[];
  restrictions: Restriction[];
  clientSummary: string | null;
  verdict?: 'fraudulent' | 'legitimate' | null;
  checklist?: ChecklistItem[];
  sla?: SlaClocks;
}

export interface TimelineEntry {
  id: string;
  type: string;
  actorName?: string | null;
  actorRole?: string;
  /** The server's shape so far: the actor as one object. */
  actor?: { id: string | null; role: string; name: string | null };
  fromState: CaseState | null;
  toState: CaseState | null;
  payload: Record<string, unknown> | null;
  visibility: 'internal' | 'customer';
  at: string;
}

export type Verdict = 'fraudulent' | 'legitimate';

export type CustomerReview =
  | { verdict: 'fraudulent'; message: string; sourceRemoved: true }
  | { verdict: 'legitimate'; message: string; acceptCharges: true };

/** An event's payload, as `POST /api/tickets/:id/events` takes it (with `version`). */
export type TicketEvent =
  | { type: 'RESTRICT'; restrictions: RestrictionRequest[]; clientSummary?: string; message?: string }
  | ({ type: 'CUSTOMER_REVIEW' } & CustomerReview)
  | { type: 'CONFIRM_SOURCE_REMOVED' | 'CONFIRM_CHARGES_ACCEPTED' | 'LIFT_RESTRICTIONS' | 'ACKNOWLEDGE' }
  | { type: 'REQUEST_INFO' | 'RESOLVE_ESCALATION'; message: string }
  | { type: 'DISMISS' | 'REOPEN' | 'ESCALATE'; reason: string };

export interface TicketQuery {
  /** A state, a comma-separated list, or `open` / `closed`. */
  state?: string;
  customerId?: string | null;
  severity?: Severity | null;
  q?: string;
  limit?: number;
  cursor?: string | null;
}

/** A block that belongs to one customer's account (`GET /api/enforcement/blocklist`). */
export interface AccountBlock {
  account: string;
  value: string;
}

export interface Blocklist {
  /** Global: a blocked source is blocked for every account. */
  ips: string[];
  seats: AccountBlock[];
  groups: AccountBlock[];
  destinations: AccountBlock[];
  accounts: string[];
  version: number | string;
}

/** Account codes are case-insensitive (ASCII letters fold, as on the server). */
const foldAccount = (code: string) => code.replace(/[A-Z]+/g, (s) => s.toLowerCase());

/** Whether the blocklist carries `restriction` for the account `accountCode` (IPs for everyone). */
export function blocklistCarries(
  list: Blocklist,
  restriction: RestrictionSpec,
  accountCode: string | undefined,
): boolean {
  const mine = (e: AccountBlock) =>
    accountCode !== undefined && foldAccount(e.account) === foldAccount(accountCode) && e.value === restriction.value;
  switch (restriction.kind) {
    case 'ip':
      return list.ips.includes(restriction.value);
    case 'account':
      return list.accounts.some((a) => foldAccount(a) === foldAccount(restriction.value));
    case 'seat':
      return list.seats.some(mine);
    case 'group':
      return list.groups.some(mine);
    case 'destination':
      return list.destinations.some(mine);
  }
}

/** The events of `allowedEvents` the app has a form for, in the server's order. */
export function sendableEvents(allowed: readonly string[]): TicketEventType[] {
  return allowed.filter((type): type is TicketEventType => (EVENT_TYPES as readonly string[]).includes(type));
}

export function stateLabel(state: string | null | undefined): string {
  return state ? (STATE_LABELS[state as CaseState] ?? state) : '';
}

export function checklistLabel(item: ChecklistItem): string {
  return item.label ?? item.item ?? '';
}
