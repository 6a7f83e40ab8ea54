// The `detected_events` table: every read and write of it is here.
import type { Sql } from '../common/sql.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import type { EventKind, Severity } from '../tickets/case-kinds.js';
import type { EvidenceRef } from '../tickets/evidence-rows.js';
import type { CaseEventFacts } from '../tickets/ticket-intake.service.js';
import type { DetectedEvent, EventSource } from './event-view.js';

const EVENT_COLUMNS = `e.id, e.ticket_id AS "ticketId", e.customer_id AS "customerId", e.kind, e.severity,
  e.dedupe_key AS "dedupeKey", e.summary, e.details, e.evidence, e.restrictions, e.source,
  e.shadow, e.rule_id AS "ruleId", e.occurred_at AS "occurredAt", e.detected_at AS "detectedAt"`;

export interface NewEvent {
  customerId: string;
  ticketId: string;
  kind: EventKind;
  severity: Severity;
  dedupeKey: string;
  summary: string;
  details: Record<string, unknown>;
  evidence: EvidenceRef;
  restrictions: RestrictionSpec[];
  source: EventSource;
  createdBy: string | null;
  occurredAt: string;
  /** The detection rule that raised it, if any. */
  ruleId?: string | null;
  /** A shadow rule's event: stored, no ticket. */
  shadow?: boolean;
  /** What, within the case the dedupe key names, this event is about (a rule raises one per subject). */
  subject?: string;
}

/**
 * Stores the event; null when the rule already raised this one (same rule, dedupe key, subject, severity and
 * window end), so a detector that sees the same traffic twice stores nothing new.
 */
export async function insertEvent(
  m: Sql,
  e: Omit<NewEvent, 'ticketId'> & { ticketId: string | null },
): Promise<string | null> {
  const [row]: { id: string }[] = await m.query(
    `INSERT INTO detected_events (customer_id, ticket_id, kind, severity, dedupe_key, summary, details, evidence,
                                  restrictions, source, created_by, occurred_at, rule_id, shadow, subject)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
     ON CONFLICT (rule_id, dedupe_key, subject, severity, occurred_at) WHERE rule_id IS NOT NULL DO NOTHING
     RETURNING id`,
    [
      e.customerId,
      e.ticketId,
      e.kind,
      e.severity,
      e.dedupeKey,
      e.summary,
      JSON.stringify(e.details),
      JSON.stringify(e.evidence),
      JSON.stringify(e.restrictions),
      e.source,
      e.createdBy,
      e.occurredAt,
      e.ruleId ?? null,
      e.shadow ?? false,
      e.subject ?? '',
    ],
  );
  return row?.id ?? null;
}

/** The event a rule already raised for this dedupe key, subject, severity and window end, if any. */
export async function ruleEventId(
  m: Sql,
  ruleId: string,
  dedupeKey: string,
  subject: string,
  severity: Severity,
  occurredAt: string,
): Promise<string | null> {
  const [row]: { id: string }[] = await m.query(
    `SELECT id FROM detected_events
      WHERE rule_id = $1 AND dedupe_key = $2 AND subject = $3 AND severity = $4 AND occurred_at = $5::timestamptz`,
    [ruleId, dedupeKey, subject, severity, occurredAt],
  );
  return row?.id ?? null;
}

/** What each rule raised: its events, warnings, blocks and customers since `since`, and when it last fired. */
export interface RuleActivity {
  events: number;
  warnings: number;
  blocks: number;
  customers: number;
  lastFiredAt: Date | null;
}

export async function ruleActivity(m: Sql, ruleIds: string[], since: Date): Promise<Map<string, RuleActivity>> {
  if (!ruleIds.length) return new Map();
  const rows: (RuleActivity & { ruleId: string })[] = await m.query(
    `SELECT rule_id AS "ruleId", max(detected_at) AS "lastFiredAt",
            count(*) FILTER (WHERE detected_at >= $2)::int AS events,
            count(*) FILTER (WHERE detected_at >= $2 AND severity = 'warning')::int AS warnings,
            count(*) FILTER (WHERE detected_at >= $2 AND severity = 'block')::int AS blocks,
            count(DISTINCT customer_id) FILTER (WHERE detected_at >= $2)::int AS customers
       FROM detected_events WHERE rule_id = ANY($1::uuid[]) GROUP BY rule_id`,
    [ruleIds, since],
  );
  return new Map(rows.map(({ ruleId, ...a }) => [ruleId, a]));
}

