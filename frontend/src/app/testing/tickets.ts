import { customerRestriction } from '../portal/customer-words';
import type { CaseCall, ChecklistItem, Restriction, Ticket, TicketSummary, TimelineEntry } from '../tickets/ticket';

/** A queue row as the server sends it. */
export const SUMMARY: TicketSummary = {
  id: 't-1',
  number: 'FRD-000123',
  customerId: 'c-harb',
  customerName: 'Harborview Logistics',
  accountCode: 'HARB009',
  title: 'International calls to Cuba from seat 142',
  kind: 'threshold',
  severity: 'warning',
  dedupeKey: 'threshold',
  state: 'detected',
  escalation: 'idle',
  escalationLevel: 0,
  waitsOn: 'noc',
  version: 3,
  eventCount: 1,
  exposure: { calls: 12, minutes: 48.5, cost: 61.2 },
  openedAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:05:00Z',
  closedAt: null,
  ownerId: null,
  ownerName: null,
  externalRefs: [],
  firstCallAt: '2026-03-01T09:10:00Z',
  lastCallAt: '2026-03-01T09:55:00Z',
  allowedEvents: ['RESTRICT', 'DISMISS', 'ESCALATE'],
};

const UNCHECKED: Omit<ChecklistItem, 'id' | 'position' | 'item'> = {
  checked: false,
  finding: null,
  checkedBy: null,
  checkedAt: null,
};

export const TICKET: Ticket = {
  ...SUMMARY,
  customerTimeZone: 'America/New_York',
  restrictions: [],
  clientSummary: 'We saw 12 calls to +53 from your seat 142.',
  verdict: null,
  evidenceWindow: { from: '2026-03-01T09:10:00Z', to: '2026-03-01T09:55:00Z' },
  acknowledgedAt: null,
  restrictedAt: null,
  checklist: [
    { id: 'k-1', position: 1, item: 'Is international dialling enabled on the seat?', ...UNCHECKED },
    {
      id: 'k-2',
      position: 2,
      item: 'Which IP does the device register from?',
      checked: true,
      finding: '203.0.113.77',
      checkedBy: 'Terry Tech',
      checkedAt: '2026-03-01T10:03:00Z',
    },
  ],
  sla: { acknowledgeSeconds: 300, restrictSeconds: null, waitingOnCustomerSeconds: 0 },
  escalationLevel: 0,
  paged: [],
};

/** A restriction as the server lists it on a ticket (the NOC also gets `reason` and `covers`). */
export function restriction(
  fields: Pick<Restriction, 'id' | 'kind' | 'value' | 'status'> & Partial<Restriction>,
): Restriction {
  const lifted = fields.status === 'lifted';
  return {
    createdBy: 'Terry Tech',
    createdAt: '2026-03-01T10:10:00Z',
    liftedBy: lifted ? 'Terry Tech' : null,
    liftedAt: lifted ? '2026-03-02T08:00:00Z' : null,
    expiresAt: null,
    blocks: customerRestriction(fields), // the server says it in the same words, and names countries
    ...fields,
  };
}

export const TIMELINE: TimelineEntry[] = [
  {
    id: '1',
    ticketId: 't-1',
    type: 'opened',
    actor: { id: null, role: 'system', name: 'Tollgate fraud detection' },
    fromState: null,
    toState: 'detected',
    payload: { title: SUMMARY.title },
    visibility: 'customer',
    at: '2026-03-01T10:00:00Z',
  },
  {
    id: '2',
    ticketId: 't-1',
    type: 'note',
    actor: { id: 'u-terry', role: 'technician', name: 'Terry Tech' },
    fromState: null,
    toState: null,
    payload: { body: 'Called the customer, no answer.' },
    visibility: 'internal',
    at: '2026-03-01T10:04:00Z',
  },
];

/** A linked call as `GET /api/tickets/:id/calls` lists it. */
export const CALL: CaseCall = {
  id: '981',
  callId: 'a1b2c3',
  startedAt: '2026-03-01T09:12:00Z',
  seat: 'Front desk',
  sipUser: 'harb-142',
  sourceIp: '192.0.2.199',
  caller: '+16175550142',
  called: '011371814313',
  calledE164: '+37181431366',
  country: 'LV',
  countryName: 'Latvia',
  disposition: 'ANSWERED',
  billsec: 125,
  cost: 3.5,
};
