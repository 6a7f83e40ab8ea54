// The SIP final response a switch sends for a decision (`?format=sip`), README §Enforcement lists them.
import type { Decision } from './blocklist-index.js';

export interface SipStatus {
  code: 200 | 403 | 603;
  phrase: string;
}

/**
 * 200 OK: allowed (emergency calls included): the switch routes the call.
 * 403 Forbidden: the source address is blocked (a ticket's IP restriction or the brute-force blacklist): the
 * sender is not allowed to use the service at all, whatever it dials.
 * 603 Decline: every other denial (seat, group, account, destination, destination class, a real-time threshold):
 * the user may not place this call now; 603 tells the caller's side not to retry it elsewhere.
 */
export function sipStatus(d: Decision): SipStatus {
  if (d.decision === 'allow') return { code: 200, phrase: 'OK' };
  if (d.restriction?.kind === 'ip') return { code: 403, phrase: 'Forbidden' };
  return { code: 603, phrase: 'Decline' };
}

/** The `?format=sip` answer: the status line, then one reason a line. */
export function sipAnswer(d: Decision): { status: SipStatus; text: string } {
  const status = sipStatus(d);
  return { status, text: [`${status.code} ${status.phrase}`, ...d.reasons].join('\n') + '\n' };
}