/** The tickets these rules opened: a ticket is the rule's when the rule raised its first event. */
export function ticketsOpenedByRules(m: Sql, ruleIds: string[]): Promise<{ ruleId: string; ticketId: string }[]> {
  if (!ruleIds.length) return Promise.resolve([]);
  return m.query(
    `SELECT f.rule_id AS "ruleId", f.ticket_id AS "ticketId"
       FROM (SELECT DISTINCT ON (e.ticket_id) e.ticket_id, e.rule_id
               FROM detected_events e
              WHERE e.ticket_id IN (SELECT ticket_id FROM detected_events
                                     WHERE rule_id = ANY($1::uuid[]) AND ticket_id IS NOT NULL)
              ORDER BY e.ticket_id, e.detected_at, e.id) f
      WHERE f.rule_id = ANY($1::uuid[])`,
    [ruleIds],
  );
}

/** The highest severity a rule already raised for a customer, by dedupe key (keys it never raised are absent). */
export async function highestRuleSeverities(
  m: Sql,
  ruleId: string,
  customerId: string,
  dedupeKeys: readonly string[],
): Promise<Map<string, Severity>> {
  if (!dedupeKeys.length) return new Map();
  const rows: { key: string; severity: Severity }[] = await m.query(
    `SELECT DISTINCT ON (dedupe_key) dedupe_key AS key, severity FROM detected_events
      WHERE rule_id = $1 AND customer_id = $2 AND dedupe_key = ANY($3::text[])
      ORDER BY dedupe_key, array_position(ARRAY['notify','warning','urgent','block'], severity) DESC`,
    [ruleId, customerId, dedupeKeys],
  );
  return new Map(rows.map((r) => [r.key, r.severity]));
}

export async function eventById(m: Sql, id: string): Promise<DetectedEvent> {
  const [row] = await m.query(`SELECT ${EVENT_COLUMNS} FROM detected_events e WHERE e.id = $1`, [id]);
  return row;
}

export interface EventFilter {
  /** The customer a caller is confined to; null for staff. */
  scope: string | null;
  customerId: string | null;
  kind: EventKind | null;
  severity: Severity | null;
  /** Only shadow events (true) or only live ones (false). */
  shadow: boolean | null;
  ruleId: string | null;
  ticketId: string | null;
  since: string | null;
  /** Keyset cursor: events detected before this (detected_at, id). */
  after: [string, string] | null;
  limit: number;
}

/** Newest first; `cursorAt` is the keyset cursor's time, as text to keep its microseconds. */
export function eventPage(m: Sql, f: EventFilter): Promise<(DetectedEvent & { cursorAt: string })[]> {
  return m.query(
    `SELECT ${EVENT_COLUMNS}, e.detected_at::text AS "cursorAt"
       FROM detected_events e
      WHERE ($1::uuid IS NULL OR e.customer_id = $1) AND ($2::uuid IS NULL OR e.customer_id = $2)
        AND ($3::text IS NULL OR e.kind = $3) AND ($4::timestamptz IS NULL OR e.detected_at >= $4)
        AND ($5::timestamptz IS NULL OR (e.detected_at, e.id) < ($5, $6::uuid))
        AND ($8::text IS NULL OR e.severity = $8) AND ($9::boolean IS NULL OR e.shadow = $9)
        AND ($10::uuid IS NULL OR e.rule_id = $10) AND ($11::uuid IS NULL OR e.ticket_id = $11)
      ORDER BY e.detected_at DESC, e.id DESC
      LIMIT $7`,
    [
      f.scope,
      f.customerId,
      f.kind,
      f.since,
      f.after?.[0] ?? null,
      f.after?.[1] ?? null,
      f.limit,
      f.severity,
      f.shadow,
      f.ruleId,
      f.ticketId,
    ],
  );
}

/** What the ticket's events say for its client summary: the first one, and every restriction they name. */
export async function eventFacts(m: Sql, ticketId: string): Promise<CaseEventFacts> {
  const [first]: { kind: string; summary: string; occurredAt: Date }[] = await m.query(
    `SELECT kind, summary, occurred_at AS "occurredAt" FROM detected_events
      WHERE ticket_id = $1 ORDER BY detected_at, id LIMIT 1`,
    [ticketId],
  );
  const [{ named }]: { named: RestrictionSpec[] }[] = await m.query(
    `SELECT coalesce(jsonb_agg(r), '[]') AS named FROM detected_events d, jsonb_array_elements(d.restrictions) r
      WHERE d.ticket_id = $1`,
    [ticketId],
  );
  return { firstEvent: first ?? null, named };
}

