import { CLOSED_CASE_STATES, type CaseState } from './ticket-machine.types.js';

/** The columns the queue sorts on (`GET /api/tickets?sort=`). */
export const QUEUE_SORTS = [
  'severity',
  'number',
  'state',
  'waitsOn',
  'customer',
  'owner',
  'escalation',
  'exposure',
  'firstCallAt',
  'lastCallAt',
  'age',
  'openedAt',
] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export const QUEUE_ORDERS = ['asc', 'desc'] as const;
export type QueueOrder = (typeof QUEUE_ORDERS)[number];

/**
 * Whose move it is: a restricted case waits on the customer's review, a closed one on nobody, any other on the
 * NOC. (The `waitsOn` sort in ticket-read-rows.ts orders by the same rule.)
 */
export function waitsOn(state: CaseState): 'noc' | 'customer' | null {
  if (state === 'restricted') return 'customer';
  return (CLOSED_CASE_STATES as readonly string[]).includes(state) ? null : 'noc';
}
