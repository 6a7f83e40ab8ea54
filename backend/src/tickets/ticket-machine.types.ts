// Names in this file are part of the public API (ticket `state`, `escalation`, event `type`).
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';

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

/** Case states in which the ticket is resolved; only `REOPEN` leaves them. */
export const CLOSED_CASE_STATES = ['restrictions_lifted', 'dismissed'] as const satisfies readonly CaseState[];

export const ESCALATION_STATES = ['idle', 'paging', 'engaged'] as const;
export type EscalationState = (typeof ESCALATION_STATES)[number];

export const TICKET_EVENT_TYPES = [
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
  'PAGE_TIMEOUT',
] as const;
export type TicketEventType = (typeof TICKET_EVENT_TYPES)[number];

/** `system` is detectors, email intake and timers; it is never a user's role. */
export const TICKET_ROLES = ['admin', 'technician', 'engineer', 'manager', 'customer', 'system'] as const;
export type TicketRole = (typeof TICKET_ROLES)[number];

export const VERDICTS = ['fraudulent', 'legitimate'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface TicketActor {
  id: string;
  role: TicketRole;
  customerId?: string | null;
}

/** Every event names who sends it and when (ISO-8601); guards never read the clock. */
interface Envelope {
  actor: TicketActor;
  at: string;
}

export type TicketEvent =
  | (Envelope & { type: 'RESTRICT'; restrictions: RestrictionSpec[]; clientSummary?: string; message?: string })
  | (Envelope & {
      type: 'CUSTOMER_REVIEW';
      verdict: Verdict;
      message: string;
      sourceRemoved?: true;
      acceptCharges?: true;
    })
  | (Envelope & { type: 'CONFIRM_SOURCE_REMOVED' })
  | (Envelope & { type: 'CONFIRM_CHARGES_ACCEPTED' })
  | (Envelope & { type: 'REQUEST_INFO'; message: string })
  | (Envelope & { type: 'LIFT_RESTRICTIONS' })
  | (Envelope & { type: 'DISMISS'; reason: string })
  | (Envelope & { type: 'REOPEN'; reason: string })
  | (Envelope & { type: 'ESCALATE'; reason: string })
  | (Envelope & { type: 'ACKNOWLEDGE' })
  | (Envelope & { type: 'RESOLVE_ESCALATION'; message: string })
  /** `level`: the page level whose timer fired; a stale level (already acknowledged or re-paged) is refused. */
  | (Envelope & { type: 'PAGE_TIMEOUT'; level?: number });

export type TicketEventOf<T extends TicketEventType> = Extract<TicketEvent, { type: T }>;

export interface TicketInput {
  customerId: string;
}

export interface TicketContext {
  customerId: string;
  verdict: Verdict | null;
  verdictMessage: string | null;
  /**
   * Restrictions applied since the last lift. Only `> 0` is meaningful (it picks where
   * `REQUEST_INFO` returns to); the restriction rows stay the truth for what is blocked.
   */
  activeRestrictions: number;
  /** First event accepted from NOC staff (technician/admin): the end of time-to-acknowledge. */
  firstActionAt: string | null;
  /** First restriction ever placed; kept across `REOPEN`. */
  restrictedAt: string | null;
  closedAt: string | null;
  /** 0 while idle; 1 on `ESCALATE`; +1 per `PAGE_TIMEOUT`. */
  escalationLevel: number;
  pagedAt: string | null;
  acknowledgedAt: string | null;
}

export type CustomerTemplate =
  'restricted' | 'restrictions_added' | 'info_requested' | 'restrictions_lifted' | 'dismissed';
export type TechnicianNotice = 'customer_reviewed' | 'escalation_acknowledged' | 'escalation_resolved';

/** Intents the service carries out; the machine itself does no I/O. */
export type TicketEffect =
  | { type: 'applyRestrictions'; restrictions: RestrictionSpec[] }
  | { type: 'liftAllRestrictions' }
  | { type: 'refreshEnforcement' }
  | { type: 'notifyCustomer'; template: CustomerTemplate }
  | { type: 'notifyTechnicians'; reason: TechnicianNotice }
  | { type: 'pageOnCall'; level: number }
  | { type: 'stopPaging' };
export type TicketEffectType = TicketEffect['type'];

/**
 * Where each effect runs (the service dispatches on this table, so it cannot drift):
 * - `transaction`: in the transition's own transaction (restriction rows; pending pages withdrawn);
 * - `outbox`: a message written in that transaction and delivered after commit;
 * - `after_commit`: the enforcement index — a NOTIFY that fires at commit for other instances, and an
 *   in-process refresh awaited after commit, so the caller's next authorize already sees the change.
 */
export const EFFECT_PHASE: Record<TicketEffectType, 'transaction' | 'outbox' | 'after_commit'> = {
  applyRestrictions: 'transaction',
  liftAllRestrictions: 'transaction',
  stopPaging: 'transaction',
  refreshEnforcement: 'after_commit',
  notifyCustomer: 'outbox',
  notifyTechnicians: 'outbox',
  pageOnCall: 'outbox',
};

// A type alias (not an interface) so it is assignable to XState's `StateValue`.
export type TicketStateValue = {
  case: CaseState;
  escalation: EscalationState;
};

/** What is stored in the ticket's `jsonb` column (output of `getPersistedSnapshot`). */
export interface PersistedTicketSnapshot {
  status: 'active';
  value: TicketStateValue;
  context: TicketContext;
  historyValue: Record<string, unknown>;
  children: Record<string, unknown>;
}