/** The start of the evidence window of the first event with this dedupe key, if it named one. */
export async function firstEvidenceFrom(m: Sql, customerId: string, dedupeKey: string): Promise<Date | null> {
  const [e]: { from: string }[] = await m.query(
    `SELECT e.evidence->>'from' AS "from" FROM detected_events e
      WHERE e.customer_id = $1 AND e.dedupe_key = $2 AND e.evidence ? 'from'
      ORDER BY e.detected_at, e.id LIMIT 1`,
    [customerId, dedupeKey],
  );
  return e ? new Date(e.from) : null;
}

/** The seat_threshold rule that raised the ticket's first seat or group event, if one did. */
export async function seatRuleOfTicket(m: Sql, ticketId: string): Promise<string | null> {
  const [r]: { rule_id: string }[] = await m.query(
    `SELECT rule_id FROM detected_events
      WHERE ticket_id = $1 AND rule_id IS NOT NULL AND kind IN ('seat_threshold', 'group_threshold')
      ORDER BY detected_at, id LIMIT 1`,
    [ticketId],
  );
  return r?.rule_id ?? null;
}

/** Each ticket's first event: the rule that raised it and where it came from. */
export async function firstEventsOf(
  m: Sql,
  ticketIds: readonly string[],
): Promise<Map<string, { ruleId: string | null; source: EventSource }>> {
  if (!ticketIds.length) return new Map();
  const rows: { ticketId: string; ruleId: string | null; source: EventSource }[] = await m.query(
    `SELECT DISTINCT ON (ticket_id) ticket_id AS "ticketId", rule_id AS "ruleId", source FROM detected_events
      WHERE ticket_id = ANY($1::uuid[]) ORDER BY ticket_id, detected_at, id`,
    [ticketIds],
  );
  return new Map(rows.map((r) => [r.ticketId, { ruleId: r.ruleId, source: r.source }]));
}

/** What the ticket's events name (their details) and the rules that raised them, oldest first. */
export function eventObservations(
  m: Sql,
  ticketId: string,
): Promise<{ details: Record<string, unknown>; ruleId: string | null }[]> {
  return m.query(
    `SELECT details, rule_id AS "ruleId" FROM detected_events WHERE ticket_id = $1 ORDER BY detected_at, id LIMIT 500`,
    [ticketId],
  );
}

/**
 * For each `kind:value` tag (observables.ts), the other tickets with an event naming it, latest first, at most
 * `perValue` each. `event_observables(details)` is the tags an event names; its GIN index (idx_event_observables)
 * finds the events naming any of them in one scan.
 */
export function ticketsNamingQuery(q: { tags: readonly string[]; exceptTicketId: string; perValue: number }) {
  return {
    text: `SELECT tag, "ticketId" FROM (
             SELECT o.tag, e.ticket_id AS "ticketId",
                    row_number() OVER (PARTITION BY o.tag ORDER BY max(e.detected_at) DESC, e.ticket_id) AS n
               FROM detected_events e CROSS JOIN LATERAL unnest(event_observables(e.details)) AS o(tag)
              WHERE event_observables(e.details) && $1::text[] AND o.tag = ANY($1::text[])
                AND e.ticket_id IS NOT NULL AND e.ticket_id <> $2
              GROUP BY o.tag, e.ticket_id) x
            WHERE n <= $3`,
    params: [q.tags, q.exceptTicketId, q.perValue] as unknown[],
  };
}

export function ticketsNaming(
  m: Sql,
  q: { tags: readonly string[]; exceptTicketId: string; perValue: number },
): Promise<{ tag: string; ticketId: string }[]> {
  if (!q.tags.length) return Promise.resolve([]);
  const { text, params } = ticketsNamingQuery(q);
  return m.query(text, params);
}

/** For each rule, the other tickets it raised events on (latest first, at most `perValue`). */
export function ticketsOfRules(
  m: Sql,
  q: { ruleIds: readonly string[]; exceptTicketId: string; perValue: number },
): Promise<{ value: string; ticketId: string }[]> {
  if (!q.ruleIds.length) return Promise.resolve([]);
  return m.query(
    `SELECT v.value, x.ticket_id AS "ticketId"
       FROM unnest($1::uuid[]) AS v(value)
       CROSS JOIN LATERAL (
         SELECT e.ticket_id FROM detected_events e
          WHERE e.rule_id = v.value AND e.ticket_id IS NOT NULL AND e.ticket_id <> $2
          GROUP BY e.ticket_id ORDER BY max(e.detected_at) DESC LIMIT $3) x`,
    [q.ruleIds, q.exceptTicketId, q.perValue],
  );
}
