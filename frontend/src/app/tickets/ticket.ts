// The server's shapes are the generated API types (`npm run contracts`, docs/api.md §Tickets); this file adds the UI's lists and
// labels (what the NOC reads) and the request shapes the forms build.
import type { components } from '../core/api.generated';

type Schemas = components['schemas'];

export type CaseState = Schemas['CaseState'];
export const CASE_STATES = [
  'detected',
  'restricted',
  'customer_reviewed',
  'source_removed',
  'charges_accepted',
  'restrictions_lifted',
  'dismissed',
] as const satisfies readonly CaseState[];

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

export type Severity = Schemas['Severity'];
export const SEVERITIES = ['notify', 'warning', 'urgent', 'block'] as const satisfies readonly Severity[];

export type Escalation = Schemas['Escalation'];
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
] as const satisfies readonly Schemas['TicketEventType'][];
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

export type RestrictionKind = Schemas['RestrictionKind'];
export const RESTRICTION_KINDS = [
  'ip',
  'seat',
  'group',
  'destination',
  'destination_class',
  'account',
] as const satisfies readonly RestrictionKind[];

export const RESTRICTION_KIND_LABELS: Readonly<Record<RestrictionKind, string>> = {
  ip: 'IP address',
  seat: 'Seat',
  group: 'Group',
  destination: 'Destination',
  destination_class: 'Destination class',
  account: 'Account',
};

/** What RESTRICT sends: an IP range beyond the customer's own addresses needs a reason; an admin may confirm a broad one. */
export type RestrictionRequest = Schemas['RestrictionDto'];
export type RestrictionSpec = Pick<RestrictionRequest, 'kind' | 'value'>;

/** A customer whose inventory a restricted IP range covers. */
export type CoveredCustomer = Schemas['CoveredCustomer'];
export type Restriction = Schemas['TicketRestriction'];
/** A restriction in force on a customer's account, with the case that placed it. */
export type CustomerRestriction = Schemas['CustomerRestriction'];
export type Exposure = Schemas['Exposure'];
/** A row of the queue (`GET /api/tickets`). */
export type TicketSummary = Schemas['TicketSummary'];
export type ChecklistItem = Schemas['ChecklistItem'];
export type SlaClocks = Schemas['SlaClocks'];
/** `GET /api/tickets/:id`, and the answer of every change to the ticket. */
export type Ticket = Schemas['TicketDetail'];
export type CaseCall = Schemas['CaseCall'];
export type CallSeries = Schemas['CallSeries'];
export type TimelineEntry = Schemas['TimelineEntry'];
export type Verdict = Schemas['Verdict'];

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

export type QueueSort = Schemas['QueueSort'];
export type QueueOrder = Schemas['QueueOrder'];
export type SavedQueueFilter = Schemas['SavedQueueFilter'];
export type QueueFilterFields = Schemas['QueueFilterDto'];
export type BulkActionOutcome = Schemas['BulkActionOutcome'];
/** A colleague a case can be given to (`GET /api/users/assignable`). */
export type AssignableUser = Schemas['AssignableUser'];

export interface TicketQuery {
  /** A state, a comma-separated list, or `open` / `closed`. */
  state?: string;
  customerId?: string | null;
  severity?: Severity | null;
  q?: string;
  /** `me`, `none` (nobody's) or a user id. */
  owner?: string | null;
  /** Without it, most severe first. */
  sort?: QueueSort | null;
  order?: QueueOrder | null;
  limit?: number;
  cursor?: string | null;
}

/** A block that belongs to one customer's account (`GET /api/enforcement/blocklist`). */
export type AccountBlock = Schemas['AccountBlock'];
/** IPs are global: a blocked source is blocked for every account. */
export type Blocklist = Schemas['Blocklist'];

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
    case 'destination_class':
      return list.destinationClasses.some(mine);
  }
}

/** The events of `allowedEvents` the app has a form for, in the server's order. */
export function sendableEvents(allowed: readonly string[]): TicketEventType[] {
  return allowed.filter((type): type is TicketEventType => (EVENT_TYPES as readonly string[]).includes(type));
}

/**
 * The step a case waits for, by state (the lifecycle of docs/design.md): the queue offers it inline and the ticket
 * page puts it first. A restricted case waits on the customer's review, a closed one on nobody.
 */
const NEXT_STEPS: Readonly<Record<CaseState, readonly TicketEventType[]>> = {
  detected: ['RESTRICT'],
  restricted: [],
  customer_reviewed: ['CONFIRM_SOURCE_REMOVED', 'CONFIRM_CHARGES_ACCEPTED'],
  source_removed: ['LIFT_RESTRICTIONS'],
  charges_accepted: ['LIFT_RESTRICTIONS'],
  restrictions_lifted: [],
  dismissed: [],
};

/** The case's next step if the caller may take it now (the server's `allowedEvents` decide), else null. */
export function nextStep(ticket: { state: CaseState; allowedEvents: readonly string[] }): TicketEventType | null {
  return NEXT_STEPS[ticket.state].find((type) => ticket.allowedEvents.includes(type)) ?? null;
}

/** Whose move it is: a restricted case waits on the customer's review, an open one on the NOC. */
export function waitsOn(state: CaseState): 'customer' | 'noc' | null {
  if (state === 'restricted') return 'customer';
  return state === 'restrictions_lifted' || state === 'dismissed' ? null : 'noc';
}

export function stateLabel(state: string | null | undefined): string {
  return state ? (STATE_LABELS[state as CaseState] ?? state) : '';
}
