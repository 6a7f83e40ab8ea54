import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import type { EventKind, Severity } from '../tickets/case-kinds.js';

/** Where an event came from, kept on the row. */
export type EventSource = 'api' | 'detector' | 'email' | 'realtime';

/** docs/api.md §Detection: the event as stored, with the ticket it opened or joined. */
export interface DetectedEvent {
  id: string;
  ticketId: string | null;
  customerId: string;
  kind: EventKind;
  severity: Severity;
  dedupeKey: string;
  summary: string;
  details?: Record<string, unknown>;
  evidence: { cdrIds?: string[]; from?: string; to?: string };
  restrictions: RestrictionSpec[];
  source: string;
  /** Raised by a shadow rule: stored for review, opened no ticket, restricted nothing. */
  shadow: boolean;
  /** The detection rule that raised it; null for events from outside. */
  ruleId: string | null;
  occurredAt: Date;
  detectedAt: Date;
}
