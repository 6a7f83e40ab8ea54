// What the customer sees of the timeline. Case transitions are theirs to follow; escalations,
// checklists, detected events and internal notes are the NOC's. Reasons for DISMISS/REOPEN stay
// internal too: a technician writes to the customer with a customer-visible note.
import type { TicketEventType } from './ticket-machine.types.js';

const CUSTOMER_VISIBLE_EVENTS = new Set<string>([
  'RESTRICT',
  'CUSTOMER_REVIEW',
  'CONFIRM_SOURCE_REMOVED',
  'CONFIRM_CHARGES_ACCEPTED',
  'REQUEST_INFO',
  'LIFT_RESTRICTIONS',
  'DISMISS',
  'REOPEN',
] satisfies TicketEventType[]);

export function transitionVisibility(type: TicketEventType): 'internal' | 'customer' {
  return CUSTOMER_VISIBLE_EVENTS.has(type) ? 'customer' : 'internal';
}

/** Payload fields a customer may read, per entry type; everything else is dropped. */
const CUSTOMER_FIELDS: Record<string, string[]> = {
  // The opening event's title is the detector's text (rule names, thresholds): the customer reads the client summary.
  opened: [],
  note: ['body'],
  attachment_added: ['attachmentId', 'filename', 'contentType', 'sizeBytes'],
  RESTRICT: ['restrictions', 'message'],
  CUSTOMER_REVIEW: ['verdict', 'message', 'sourceRemoved', 'acceptCharges'],
  REQUEST_INFO: ['message'],
  LIFT_RESTRICTIONS: ['lifted'],
  DISMISS: ['lifted'],
  restriction_expired: ['lifted'],
};

export interface TimelineEntry {
  id: string;
  ticketId: string;
  type: string;
  actor: { id: string | null; role: string; name: string };
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
  visibility: 'internal' | 'customer';
  at: Date;
}

export function customerView(e: TimelineEntry): TimelineEntry {
  const keep = CUSTOMER_FIELDS[e.type] ?? [];
  const payload = Object.fromEntries(Object.entries(e.payload).filter(([k]) => keep.includes(k)));
  return { ...e, payload };
}
