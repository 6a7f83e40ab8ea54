// The ticket lifecycle: one pure XState machine (no I/O, no clock) and the decision API
// the service calls per request: restore the snapshot, transition, persist, run effects.
import { and, assertEvent, assign, initialTransition, not, or, setup, stateIn, transition } from 'xstate';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import {
  actorMaySend,
  distinctRestrictions,
  envelopeProblem,
  isNocStaff,
  payloadProblem,
  roleMayEverSend,
} from './ticket-machine.rules.js';
import {
  CASE_STATES,
  EFFECT_PHASE,
  ESCALATION_STATES,
  TICKET_EVENT_TYPES,
  type CaseState,
  type CustomerTemplate,
  type EscalationState,
  type PersistedTicketSnapshot,
  type TechnicianNotice,
  type TicketActor,
  type TicketContext,
  type TicketEffect,
  type TicketEvent,
  type TicketEventType,
  type TicketInput,
  type TicketStateValue,
  type Verdict,
} from './ticket-machine.types.js';

export * from './ticket-machine.types.js';
export { roleMayEverSend } from './ticket-machine.rules.js';

// Transitions the case region takes from several states, named once.
const restrictingActions = (template: CustomerTemplate, clearVerdict: boolean) =>
  [
    'noteFirstAction',
    ...(clearVerdict ? (['clearVerdict'] as const) : []),
    'countRestrictions',
    {
      type: 'applyRestrictions',
      params: ({ event }: { event: TicketEvent }) => ({
        restrictions: event.type === 'RESTRICT' ? distinctRestrictions(event.restrictions) : [],
      }),
    },
    'refreshEnforcement',
    { type: 'notifyCustomer', params: { template } },
  ] as const;

/** RESTRICT where the case is not yet restricted: it becomes restricted and the customer is told. */
const restrictFrom = (clearVerdict: boolean) =>
  ({ guard: 'permitted', target: 'restricted', actions: restrictingActions('restricted', clearVerdict) }) as const;

/** RESTRICT while restrictions are already in place or under review: more are added, the state stays. */
const restrictMore = { guard: 'permitted', actions: restrictingActions('restrictions_added', false) } as const;

const customerReview = {
  guard: 'permitted',
  target: 'customer_reviewed',
  actions: ['noteFirstAction', 'recordVerdict', { type: 'notifyTechnicians', params: { reason: 'customer_reviewed' } }],
} as const;

/** Closing: every restriction is lifted and the escalation stands down. */
const closing = (to: 'dismissed' | 'restrictions_lifted', notify: CustomerTemplate | null) =>
  ({
    guard: 'permitted',
    target: [`#ticket.case.${to}`, '#ticket.escalation.idle'],
    actions: [
      'noteFirstAction',
      'closeCase',
      'liftAllRestrictions',
      'refreshEnforcement',
      ...(notify ? ([{ type: 'notifyCustomer', params: { template: notify } }] as const) : []),
    ],
  }) as const;

const reopen = {
  REOPEN: { guard: 'permitted', target: 'detected', actions: ['noteFirstAction', 'reopenCase'] },
} as const;

