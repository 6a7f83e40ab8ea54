import { errorCode } from '../core/api-error';

/** Codes of a lifecycle event refused because the ticket moved on: reload it and show why. */
const TICKET_MOVED_ON = new Set(['ticket_stale_version', 'event_not_allowed', 'ticket_already_open']);

export function isTicketConflict(error: unknown): boolean {
  return TICKET_MOVED_ON.has(errorCode(error) ?? '');
}
