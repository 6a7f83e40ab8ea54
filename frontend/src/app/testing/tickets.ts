import type { Ticket, TicketSummary, TimelineEntry } from '../tickets/ticket';

/** A queue row as the server sends it. */
export const SUMMARY: TicketSummary = {
  id: 't-1',
  number: 'FRD-000123',
  customerId: 'c-harb',
  customerName: 'Harborview Logistics',
  title: 'International calls to Cuba from seat 142',
  kind: 'threshold',
  severity: 'warning',
  state: 'detected',
  escalation: 'idle',
  version: 3,
  exposure: { calls: 12, minutes: 48.5, cost: 61.2 },
  openedAt: '2026-03-01T10:00:00Z',
  updatedAt: '2026-03-01T10:05:00Z',
  closedAt: null,
};

export const TICKET: Ticket = {
  ...SUMMARY,
  allowedEvents: ['RESTRICT', 'DISMISS', 'ESCALATE'],
  restrictions: [],
  clientSummary: 'We saw 12 calls to +53 from your seat 142.',
  checklist: [
    { id: 'k-1', item: 'Is international dialling enabled on the seat?', checked: false, finding: null },
    { id: 'k-2', label: 'Which IP does the device register from?', checked: true, finding: '203.0.113.77' },
  ],
  sla: { acknowledgeSeconds: 300, restrictSeconds: null, waitingOnCustomerSeconds: 0 },
};

export const TIMELINE: TimelineEntry[] = [
  {
    id: '1',
    type: 'opened',
    actor: { id: null, role: 'system', name: 'Tollgate' },
    fromState: null,
    toState: 'detected',
    payload: { title: SUMMARY.title },
    visibility: 'customer',
    at: '2026-03-01T10:00:00Z',
  },
  {
    id: '2',
    type: 'note',
    actorName: 'Terry Tech',
    actorRole: 'technician',
    fromState: null,
    toState: null,
    payload: { body: 'Called the customer, no answer.' },
    visibility: 'internal',
    at: '2026-03-01T10:04:00Z',
  },
];