export const ticketMachine = setup({
  types: {
    context: {} as TicketContext,
    events: {} as TicketEvent,
    input: {} as TicketInput,
  },
  guards: {
    /** The actor may send this event on this ticket, and its payload keeps the rules. */
    permitted: ({ context, event }) =>
      actorMaySend(event.actor, event.type, context.customerId) && payloadProblem(event) === null,
    hasActiveRestrictions: ({ context }) => context.activeRestrictions > 0,
    verdictIs: ({ context }, params: { verdict: Verdict }) => context.verdict === params.verdict,
    actorIsNocStaff: ({ event }) => isNocStaff(event.actor.role),
    /** A timer for a level already acknowledged or re-paged is stale. */
    pageLevelIsCurrent: ({ context, event }) =>
      event.type === 'PAGE_TIMEOUT' && (event.level === undefined || event.level === context.escalationLevel),
    caseIsOpen: not(or([stateIn({ case: 'restrictions_lifted' }), stateIn({ case: 'dismissed' })])),
  },
  actions: {
    noteFirstAction: assign({
      firstActionAt: ({ context, event }) => context.firstActionAt ?? (isNocStaff(event.actor.role) ? event.at : null),
    }),
    countRestrictions: assign(({ context, event }) => {
      assertEvent(event, 'RESTRICT');
      return {
        activeRestrictions: context.activeRestrictions + distinctRestrictions(event.restrictions).length,
        restrictedAt: context.restrictedAt ?? event.at,
      };
    }),
    recordVerdict: assign(({ event }) => {
      assertEvent(event, 'CUSTOMER_REVIEW');
      return { verdict: event.verdict, verdictMessage: event.message };
    }),
    clearVerdict: assign({ verdict: null, verdictMessage: null }),
    /** Closing lifts every restriction and stands the escalation down. */
    closeCase: assign(({ event }) => ({
      closedAt: event.at,
      activeRestrictions: 0,
      escalationLevel: 0,
      pagedAt: null,
      acknowledgedAt: null,
    })),
    reopenCase: assign({ verdict: null, verdictMessage: null, closedAt: null }),
    startPaging: assign(({ event }) => ({ escalationLevel: 1, pagedAt: event.at, acknowledgedAt: null })),
    raisePageLevel: assign({ escalationLevel: ({ context }) => context.escalationLevel + 1 }),
    noteAcknowledged: assign({ acknowledgedAt: ({ event }) => event.at }),
    endEscalation: assign({ escalationLevel: 0, pagedAt: null, acknowledgedAt: null }),

    // Effects: intents only. `decide()` returns them; the service runs them.
    applyRestrictions: (_, _params: { restrictions: RestrictionSpec[] }) => {},
    liftAllRestrictions: () => {},
    refreshEnforcement: () => {},
    notifyCustomer: (_, _params: { template: CustomerTemplate }) => {},
    notifyTechnicians: (_, _params: { reason: TechnicianNotice }) => {},
    pageOnCall: (_, _params: { level: number }) => {},
    stopPaging: () => {},
  },
}).createMachine({
  id: 'ticket',
  type: 'parallel',
  context: ({ input }) => ({
    customerId: input.customerId,
    verdict: null,
    verdictMessage: null,
    activeRestrictions: 0,
    firstActionAt: null,
    restrictedAt: null,
    closedAt: null,
    escalationLevel: 0,
    pagedAt: null,
    acknowledgedAt: null,
  }),
  states: {
    case: {
      initial: 'detected',
      states: {
        detected: {
          on: {
            RESTRICT: restrictFrom(false),
            // The customer answered a notification that restricted nothing.
            CUSTOMER_REVIEW: customerReview,
            // Lifting is a no-op here unless rows drifted from the count; it is idempotent.
            DISMISS: closing('dismissed', null),
          },
        },
        restricted: {
          on: {
            RESTRICT: restrictMore,
            CUSTOMER_REVIEW: customerReview,
            // A false positive found after restricting: every restriction is lifted.
            DISMISS: closing('dismissed', 'dismissed'),
          },
        },
        customer_reviewed: {
          on: {
            CONFIRM_SOURCE_REMOVED: {
              guard: and(['permitted', { type: 'verdictIs', params: { verdict: 'fraudulent' as const } }]),
              target: 'source_removed',
              actions: ['noteFirstAction'],
            },
            CONFIRM_CHARGES_ACCEPTED: {
              guard: and(['permitted', { type: 'verdictIs', params: { verdict: 'legitimate' as const } }]),
              target: 'charges_accepted',
              actions: ['noteFirstAction'],
            },
            REQUEST_INFO: [
              {
                guard: and(['permitted', 'hasActiveRestrictions']),
                target: 'restricted',
                actions: [
                  'noteFirstAction',
                  'clearVerdict',
                  { type: 'notifyCustomer', params: { template: 'info_requested' } },
                ],
              },
              {
                guard: 'permitted',
                target: 'detected',
                actions: [
                  'noteFirstAction',
                  'clearVerdict',
                  { type: 'notifyCustomer', params: { template: 'info_requested' } },
                ],
              },
            ],
            RESTRICT: restrictMore,
          },
        },
        source_removed: {
          on: {
            LIFT_RESTRICTIONS: closing('restrictions_lifted', 'restrictions_lifted'),
            // Fraud continues: the verdict no longer holds.
            RESTRICT: restrictFrom(true),
          },
        },
        charges_accepted: {
          on: {
            LIFT_RESTRICTIONS: closing('restrictions_lifted', 'restrictions_lifted'),
            RESTRICT: restrictFrom(true),
          },
        },
        // Not `final`: REOPEN leaves both closed states. Restrictions are not re-applied.
        restrictions_lifted: { on: reopen },
        dismissed: { on: reopen },
      },
    },
    escalation: {
      initial: 'idle',
      states: {
        idle: {
          on: {
            ESCALATE: {
              guard: and(['permitted', 'caseIsOpen']),
              target: 'paging',
              actions: ['noteFirstAction', 'startPaging', { type: 'pageOnCall', params: { level: 1 } }],
            },
          },
        },
        paging: {
          // Acknowledged, withdrawn or closed: the service cancels the pending page timer.
          exit: 'stopPaging',
          on: {
            ACKNOWLEDGE: {
              guard: 'permitted',
              target: 'engaged',
              actions: [
                'noteAcknowledged',
                { type: 'notifyTechnicians', params: { reason: 'escalation_acknowledged' } },
              ],
            },
            PAGE_TIMEOUT: {
              guard: and(['permitted', 'pageLevelIsCurrent']),
              actions: [
                'raisePageLevel',
                { type: 'pageOnCall', params: ({ context }) => ({ level: context.escalationLevel }) },
              ],
            },
            // Withdrawing an unanswered page is the NOC's call; the engineer acknowledges first.
            RESOLVE_ESCALATION: {
              guard: and(['permitted', 'actorIsNocStaff']),
              target: 'idle',
              actions: ['noteFirstAction', 'endEscalation'],
            },
          },
        },
        engaged: {
          on: {
            RESOLVE_ESCALATION: {
              guard: 'permitted',
              target: 'idle',
              actions: [
                'noteFirstAction',
                'endEscalation',
                { type: 'notifyTechnicians', params: { reason: 'escalation_resolved' } },
              ],
            },
          },
        },
      },
    },
  },
});

