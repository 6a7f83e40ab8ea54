import type { EventKind, Severity } from '../tickets/case-kinds.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';

/** API.md §Detection: the event as stored, with the ticket it opened or joined. */
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
  occurredAt: Date;
  detectedAt: Date;
}

export const EVENT_COLUMNS = `e.id, e.ticket_id AS "ticketId", e.customer_id AS "customerId", e.kind, e.severity,
  e.dedupe_key AS "dedupeKey", e.summary, e.details, e.evidence, e.restrictions, e.source,
  e.occurred_at AS "occurredAt", e.detected_at AS "detectedAt"`;
