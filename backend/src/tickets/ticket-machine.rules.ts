// Pure predicates behind the machine's guards. The machine is their only caller that
// decides anything; `decide()` re-asks them only to say *why* an event was refused.
import { RESTRICTION_KINDS, type RestrictionSpec } from '../restrictions/restriction-kinds.js';
import {
  TICKET_EVENT_TYPES,
  TICKET_ROLES,
  VERDICTS,
  type TicketEventType,
  type TicketRole,
} from './ticket-machine.types.js';

const NOC: readonly TicketEventType[] = [
  'RESTRICT',
  'CUSTOMER_REVIEW', // recorded on the customer's behalf when they answer by phone or mail
  'CONFIRM_SOURCE_REMOVED',
  'CONFIRM_CHARGES_ACCEPTED',
  'REQUEST_INFO',
  'LIFT_RESTRICTIONS',
  'DISMISS',
  'REOPEN',
  'ESCALATE',
  'RESOLVE_ESCALATION', // from `paging` too: withdrawing a page nobody answered
];

/** Who may ever send what. State-specific limits live in the machine's guards. */
export const EVENTS_BY_ROLE: Readonly<Record<TicketRole, readonly TicketEventType[]>> = {
  admin: NOC,
  technician: NOC,
  engineer: ['ACKNOWLEDGE', 'RESOLVE_ESCALATION'],
  manager: [],
  customer: ['CUSTOMER_REVIEW'],
  // ESCALATE: an urgent or block case outside business hours pages on call by itself.
  system: ['RESTRICT', 'ESCALATE', 'PAGE_TIMEOUT'],
};

/** The NOC: technicians and admins triage, restrict and close cases. */
export const NOC_STAFF_ROLES = ['technician', 'admin'] as const;
export const isNocStaff = (role: string): boolean => (NOC_STAFF_ROLES as readonly string[]).includes(role);

export function isTicketEventType(type: unknown): type is TicketEventType {
  return typeof type === 'string' && (TICKET_EVENT_TYPES as readonly string[]).includes(type);
}

export function isTicketRole(role: unknown): role is TicketRole {
  return typeof role === 'string' && (TICKET_ROLES as readonly string[]).includes(role);
}

/** `false` means the role can never send it, whatever the ticket's state (HTTP 403). */
export function roleMayEverSend(role: TicketRole | string, type: TicketEventType | string): boolean {
  return isTicketRole(role) && isTicketEventType(type) && EVENTS_BY_ROLE[role].includes(type);
}

interface ActorLike {
  role?: unknown;
  customerId?: unknown;
}

/** The role may send this event, and a customer only on their own account's ticket. */
export function actorMaySend(actor: ActorLike | undefined, type: unknown, ticketCustomerId: string): boolean {
  if (!actor || !roleMayEverSend(actor.role as string, type as string)) return false;
  return actor.role !== 'customer' || (typeof actor.customerId === 'string' && actor.customerId === ticketCustomerId);
}

const nonBlank = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * What is wrong with the event's envelope (type, actor, `at`), or null. Checked before
 * permissions, since without a well-formed actor there is nobody to permit.
 */
export function envelopeProblem(event: unknown): string | null {
  if (typeof event !== 'object' || event === null) return 'event must be an object';
  const e = event as Record<string, unknown>;
  if (!isTicketEventType(e.type)) return `unknown event type ${JSON.stringify(e.type)}`;
  const actor = e.actor as Record<string, unknown> | undefined;
  if (typeof actor !== 'object' || actor === null || !nonBlank(actor.id) || !isTicketRole(actor.role)) {
    return 'actor must have an id and a known role';
  }
  if (typeof e.at !== 'string' || !ISO_DATE_TIME.test(e.at) || Number.isNaN(Date.parse(e.at))) {
    return 'at must be an ISO-8601 date-time';
  }
  return null;
}

/**
 * The first rule the event itself breaks, or null. Independent of the ticket's state,
 * so a bad request is a 400 whatever state the ticket is in.
 */
export function payloadProblem(event: unknown): string | null {
  const envelope = envelopeProblem(event);
  if (envelope) return envelope;
  const e = event as Record<string, unknown>;
  switch (e.type as TicketEventType) {
    case 'RESTRICT': {
      const list = e.restrictions;
      if (!Array.isArray(list) || list.length === 0) return 'restrictions must name at least one restriction';
      for (const r of list as Array<Record<string, unknown> | null>) {
        if (typeof r !== 'object' || r === null) return 'each restriction must be {kind, value}';
        if (!(RESTRICTION_KINDS as readonly unknown[]).includes(r.kind)) {
          return `restriction kind must be one of ${RESTRICTION_KINDS.join(', ')}`;
        }
        if (!nonBlank(r.value)) return 'restriction value must not be empty';
      }
      if (e.clientSummary !== undefined && typeof e.clientSummary !== 'string') return 'clientSummary must be a string';
      if (e.message !== undefined && typeof e.message !== 'string') return 'message must be a string';
      return null;
    }
    case 'CUSTOMER_REVIEW':
      if (!(VERDICTS as readonly unknown[]).includes(e.verdict)) return 'verdict must be fraudulent or legitimate';
      if (!nonBlank(e.message)) return 'message must not be empty';
      if (e.verdict === 'fraudulent') {
        if (e.sourceRemoved !== true) return 'a fraudulent verdict requires sourceRemoved: true';
        if (e.acceptCharges !== undefined) return 'acceptCharges contradicts a fraudulent verdict';
      } else {
        if (e.acceptCharges !== true) return 'a legitimate verdict requires acceptCharges: true';
        if (e.sourceRemoved !== undefined) return 'sourceRemoved contradicts a legitimate verdict';
      }
      return null;
    case 'REQUEST_INFO':
    case 'RESOLVE_ESCALATION':
      return nonBlank(e.message) ? null : 'message must not be empty';
    case 'DISMISS':
    case 'REOPEN':
    case 'ESCALATE':
      return nonBlank(e.reason) ? null : 'reason must not be empty';
    case 'PAGE_TIMEOUT':
      return e.level === undefined || (Number.isInteger(e.level) && (e.level as number) >= 1)
        ? null
        : 'level must be a positive integer';
    case 'CONFIRM_SOURCE_REMOVED':
    case 'CONFIRM_CHARGES_ACCEPTED':
    case 'LIFT_RESTRICTIONS':
    case 'ACKNOWLEDGE':
      return null;
  }
}

/** The same restriction named twice in one event is applied once. */
export function distinctRestrictions(list: readonly RestrictionSpec[]): RestrictionSpec[] {
  const seen = new Map<string, RestrictionSpec>();
  for (const r of list) {
    const value = r.value.trim();
    seen.set(`${r.kind}:${value}`, { kind: r.kind, value });
  }
  return [...seen.values()];
}