type TicketSnapshot = ReturnType<typeof ticketMachine.resolveState>;

/** The stored snapshot is not a ticket snapshot: a server bug or a bad migration, never user input. */
export class TicketSnapshotError extends Error {
  override readonly name = 'TicketSnapshotError';
}

export type RefusalCode = 'forbidden' | 'not_allowed' | 'invalid_payload';

export type TicketDecision =
  | {
      ok: true;
      next: PersistedTicketSnapshot;
      caseState: CaseState;
      escalation: EscalationState;
      previous: { caseState: CaseState; escalation: EscalationState };
      effects: TicketEffect[];
    }
  | { ok: false; code: RefusalCode; message: string; allowedEvents: TicketEventType[] };

export function caseStateOf(snapshot: { value: unknown }): CaseState {
  return (snapshot.value as { case: CaseState }).case;
}

export function escalationStateOf(snapshot: { value: unknown }): EscalationState {
  return (snapshot.value as { escalation: EscalationState }).escalation;
}

function persist(snapshot: TicketSnapshot): PersistedTicketSnapshot {
  return ticketMachine.getPersistedSnapshot(snapshot) as unknown as PersistedTicketSnapshot;
}

export function initialTicketSnapshot(input: TicketInput): PersistedTicketSnapshot {
  return persist(initialTransition(ticketMachine, input)[0]);
}

/** Rebuilds a live snapshot from the stored JSON (raw JSON cannot be passed to `transition`). */
export function restoreTicketSnapshot(persisted: unknown): TicketSnapshot {
  const p = persisted as Partial<PersistedTicketSnapshot> | null;
  const value = p?.value as Partial<TicketStateValue> | undefined;
  if (
    typeof p !== 'object' ||
    p === null ||
    p.status !== 'active' ||
    !CASE_STATES.includes(value?.case as CaseState) ||
    !ESCALATION_STATES.includes(value?.escalation as EscalationState) ||
    typeof p.context?.customerId !== 'string'
  ) {
    throw new TicketSnapshotError('not a persisted ticket snapshot');
  }
  return ticketMachine.resolveState({ value: p.value!, context: p.context, status: 'active' });
}

