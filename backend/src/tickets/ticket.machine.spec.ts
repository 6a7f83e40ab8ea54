import { getShortestPaths, toDirectedGraph, type DirectedGraphNode } from '@xstate/graph';
import { describe, expect, it } from 'vitest';
import {
  CASE_STATES,
  ESCALATION_STATES,
  TICKET_EVENT_TYPES,
  TicketSnapshotError,
  allowedEvents,
  caseStateOf,
  decide,
  escalationStateOf,
  initialTicketSnapshot,
  roleMayEverSend,
  ticketMachine,
  type CaseState,
  type EscalationState,
  type PersistedTicketSnapshot,
  type TicketActor,
  type TicketEvent,
  type TicketEventType,
} from './ticket.machine.js';

// ---------------------------------------------------------------------------------------
// The oracle: docs/design.md's lifecycle table and rules, written out by hand. It must never
// be computed from the machine, or the matrix would only test the machine against itself.
// ---------------------------------------------------------------------------------------

const CUSTOMER_ID = 'cust-acme';
const AT = '2025-03-01T10:00:00.000Z';

const ACTORS = {
  admin: { id: 'u-admin', role: 'admin' },
  technician: { id: 'u-tech', role: 'technician' },
  engineer: { id: 'u-eng', role: 'engineer' },
  manager: { id: 'u-mgr', role: 'manager' },
  customer: { id: 'u-cust', role: 'customer', customerId: CUSTOMER_ID },
  other_customer: { id: 'u-other', role: 'customer', customerId: 'cust-other' },
  system: { id: 'detector', role: 'system' },
} as const satisfies Record<string, TicketActor>;
type ActorKey = keyof typeof ACTORS;
const ACTOR_KEYS = Object.keys(ACTORS) as ActorKey[];

/** Who may ever send what (docs/design.md §Rules the machine enforces, with the code's two choices). */
const SPEC_ROLE_EVENTS: Record<ActorKey, readonly TicketEventType[]> = {
  technician: [
    'RESTRICT',
    'CUSTOMER_REVIEW',
    'CONFIRM_SOURCE_REMOVED',
    'CONFIRM_CHARGES_ACCEPTED',
    'REQUEST_INFO',
    'LIFT_RESTRICTIONS',
    'DISMISS',
    'REOPEN',
    'ESCALATE',
    'RESOLVE_ESCALATION',
  ],
  admin: [
    'RESTRICT',
    'CUSTOMER_REVIEW',
    'CONFIRM_SOURCE_REMOVED',
    'CONFIRM_CHARGES_ACCEPTED',
    'REQUEST_INFO',
    'LIFT_RESTRICTIONS',
    'DISMISS',
    'REOPEN',
    'ESCALATE',
    'RESOLVE_ESCALATION',
  ],
  engineer: ['ACKNOWLEDGE', 'RESOLVE_ESCALATION'],
  manager: [],
  customer: ['CUSTOMER_REVIEW'],
  other_customer: [], // not their ticket
  // ESCALATE: an urgent or block case outside business hours pages on call by itself.
  system: ['RESTRICT', 'ESCALATE', 'PAGE_TIMEOUT'],
};