const REPRESENTATIVE_AT = '1970-01-01T00:00:00.000Z';

/** Valid payloads that stand for each event type when asking "could this actor send it now?". */
function representativeEvents(type: TicketEventType, actor: TicketActor): TicketEvent[] {
  const base = { actor, at: REPRESENTATIVE_AT };
  switch (type) {
    case 'RESTRICT':
      return [{ ...base, type, restrictions: [{ kind: 'account', value: 'representative' }] }];
    case 'CUSTOMER_REVIEW':
      return [
        { ...base, type, verdict: 'fraudulent', message: '-', sourceRemoved: true },
        { ...base, type, verdict: 'legitimate', message: '-', acceptCharges: true },
      ];
    case 'REQUEST_INFO':
    case 'RESOLVE_ESCALATION':
      return [{ ...base, type, message: '-' }];
    case 'DISMISS':
    case 'REOPEN':
    case 'ESCALATE':
      return [{ ...base, type, reason: '-' }];
    case 'CONFIRM_SOURCE_REMOVED':
    case 'CONFIRM_CHARGES_ACCEPTED':
    case 'LIFT_RESTRICTIONS':
    case 'ACKNOWLEDGE':
    case 'PAGE_TIMEOUT':
      return [{ ...base, type }];
  }
}

function allowedFor(snapshot: TicketSnapshot, actor: TicketActor): TicketEventType[] {
  return TICKET_EVENT_TYPES.filter(
    (type) => roleMayEverSend(actor.role, type) && representativeEvents(type, actor).some((e) => snapshot.can(e)),
  );
}

/** The event types this actor could send now, in a stable order (for `GET /tickets/:id`). */
export function allowedEvents(persisted: unknown, actor: TicketActor): TicketEventType[] {
  return allowedFor(restoreTicketSnapshot(persisted), actor);
}

const EFFECT_TYPES = new Set<string>(Object.keys(EFFECT_PHASE));

/**
 * Decides one event against a stored snapshot. Refusals, in this order: a malformed
 * envelope (400), an actor who may never send it here (403), a payload that breaks a
 * rule (400, whatever the state), an event the state does not allow (409).
 * Throws `TicketSnapshotError` when `persisted` is not a ticket snapshot.
 */
export function decide(persisted: unknown, event: TicketEvent): TicketDecision {
  const snapshot = restoreTicketSnapshot(persisted);
  const refuse = (code: RefusalCode, message: string): TicketDecision => ({
    ok: false,
    code,
    message,
    allowedEvents: envelopeProblem(event) ? [] : allowedFor(snapshot, event.actor),
  });

  const envelope = envelopeProblem(event);
  if (envelope) return refuse('invalid_payload', envelope);
  if (!actorMaySend(event.actor, event.type, snapshot.context.customerId)) {
    return refuse(
      'forbidden',
      roleMayEverSend(event.actor.role, event.type)
        ? `${event.type} may be sent only on the customer's own tickets`
        : `a ${event.actor.role} may not send ${event.type}`,
    );
  }
  const problem = payloadProblem(event);
  if (problem) return refuse('invalid_payload', problem);

  // XState hands back the very same snapshot when no transition is enabled.
  const [next, actions] = transition(ticketMachine, snapshot, event);
  if (next === snapshot) {
    return refuse(
      'not_allowed',
      `${event.type} is not allowed while the case is ${caseStateOf(snapshot)} and the escalation ${escalationStateOf(snapshot)}`,
    );
  }
  return {
    ok: true,
    next: persist(next),
    caseState: caseStateOf(next),
    escalation: escalationStateOf(next),
    previous: { caseState: caseStateOf(snapshot), escalation: escalationStateOf(snapshot) },
    effects: actions
      .filter((a) => EFFECT_TYPES.has(a.type))
      .map((a) => ({ type: a.type, ...(a.params as object | undefined) }) as TicketEffect),
  };
}