/** Events as the matrix sends them; the review is sent with either verdict. */
const VARIANTS = [
  'RESTRICT',
  'CUSTOMER_REVIEW:fraudulent',
  'CUSTOMER_REVIEW:legitimate',
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
type Variant = (typeof VARIANTS)[number];
const typeOf = (v: Variant) => v.split(':')[0] as TicketEventType;

/** What the matrix knows about a state: exactly what docs/design.md's rules depend on. */
interface SpecState {
  case: CaseState;
  escalation: EscalationState;
  verdict: 'fraudulent' | 'legitimate' | null;
  restricting: boolean;
  activeRestrictions: number;
  level: number;
}

type CaseRule = CaseState | ((s: SpecState) => CaseState | null);
/** docs/design.md §The case region, row by row. */
const SPEC_CASE_TABLE: Record<CaseState, Partial<Record<Variant, CaseRule>>> = {
  detected: {
    RESTRICT: 'restricted',
    'CUSTOMER_REVIEW:fraudulent': 'customer_reviewed',
    'CUSTOMER_REVIEW:legitimate': 'customer_reviewed',
    DISMISS: 'dismissed',
  },
  restricted: {
    'CUSTOMER_REVIEW:fraudulent': 'customer_reviewed',
    'CUSTOMER_REVIEW:legitimate': 'customer_reviewed',
    RESTRICT: 'restricted',
    DISMISS: 'dismissed',
  },
  customer_reviewed: {
    CONFIRM_SOURCE_REMOVED: (s) => (s.verdict === 'fraudulent' ? 'source_removed' : null),
    CONFIRM_CHARGES_ACCEPTED: (s) => (s.verdict === 'legitimate' ? 'charges_accepted' : null),
    REQUEST_INFO: (s) => (s.restricting ? 'restricted' : 'detected'),
    RESTRICT: 'customer_reviewed',
  },
  source_removed: { LIFT_RESTRICTIONS: 'restrictions_lifted', RESTRICT: 'restricted' },
  charges_accepted: { LIFT_RESTRICTIONS: 'restrictions_lifted', RESTRICT: 'restricted' },
  restrictions_lifted: { REOPEN: 'detected' },
  dismissed: { REOPEN: 'detected' },
};
const SPEC_CLOSED: readonly CaseState[] = ['restrictions_lifted', 'dismissed'];

/** The escalation region; `null` means the state does not allow it. */
function specEscalation(s: SpecState, type: TicketEventType, actor: ActorKey): EscalationState | null {
  switch (type) {
    case 'ESCALATE':
      return s.escalation === 'idle' && !SPEC_CLOSED.includes(s.case) ? 'paging' : null;
    case 'ACKNOWLEDGE':
      return s.escalation === 'paging' ? 'engaged' : null;
    case 'RESOLVE_ESCALATION':
      if (s.escalation === 'engaged') return 'idle';
      // Decision: NOC staff may withdraw an unanswered page; the engineer acknowledges first.
      return s.escalation === 'paging' && (actor === 'technician' || actor === 'admin') ? 'idle' : null;
    case 'PAGE_TIMEOUT':
      return s.escalation === 'paging' ? 'paging' : null;
    default:
      return null;
  }
}

type Outcome = 'ok' | 'forbidden' | 'not_allowed' | 'invalid_payload';
interface Expectation {
  outcome: Outcome;
  case?: CaseState;
  escalation?: EscalationState;
  verdict?: SpecState['verdict'];
  activeRestrictions?: number;
}

/** What a successful event leaves of the customer's verdict and the active restrictions. */
function specContext(s: SpecState, variant: Variant): Pick<Expectation, 'verdict' | 'activeRestrictions'> {
  let verdict = s.verdict;
  if (variant === 'CUSTOMER_REVIEW:fraudulent') verdict = 'fraudulent';
  if (variant === 'CUSTOMER_REVIEW:legitimate') verdict = 'legitimate';
  // Asking for more information or reopening voids the answer; so does restricting again after a confirmation.
  if (variant === 'REQUEST_INFO' || variant === 'REOPEN') verdict = null;
  if (variant === 'RESTRICT' && (s.case === 'source_removed' || s.case === 'charges_accepted')) verdict = null;
  const activeRestrictions =
    variant === 'RESTRICT'
      ? s.activeRestrictions + 1 // the matrix's RESTRICT names one IP
      : variant === 'LIFT_RESTRICTIONS' || variant === 'DISMISS'
        ? 0
        : s.activeRestrictions;
  return { verdict, activeRestrictions };
}

function expectOf(s: SpecState, variant: Variant, actor: ActorKey): Expectation {
  const type = typeOf(variant);
  if (!SPEC_ROLE_EVENTS[actor].includes(type)) return { outcome: 'forbidden' };
  const rule = SPEC_CASE_TABLE[s.case][variant];
  if (rule !== undefined) {
    const to = typeof rule === 'function' ? rule(s) : rule;
    if (to === null) return { outcome: 'not_allowed' };
    // Lifting, dismissing and closing return the escalation to idle.
    return {
      outcome: 'ok',
      case: to,
      escalation: SPEC_CLOSED.includes(to) ? 'idle' : s.escalation,
      ...specContext(s, variant),
    };
  }
  const escalation = specEscalation(s, type, actor);
  if (escalation === null) return { outcome: 'not_allowed' };
  return { outcome: 'ok', case: s.case, escalation, ...specContext(s, variant) };
}

/** A valid representative event; the page timer names the level it was set for. */
function eventOf(variant: Variant, actor: TicketActor, s?: { level: number }): TicketEvent {
  const base = { actor, at: AT };
  switch (variant) {
    case 'RESTRICT':
      return {
        ...base,
        type: 'RESTRICT',
        restrictions: [{ kind: 'ip', value: '203.0.113.10' }],
        clientSummary: 'Calls to +882',
      };
    case 'CUSTOMER_REVIEW:fraudulent':
      return {
        ...base,
        type: 'CUSTOMER_REVIEW',
        verdict: 'fraudulent',
        message: 'PBX hacked, reset',
        sourceRemoved: true,
      };
    case 'CUSTOMER_REVIEW:legitimate':
      return {
        ...base,
        type: 'CUSTOMER_REVIEW',
        verdict: 'legitimate',
        message: 'Our sales trip',
        acceptCharges: true,
      };
    case 'REQUEST_INFO':
      return { ...base, type: 'REQUEST_INFO', message: 'Which device?' };
    case 'RESOLVE_ESCALATION':
      return { ...base, type: 'RESOLVE_ESCALATION', message: 'Thresholds fixed' };
    case 'DISMISS':
    case 'REOPEN':
    case 'ESCALATE':
      return { ...base, type: variant, reason: 'because' };
    case 'PAGE_TIMEOUT':
      return { ...base, type: 'PAGE_TIMEOUT', level: Math.max(1, s?.level ?? 1) };
    default:
      return { ...base, type: variant };
  }
}

// ---------------------------------------------------------------------------------------
// Reachable states, enumerated from the initial state with @xstate/graph. The key keeps
// what the rules depend on (not the restriction count or page level, which grow forever).
// ---------------------------------------------------------------------------------------

function specStateOf(p: PersistedTicketSnapshot): SpecState {
  return {
    case: caseStateOf(p),
    escalation: escalationStateOf(p),
    verdict: p.context.verdict,
    restricting: p.context.activeRestrictions > 0,
    activeRestrictions: p.context.activeRestrictions,
    level: p.context.escalationLevel,
  };
}
const labelOf = (s: SpecState) =>
  `${s.case}(verdict ${s.verdict ?? 'none'}, ${s.restricting ? 'restricting' : 'nothing restricted'})+${s.escalation}`;

const asPersisted = (snapshot: unknown) =>
  JSON.parse(JSON.stringify(ticketMachine.getPersistedSnapshot(snapshot as never))) as PersistedTicketSnapshot;

const reachable = getShortestPaths(ticketMachine, {
  input: { customerId: CUSTOMER_ID },
  events: (snapshot) =>
    VARIANTS.flatMap((v) =>
      ACTOR_KEYS.map((a) =>
        eventOf(
          v,
          ACTORS[a],
          snapshot.context.escalationLevel ? { level: snapshot.context.escalationLevel } : undefined,
        ),
      ),
    ),
  serializeState: (snapshot) => labelOf(specStateOf(asPersisted(snapshot))),
}).map((path) => {
  const persisted = asPersisted(path.state);
  return { label: labelOf(specStateOf(persisted)), spec: specStateOf(persisted), persisted, steps: path.steps.length };
});

const matrix = reachable.flatMap((r) =>
  VARIANTS.flatMap((variant) =>
    ACTOR_KEYS.map((actor) => {
      const e = expectOf(r.spec, variant, actor);
      return {
        name: `${r.label}: ${actor} sends ${variant} → ${e.outcome === 'ok' ? `ok, ${e.case}+${e.escalation}` : e.outcome}`,
        actor,
        variant,
        expectation: e,
        persisted: r.persisted,
        spec: r.spec,
      };
    }),
  ),
);

describe('ticketMachine: reachable states', () => {
  it('reaches every case state, and every escalation state while the case is open', () => {
    const pairs = new Set(reachable.map((r) => `${r.spec.case}+${r.spec.escalation}`));
    const expected = CASE_STATES.flatMap((c) =>
      SPEC_CLOSED.includes(c) ? [`${c}+idle`] : ESCALATION_STATES.map((e) => `${c}+${e}`),
    );
    expect([...pairs].sort()).toEqual(expected.sort());
  });

  it('reaches exactly these states: a transition that kept a stale verdict would add some', () => {
    // Written out from the rules, not copied from the machine: a verdict only while reviewed, confirmed or lifted;
    // restricted always restricts; closed cases restrict nothing and page nobody.
    expect(reachable.map((r) => r.label).sort()).toEqual([
      'charges_accepted(verdict legitimate, nothing restricted)+engaged',
      'charges_accepted(verdict legitimate, nothing restricted)+idle',
      'charges_accepted(verdict legitimate, nothing restricted)+paging',
      'charges_accepted(verdict legitimate, restricting)+engaged',
      'charges_accepted(verdict legitimate, restricting)+idle',
      'charges_accepted(verdict legitimate, restricting)+paging',
      'customer_reviewed(verdict fraudulent, nothing restricted)+engaged',
      'customer_reviewed(verdict fraudulent, nothing restricted)+idle',
      'customer_reviewed(verdict fraudulent, nothing restricted)+paging',
      'customer_reviewed(verdict fraudulent, restricting)+engaged',
      'customer_reviewed(verdict fraudulent, restricting)+idle',
      'customer_reviewed(verdict fraudulent, restricting)+paging',
      'customer_reviewed(verdict legitimate, nothing restricted)+engaged',
      'customer_reviewed(verdict legitimate, nothing restricted)+idle',
      'customer_reviewed(verdict legitimate, nothing restricted)+paging',
      'customer_reviewed(verdict legitimate, restricting)+engaged',
      'customer_reviewed(verdict legitimate, restricting)+idle',
      'customer_reviewed(verdict legitimate, restricting)+paging',
      'detected(verdict none, nothing restricted)+engaged',
      'detected(verdict none, nothing restricted)+idle',
      'detected(verdict none, nothing restricted)+paging',
      'dismissed(verdict none, nothing restricted)+idle',
      'restricted(verdict none, restricting)+engaged',
      'restricted(verdict none, restricting)+idle',
      'restricted(verdict none, restricting)+paging',
      'restrictions_lifted(verdict fraudulent, nothing restricted)+idle',
      'restrictions_lifted(verdict legitimate, nothing restricted)+idle',
      'source_removed(verdict fraudulent, nothing restricted)+engaged',
      'source_removed(verdict fraudulent, nothing restricted)+idle',
      'source_removed(verdict fraudulent, nothing restricted)+paging',
      'source_removed(verdict fraudulent, restricting)+engaged',
      'source_removed(verdict fraudulent, restricting)+idle',
      'source_removed(verdict fraudulent, restricting)+paging',
    ]);
  });

  it('reaches a customer review with either verdict, with and without active restrictions', () => {
    const reviews = reachable.filter((r) => r.spec.case === 'customer_reviewed' && r.spec.escalation === 'idle');
    expect(reviews.map((r) => r.label).sort()).toEqual([
      'customer_reviewed(verdict fraudulent, nothing restricted)+idle',
      'customer_reviewed(verdict fraudulent, restricting)+idle',
      'customer_reviewed(verdict legitimate, nothing restricted)+idle',
      'customer_reviewed(verdict legitimate, restricting)+idle',
    ]);
  });

  it('names its states and events exactly as the public API does', () => {
    const graph = toDirectedGraph(ticketMachine);
    const region = (name: string) => graph.children.find((c) => c.id === `ticket.${name}`)!;
    expect(region('case').children.map((c) => c.id)).toEqual(CASE_STATES.map((s) => `ticket.case.${s}`));
    expect(region('escalation').children.map((c) => c.id)).toEqual(
      ESCALATION_STATES.map((s) => `ticket.escalation.${s}`),
    );
    const all = (n: DirectedGraphNode): DirectedGraphNode[] => [n, ...n.children.flatMap(all)];
    const eventTypes = new Set(all(graph).flatMap((n) => n.edges.map((e) => e.label.text)));
    expect([...eventTypes].sort()).toEqual([...TICKET_EVENT_TYPES].sort());
  });

  it('has exactly the edges of the lifecycle table', () => {
    const all = (n: DirectedGraphNode): DirectedGraphNode[] => [n, ...n.children.flatMap(all)];
    const short = (id: string) => id.replace(/^ticket\.(case|escalation)\./, '');
    const edges = new Set(
      all(toDirectedGraph(ticketMachine)).flatMap((n) =>
        n.edges.map((e) => `${short(e.source.id)} -${e.label.text}-> ${short(e.target.id)}`),
      ),
    );
    expect([...edges].sort()).toEqual(
      [
        'detected -RESTRICT-> restricted',
        'detected -CUSTOMER_REVIEW-> customer_reviewed',
        'detected -DISMISS-> dismissed',
        'detected -DISMISS-> idle',
        'restricted -RESTRICT-> restricted',
        'restricted -CUSTOMER_REVIEW-> customer_reviewed',
        'restricted -DISMISS-> dismissed',
        'restricted -DISMISS-> idle',
        'customer_reviewed -CONFIRM_SOURCE_REMOVED-> source_removed',
        'customer_reviewed -CONFIRM_CHARGES_ACCEPTED-> charges_accepted',
        'customer_reviewed -REQUEST_INFO-> restricted',
        'customer_reviewed -REQUEST_INFO-> detected',
        'customer_reviewed -RESTRICT-> customer_reviewed',
        'source_removed -LIFT_RESTRICTIONS-> restrictions_lifted',
        'source_removed -LIFT_RESTRICTIONS-> idle',
        'source_removed -RESTRICT-> restricted',
        'charges_accepted -LIFT_RESTRICTIONS-> restrictions_lifted',
        'charges_accepted -LIFT_RESTRICTIONS-> idle',
        'charges_accepted -RESTRICT-> restricted',
        'restrictions_lifted -REOPEN-> detected',
        'dismissed -REOPEN-> detected',
        'idle -ESCALATE-> paging',
        'paging -ACKNOWLEDGE-> engaged',
        'paging -PAGE_TIMEOUT-> paging',
        'paging -RESOLVE_ESCALATION-> idle',
        'engaged -RESOLVE_ESCALATION-> idle',
      ].sort(),
    );
  });
});

describe('decide: every reachable state × event × actor', () => {
  // Names are built up front: vitest truncates long `$field` values in titles.
  it.each(matrix.map((c) => [c.name, c] as const))('%s', (_, { persisted, actor, variant, expectation, spec }) => {
    const result = decide(persisted, eventOf(variant, ACTORS[actor], spec));
    if (expectation.outcome === 'ok') {
      expect(result).toMatchObject({
        ok: true,
        caseState: expectation.case,
        escalation: expectation.escalation,
        // A transition that kept a stale verdict or count would still land in the right state.
        next: { context: { verdict: expectation.verdict, activeRestrictions: expectation.activeRestrictions } },
      });
    } else {
      expect(result).toMatchObject({ ok: false, code: expectation.outcome });
    }
  });
});

describe('roleMayEverSend', () => {
  const roles = ['admin', 'technician', 'engineer', 'manager', 'customer', 'system'] as const;
  const cases = roles.flatMap((role) =>
    TICKET_EVENT_TYPES.map((type) => ({ role, type, may: SPEC_ROLE_EVENTS[role].includes(type) })),
  );
  it.each(cases)('$role → $type: $may', ({ role, type, may }) => {
    expect(roleMayEverSend(role, type)).toBe(may);
  });
});

describe('allowedEvents: matches the outcomes the spec allows', () => {
  const cases = reachable.flatMap((r) =>
    ACTOR_KEYS.map((actor) => ({
      name: `${r.label}: ${actor}`,
      actor,
      persisted: r.persisted,
      expected: TICKET_EVENT_TYPES.filter((t) =>
        VARIANTS.some((v) => typeOf(v) === t && expectOf(r.spec, v, actor).outcome === 'ok'),
      ),
    })),
  );
  it.each(cases.map((c) => [`${c.name} may send [${c.expected.join(', ')}]`, c] as const))(
    '%s',
    (_, { persisted, actor, expected }) => {
      expect(allowedEvents(persisted, ACTORS[actor])).toEqual(expected);
    },
  );
});

// Broken payloads are a 400 in every state (the rule holds whatever the state); a role
// that may never send the event still gets its 403 first.
const BROKEN: Array<{ name: string; sender: ActorKey; envelope?: true; event: (actor: TicketActor) => unknown }> = [
  {
    name: 'RESTRICT with no restrictions',
    sender: 'technician',
    event: (actor) => ({ type: 'RESTRICT', actor, at: AT, restrictions: [] }),
  },
  {
    name: 'RESTRICT from system with no restrictions',
    sender: 'system',
    event: (actor) => ({ type: 'RESTRICT', actor, at: AT, restrictions: [] }),
  },
  {
    name: 'RESTRICT of an unknown kind',
    sender: 'technician',
    event: (actor) => ({ type: 'RESTRICT', actor, at: AT, restrictions: [{ kind: 'phone', value: '1' }] }),
  },
  {
    name: 'RESTRICT with a blank value',
    sender: 'technician',
    event: (actor) => ({ type: 'RESTRICT', actor, at: AT, restrictions: [{ kind: 'ip', value: ' ' }] }),
  },
  {
    name: 'fraudulent without sourceRemoved',
    sender: 'customer',
    event: (actor) => ({ type: 'CUSTOMER_REVIEW', actor, at: AT, verdict: 'fraudulent', message: 'hacked' }),
  },
  {
    name: 'legitimate without acceptCharges',
    sender: 'customer',
    event: (actor) => ({ type: 'CUSTOMER_REVIEW', actor, at: AT, verdict: 'legitimate', message: 'ours' }),
  },
  {
    name: 'fraudulent that also accepts charges',
    sender: 'technician',
    event: (actor) => ({
      type: 'CUSTOMER_REVIEW',
      actor,
      at: AT,
      verdict: 'fraudulent',
      message: 'x',
      sourceRemoved: true,
      acceptCharges: true,
    }),
  },
  {
    name: 'an unknown verdict',
    sender: 'customer',
    event: (actor) => ({ type: 'CUSTOMER_REVIEW', actor, at: AT, verdict: 'maybe', message: 'x' }),
  },
  {
    name: 'a review without a message',
    sender: 'customer',
    event: (actor) => ({
      type: 'CUSTOMER_REVIEW',
      actor,
      at: AT,
      verdict: 'legitimate',
      message: '',
      acceptCharges: true,
    }),
  },
  {
    name: 'REQUEST_INFO without a message',
    sender: 'technician',
    event: (actor) => ({ type: 'REQUEST_INFO', actor, at: AT, message: '  ' }),
  },
  { name: 'DISMISS without a reason', sender: 'technician', event: (actor) => ({ type: 'DISMISS', actor, at: AT }) },
  {
    name: 'REOPEN without a reason',
    sender: 'admin',
    event: (actor) => ({ type: 'REOPEN', actor, at: AT, reason: '' }),
  },
  { name: 'ESCALATE without a reason', sender: 'technician', event: (actor) => ({ type: 'ESCALATE', actor, at: AT }) },
  {
    name: 'RESOLVE_ESCALATION without a message',
    sender: 'engineer',
    event: (actor) => ({ type: 'RESOLVE_ESCALATION', actor, at: AT }),
  },
  {
    name: 'PAGE_TIMEOUT with level 0',
    sender: 'system',
    event: (actor) => ({ type: 'PAGE_TIMEOUT', actor, at: AT, level: 0 }),
  },
  // `at` is stamped by the service: without it there is no well-formed event to judge, even for a 403.
  {
    name: 'an event without a valid time',
    sender: 'technician',
    envelope: true,
    event: (actor) => ({ type: 'DISMISS', actor, at: 'yesterday', reason: 'x' }),
  },
];

describe('decide: broken payloads', () => {
  const cases = reachable.flatMap((r) =>
    BROKEN.flatMap((b) => [
      {
        actor: b.sender,
        expected: 'invalid_payload',
        name: b.name,
        persisted: r.persisted,
        event: b.event,
        from: r.label,
      },
      {
        actor: 'manager' as ActorKey,
        expected: b.envelope ? 'invalid_payload' : 'forbidden',
        name: b.name,
        persisted: r.persisted,
        event: b.event,
        from: r.label,
      },
    ]),
  );
  it.each(cases.map((c) => [`${c.from}: ${c.actor} sends ${c.name} → ${c.expected}`, c] as const))(
    '%s',
    (_, { persisted, actor, event, expected }) => {
      expect(decide(persisted, event(ACTORS[actor]) as TicketEvent)).toMatchObject({ ok: false, code: expected });
    },
  );

  it('refuses an unknown event type and a malformed actor as invalid payloads', () => {
    const start = initialTicketSnapshot({ customerId: CUSTOMER_ID });
    expect(decide(start, { type: 'CLOSE', actor: ACTORS.technician, at: AT } as never)).toMatchObject({
      ok: false,
      code: 'invalid_payload',
      allowedEvents: [],
    });
    expect(
      decide(start, { type: 'DISMISS', actor: { id: 'x', role: 'root' }, at: AT, reason: 'x' } as never),
    ).toMatchObject({
      ok: false,
      code: 'invalid_payload',
    });
  });

  it('throws on a stored snapshot that is not a ticket snapshot', () => {
    const event = eventOf('DISMISS', ACTORS.technician);
    expect(() => decide({ value: 'detected', context: {} }, event)).toThrow(TicketSnapshotError);
    expect(() =>
      decide({ status: 'active', value: { case: 'closed', escalation: 'idle' }, context: { customerId: 'c' } }, event),
    ).toThrow(TicketSnapshotError);
    expect(() => allowedEvents(null, ACTORS.technician)).toThrow(TicketSnapshotError);
  });
});

// ---------------------------------------------------------------------------------------
// Journeys, one request at a time, through JSON like the ticket row.
// ---------------------------------------------------------------------------------------

class Ticket {
  snapshot: PersistedTicketSnapshot = initialTicketSnapshot({ customerId: CUSTOMER_ID });
  private minute = 0;

  send(variantOrEvent: Variant | TicketEvent, actor: ActorKey = 'technician') {
    const at = new Date(Date.parse(AT) + ++this.minute * 60_000).toISOString();
    const event =
      typeof variantOrEvent === 'string'
        ? { ...eventOf(variantOrEvent, ACTORS[actor], { level: this.snapshot.context.escalationLevel }), at }
        : variantOrEvent;
    const result = decide(JSON.parse(JSON.stringify(this.snapshot)), event);
    if (!result.ok) throw new Error(`${event.type}: ${result.code} ${result.message}`);
    this.snapshot = result.next;
    return result;
  }
  get state() {
    return `${caseStateOf(this.snapshot)}+${escalationStateOf(this.snapshot)}`;
  }
  get context() {
    return this.snapshot.context;
  }
}

describe('decide: happy paths', () => {
  it('fraudulent: restricted, reviewed, source removed, lifted', () => {
    const sut = new Ticket();
    sut.send('RESTRICT', 'system');
    sut.send('CUSTOMER_REVIEW:fraudulent', 'customer');
    expect(sut.context).toMatchObject({
      verdict: 'fraudulent',
      verdictMessage: 'PBX hacked, reset',
      activeRestrictions: 1,
    });
    sut.send('CONFIRM_SOURCE_REMOVED');
    expect(sut.state).toBe('source_removed+idle');
    sut.send('LIFT_RESTRICTIONS');
    expect(sut.state).toBe('restrictions_lifted+idle');
    expect(sut.context).toMatchObject({
      activeRestrictions: 0,
      closedAt: '2025-03-01T10:04:00.000Z',
      verdict: 'fraudulent',
    });
  });

  it('legitimate: restricted, reviewed, charges accepted, lifted', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    sut.send('CUSTOMER_REVIEW:legitimate', 'customer');
    sut.send('CONFIRM_CHARGES_ACCEPTED');
    expect(sut.state).toBe('charges_accepted+idle');
    sut.send('LIFT_RESTRICTIONS', 'admin');
    expect(sut.state).toBe('restrictions_lifted+idle');
  });

  it('a customer cannot confirm their own statement, and the verdict picks which confirmation fits', () => {
    const sut = new Ticket();
    sut.send('CUSTOMER_REVIEW:legitimate', 'customer');
    const refused = decide(sut.snapshot, eventOf('CONFIRM_SOURCE_REMOVED', ACTORS.technician));
    expect(refused).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(refused.ok ? [] : refused.allowedEvents).toEqual([
      'RESTRICT',
      'CONFIRM_CHARGES_ACCEPTED',
      'REQUEST_INFO',
      'ESCALATE',
    ]);
  });

  it('dismiss from restricted lifts everything, and reopen starts over without re-restricting', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    sut.send('ESCALATE');
    const dismissed = sut.send('DISMISS');
    expect(dismissed.effects.map((e) => e.type)).toEqual([
      'stopPaging',
      'liftAllRestrictions',
      'refreshEnforcement',
      'notifyCustomer',
    ]);
    expect(sut.state).toBe('dismissed+idle');
    expect(sut.context).toMatchObject({ activeRestrictions: 0, escalationLevel: 0, closedAt: expect.any(String) });
    const reopened = sut.send('REOPEN', 'admin');
    expect(reopened.effects).toEqual([]);
    expect(sut.state).toBe('detected+idle');
    expect(sut.context).toMatchObject({ verdict: null, closedAt: null, activeRestrictions: 0 });
  });

  it('reopen after lifting clears verdict and close time; restrictedAt is history and stays', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    sut.send('CUSTOMER_REVIEW:fraudulent');
    sut.send('CONFIRM_SOURCE_REMOVED');
    sut.send('LIFT_RESTRICTIONS');
    sut.send('REOPEN');
    expect(sut.state).toBe('detected+idle');
    expect(sut.context).toMatchObject({
      verdict: null,
      verdictMessage: null,
      closedAt: null,
      restrictedAt: '2025-03-01T10:01:00.000Z',
    });
  });

  it('REQUEST_INFO returns to restricted while a restriction is active', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    sut.send('CUSTOMER_REVIEW:fraudulent', 'customer');
    const r = sut.send('REQUEST_INFO');
    expect(sut.state).toBe('restricted+idle');
    expect(sut.context.verdict).toBeNull();
    expect(r.effects).toEqual([{ type: 'notifyCustomer', template: 'info_requested' }]);
  });

  it('REQUEST_INFO returns to detected when nothing was restricted', () => {
    const sut = new Ticket();
    sut.send('CUSTOMER_REVIEW:legitimate', 'customer');
    sut.send('REQUEST_INFO');
    expect(sut.state).toBe('detected+idle');
    expect(sut.context).toMatchObject({ verdict: null, verdictMessage: null });
  });

  it('RESTRICT from source_removed means the fraud continues: back to restricted, verdict cleared', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    sut.send('CUSTOMER_REVIEW:fraudulent', 'customer');
    sut.send('CONFIRM_SOURCE_REMOVED');
    sut.send('RESTRICT', 'system');
    expect(sut.state).toBe('restricted+idle');
    expect(sut.context).toMatchObject({ verdict: null, verdictMessage: null, activeRestrictions: 2 });
  });

  it('RESTRICT while reviewed adds restrictions and keeps the verdict', () => {
    const sut = new Ticket();
    sut.send('CUSTOMER_REVIEW:fraudulent', 'customer');
    sut.send('RESTRICT');
    expect(sut.state).toBe('customer_reviewed+idle');
    expect(sut.context).toMatchObject({ verdict: 'fraudulent', activeRestrictions: 1 });
    sut.send('REQUEST_INFO');
    expect(sut.state).toBe('restricted+idle');
  });

  it('escalation: paged, timed out to level 2, acknowledged, resolved', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    sut.send('ESCALATE');
    expect(sut.state).toBe('restricted+paging');
    expect(sut.context).toMatchObject({ escalationLevel: 1, pagedAt: '2025-03-01T10:02:00.000Z' });
    const timeout = sut.send('PAGE_TIMEOUT', 'system');
    expect(sut.state).toBe('restricted+paging');
    expect(sut.context.escalationLevel).toBe(2);
    expect(timeout.effects).toEqual([{ type: 'pageOnCall', level: 2 }]);
    sut.send('ACKNOWLEDGE', 'engineer');
    expect(sut.state).toBe('restricted+engaged');
    expect(sut.context).toMatchObject({ escalationLevel: 2, acknowledgedAt: '2025-03-01T10:04:00.000Z' });
    sut.send('RESOLVE_ESCALATION', 'engineer');
    expect(sut.state).toBe('restricted+idle');
    expect(sut.context).toMatchObject({ escalationLevel: 0, pagedAt: null, acknowledgedAt: null });
  });

  it('a page timer for a level already re-paged is stale (a duplicate timer does not page twice)', () => {
    const sut = new Ticket();
    sut.send('ESCALATE');
    sut.send({ type: 'PAGE_TIMEOUT', actor: ACTORS.system, at: AT, level: 1 });
    const stale = decide(sut.snapshot, { type: 'PAGE_TIMEOUT', actor: ACTORS.system, at: AT, level: 1 });
    expect(stale).toMatchObject({ ok: false, code: 'not_allowed' });
    expect(decide(sut.snapshot, { type: 'PAGE_TIMEOUT', actor: ACTORS.system, at: AT })).toMatchObject({ ok: true });
  });

  it('a technician may withdraw a page nobody acknowledged; the engineer must acknowledge first', () => {
    const sut = new Ticket();
    sut.send('ESCALATE');
    expect(decide(sut.snapshot, eventOf('RESOLVE_ESCALATION', ACTORS.engineer))).toMatchObject({
      ok: false,
      code: 'not_allowed',
      allowedEvents: ['ACKNOWLEDGE'],
    });
    const withdrawn = sut.send('RESOLVE_ESCALATION', 'technician');
    expect(sut.state).toBe('detected+idle');
    expect(withdrawn.effects).toEqual([{ type: 'stopPaging' }]);
  });

  it('ESCALATE is refused once the case is closed', () => {
    const sut = new Ticket();
    sut.send('DISMISS');
    const refused = decide(sut.snapshot, eventOf('ESCALATE', ACTORS.technician));
    expect(refused).toMatchObject({ ok: false, code: 'not_allowed', allowedEvents: ['REOPEN'] });
  });

  it('LIFT_RESTRICTIONS returns an engaged escalation to idle', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    sut.send('CUSTOMER_REVIEW:legitimate', 'customer');
    sut.send('ESCALATE');
    sut.send('ACKNOWLEDGE', 'engineer');
    sut.send('CONFIRM_CHARGES_ACCEPTED');
    expect(sut.state).toBe('charges_accepted+engaged');
    sut.send('LIFT_RESTRICTIONS');
    expect(sut.state).toBe('restrictions_lifted+idle');
    expect(sut.context.escalationLevel).toBe(0);
  });

  it('firstActionAt is the first NOC action; the system and the customer do not count', () => {
    const sut = new Ticket();
    sut.send('RESTRICT', 'system');
    sut.send('CUSTOMER_REVIEW:fraudulent', 'customer');
    expect(sut.context.firstActionAt).toBeNull();
    sut.send('CONFIRM_SOURCE_REMOVED');
    sut.send('RESTRICT');
    expect(sut.context.firstActionAt).toBe('2025-03-01T10:03:00.000Z');
  });

  it('the persisted snapshot round-trips through JSON', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    sut.send('ESCALATE');
    sut.send('PAGE_TIMEOUT', 'system');
    const json = JSON.parse(JSON.stringify(sut.snapshot));
    expect(json).toEqual(sut.snapshot);
    expect(json.value).toEqual({ case: 'restricted', escalation: 'paging' });
    expect(allowedEvents(json, ACTORS.technician)).toEqual([
      'RESTRICT',
      'CUSTOMER_REVIEW',
      'DISMISS',
      'RESOLVE_ESCALATION',
    ]);
    expect(allowedEvents(json, ACTORS.engineer)).toEqual(['ACKNOWLEDGE']);
    expect(decide(json, eventOf('ACKNOWLEDGE', ACTORS.engineer))).toMatchObject({ ok: true, escalation: 'engaged' });
  });

  it('a refusal reports the previous and allowed events, and changes nothing', () => {
    const sut = new Ticket();
    const before = JSON.stringify(sut.snapshot);
    expect(decide(sut.snapshot, eventOf('LIFT_RESTRICTIONS', ACTORS.technician))).toEqual({
      ok: false,
      code: 'not_allowed',
      message: expect.stringContaining('detected'),
      allowedEvents: ['RESTRICT', 'CUSTOMER_REVIEW', 'DISMISS', 'ESCALATE'],
    });
    expect(decide(sut.snapshot, eventOf('CUSTOMER_REVIEW:fraudulent', ACTORS.other_customer))).toMatchObject({
      ok: false,
      code: 'forbidden',
      allowedEvents: [],
    });
    expect(JSON.stringify(sut.snapshot)).toBe(before);
    expect(sut.send('RESTRICT').previous).toEqual({ caseState: 'detected', escalation: 'idle' });
  });
});

describe('decide: effects', () => {
  it('the first RESTRICT applies, refreshes enforcement and notifies the customer', () => {
    const sut = new Ticket();
    const r = sut.send({
      type: 'RESTRICT',
      actor: ACTORS.technician,
      at: AT,
      restrictions: [
        { kind: 'ip', value: '203.0.113.10' },
        { kind: 'ip', value: ' 203.0.113.10 ' },
        { kind: 'seat', value: '2125550101@acme.example.net' },
      ],
    });
    expect(r.effects).toEqual([
      {
        type: 'applyRestrictions',
        restrictions: [
          { kind: 'ip', value: '203.0.113.10' },
          { kind: 'seat', value: '2125550101@acme.example.net' },
        ],
      },
      { type: 'refreshEnforcement' },
      { type: 'notifyCustomer', template: 'restricted' },
    ]);
    expect(sut.context.activeRestrictions).toBe(2);
  });

  it('a further RESTRICT tells the customer restrictions were added', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    expect(sut.send('RESTRICT').effects).toEqual([
      { type: 'applyRestrictions', restrictions: [{ kind: 'ip', value: '203.0.113.10' }] },
      { type: 'refreshEnforcement' },
      { type: 'notifyCustomer', template: 'restrictions_added' },
    ]);
  });

  it('RESTRICT after the source was removed re-notifies as a new restriction', () => {
    const sut = new Ticket();
    sut.send('CUSTOMER_REVIEW:fraudulent', 'customer');
    sut.send('CONFIRM_SOURCE_REMOVED');
    expect(sut.send('RESTRICT', 'system').effects.map((e) => e.type === 'notifyCustomer' && e.template)).toContain(
      'restricted',
    );
  });

  it('LIFT_RESTRICTIONS lifts all, refreshes enforcement and tells the customer', () => {
    const sut = new Ticket();
    sut.send('RESTRICT');
    sut.send('CUSTOMER_REVIEW:fraudulent', 'customer');
    sut.send('CONFIRM_SOURCE_REMOVED');
    expect(sut.send('LIFT_RESTRICTIONS').effects).toEqual([
      { type: 'liftAllRestrictions' },
      { type: 'refreshEnforcement' },
      { type: 'notifyCustomer', template: 'restrictions_lifted' },
    ]);
  });

  it('ESCALATE pages the on-call engineer at level 1', () => {
    expect(new Ticket().send('ESCALATE').effects).toEqual([{ type: 'pageOnCall', level: 1 }]);
  });

  it('a customer review and an acknowledgement tell the technicians', () => {
    const sut = new Ticket();
    expect(sut.send('CUSTOMER_REVIEW:legitimate', 'customer').effects).toEqual([
      { type: 'notifyTechnicians', reason: 'customer_reviewed' },
    ]);
    sut.send('ESCALATE');
    expect(sut.send('ACKNOWLEDGE', 'engineer').effects).toEqual([
      { type: 'stopPaging' },
      { type: 'notifyTechnicians', reason: 'escalation_acknowledged' },
    ]);
    expect(sut.send('RESOLVE_ESCALATION', 'engineer').effects).toEqual([
      { type: 'notifyTechnicians', reason: 'escalation_resolved' },
    ]);
  });

  it('effects are plain JSON (they go into the outbox)', () => {
    const sut = new Ticket();
    const { effects } = sut.send('RESTRICT');
    expect(JSON.parse(JSON.stringify(effects))).toEqual(effects);
  });
});
