// Reads of the `tickets` table for the queue, a ticket's page, the client summary, mail and reports,
// each with its customer's name.
import { keysetAfter, keysetColumns, keysetOrderBy, type SortKey } from '../common/keyset.js';
import { containsPattern, type Sql } from '../common/sql.js';
import type { EventKind, Severity } from './case-kinds.js';
import {
  CASE_STATES,
  CLOSED_CASE_STATES,
  type CaseState,
  type EscalationState,
  type PersistedTicketSnapshot,
  type Verdict,
} from './ticket-machine.types.js';
import type { QueueOrder, QueueSort } from './queue-sorts.js';

const ESCALATION_LEVEL = `coalesce((t.snapshot->'context'->>'escalationLevel')::int, 0)`;

const SUMMARY_COLUMNS = `t.id, t.number, t.customer_id, c.name AS customer_name, c.account_code, t.title, t.kind, t.severity,
  t.severity_rank, t.dedupe_key, t.state, t.escalation, t.version, t.event_count,
  t.exposure_calls, t.exposure_minutes, t.exposure_cost, t.opened_at, t.updated_at, t.closed_at,
  t.external_refs, t.owner_id, (SELECT o.name FROM users o WHERE o.id = t.owner_id) AS owner_name,
  t.first_call_at, t.last_call_at, ${ESCALATION_LEVEL} AS escalation_level,
  split_part(btrim(t.client_summary, E' \n'), E'\n', 1) AS summary_title`;

/** A ticket as the queue lists it; numerics come as text from node-postgres. */
export interface TicketSummaryRow {
  id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  account_code: string;
  title: string;
  /** The client summary's first line: the title a customer reads (the detector's title names its rule). */
  summary_title: string;
  kind: EventKind;
  severity: Severity;
  severity_rank: number;
  dedupe_key: string;
  state: CaseState;
  escalation: EscalationState;
  version: number;
  event_count: number;
  exposure_calls: number;
  exposure_minutes: string;
  exposure_cost: string;
  opened_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  owner_id: string | null;
  owner_name: string | null;
  external_refs: string[];
  first_call_at: Date | null;
  last_call_at: Date | null;
  escalation_level: number;
}

export interface QueueFilter {
  /** The customer a caller is confined to; null for staff. */
  scope: string | null;
  customerId: string | null;
  states: CaseState[] | null;
  severity: Severity | null;
  /**
   * Free text over number, title, customer, dedupe key, account code, the case's detected events (their words,
   * and the seats, IPs, numbers and countries they name) and its restrictions' values.
   */
  text: string | null;
  /** Countries whose name the text matches (ISO alpha-2): cases whose events involve them match too. */
  textCountries: string[] | null;
  number: number | null;
  /** `none`: cases nobody owns; a user id: that user's cases. */
  owner: string | null;
  sort: QueueSort;
  order: QueueOrder;
  /** Keyset cursor: the sort keys' values (`queueSortKeys`) of the last ticket of the previous page. */
  after: (string | null)[] | null;
  limit: number;
}

const quoted = (xs: readonly string[]) => xs.map((x) => `'${x}'`).join(',');
const OWNER_NAME = '(SELECT o.name FROM users o WHERE o.id = t.owner_id)';
const OPENED: SortKey = { expr: 't.opened_at', type: 'micros', desc: false };
const ID: SortKey = { expr: 't.id', type: 'uuid', desc: false };

/** Each sort's own keys, ascending (`invert`: its ascending order is the value's descending one). */
const SORT_KEYS: Record<QueueSort, (Omit<SortKey, 'desc'> & { invert?: boolean })[]> = {
  severity: [{ expr: 't.severity_rank', type: 'int' }],
  number: [{ expr: 't.number', type: 'int' }],
  // The lifecycle's order.
  state: [{ expr: `array_position(ARRAY[${quoted(CASE_STATES)}]::text[], t.state)`, type: 'int' }],
  // The NOC's move first, then the customer's, then closed cases (nobody's).
  waitsOn: [
    {
      expr: `CASE WHEN t.state = 'restricted' THEN 1 WHEN t.state IN (${quoted(CLOSED_CASE_STATES)}) THEN 2 ELSE 0 END`,
      type: 'int',
    },
  ],
  customer: [{ expr: 'c.name', type: 'text' }],
  owner: [{ expr: OWNER_NAME, type: 'text', nullable: true }],
  // The level paged, then paging (unanswered) above engaged.
  escalation: [
    { expr: ESCALATION_LEVEL, type: 'int' },
    { expr: `CASE t.escalation WHEN 'paging' THEN 2 WHEN 'engaged' THEN 1 ELSE 0 END`, type: 'int' },
  ],
  exposure: [{ expr: 't.exposure_cost', type: 'numeric' }],
  firstCallAt: [{ expr: 't.first_call_at', type: 'micros', nullable: true }],
  lastCallAt: [{ expr: 't.last_call_at', type: 'micros', nullable: true }],
  // Age since the first call: the youngest first.
  age: [{ expr: 't.first_call_at', type: 'micros', nullable: true, invert: true }],
  openedAt: [{ expr: 't.opened_at', type: 'micros' }],
};

/** The keys a sort orders by: its own in the asked order, then the oldest case first, then the id. */
export function queueSortKeys(sort: QueueSort, order: QueueOrder): SortKey[] {
  const own = SORT_KEYS[sort].map(({ invert, ...k }) => ({ ...k, desc: (order === 'desc') !== !!invert }));
  return [...own, ...(sort === 'openedAt' ? [] : [OPENED]), ID];
}

/** The queue in the asked order (by default most severe first, then oldest first). */
export function queuePage(
  m: Sql,
  f: QueueFilter,
): Promise<(TicketSummaryRow & { snapshot: PersistedTicketSnapshot } & Record<`k${number}`, string | null>)[]> {
  const keys = queueSortKeys(f.sort, f.order);
  return m.query(
    `SELECT ${SUMMARY_COLUMNS}, t.snapshot, ${keysetColumns(keys)}
       FROM tickets t JOIN customers c ON c.id = t.customer_id
      WHERE ($1::uuid IS NULL OR t.customer_id = $1)
        AND ($2::uuid IS NULL OR t.customer_id = $2)
        AND ($3::text[] IS NULL OR t.state = ANY($3))
        AND ($4::text IS NULL OR t.severity = $4)
        AND ($5::text IS NULL OR t.number = $6 OR t.title ILIKE $5 OR c.name ILIKE $5
             OR t.dedupe_key ILIKE $5 OR c.account_code ILIKE $5
             OR EXISTS (SELECT 1 FROM detected_events e WHERE e.ticket_id = t.id
                          AND (e.summary ILIKE $5 OR e.details::text ILIKE $5 OR e.restrictions::text ILIKE $5
                               OR ($10::text[] IS NOT NULL AND e.details->'countries' ?| $10::text[])))
             OR EXISTS (SELECT 1 FROM restrictions r WHERE r.ticket_id = t.id AND r.value ILIKE $5))
        AND ($9::text IS NULL OR ($9 = 'none' AND t.owner_id IS NULL) OR t.owner_id::text = $9)
        AND ($7::boolean IS NOT TRUE OR ${keysetAfter(keys, 11)})
      ORDER BY ${keysetOrderBy(keys)}
      LIMIT $8`,
    [
      f.scope,
      f.customerId,
      f.states,
      f.severity,
      f.text === null ? null : containsPattern(f.text),
      f.number,
      f.after !== null,
      f.limit,
      f.owner,
      f.textCountries,
      ...(f.after ?? keys.flatMap((k) => (k.nullable ? [null, null] : [null]))),
    ],
  );
}

/** A ticket's page: the summary, the client summary, the evidence window and the SLA clocks (seconds). */
export interface TicketDetailRow extends TicketSummaryRow {
  customer_time_zone: string;
  client_summary: string;
  acknowledged_at: Date | null;
  restricted_at: Date | null;
  verdict: Verdict | null;
  acknowledge_seconds: number | null;
  restrict_seconds: number | null;
  waiting_seconds: number;
}

export async function ticketDetail(m: Sql, ticketId: string): Promise<TicketDetailRow> {
  const [row] = await m.query(
    `SELECT ${SUMMARY_COLUMNS}, c.timezone AS customer_time_zone, t.client_summary,
            t.acknowledged_at, t.restricted_at, t.snapshot->'context'->>'verdict' AS verdict,
            extract(epoch FROM t.acknowledged_at - t.opened_at)::int AS acknowledge_seconds,
            extract(epoch FROM t.restricted_at - t.opened_at)::int AS restrict_seconds,
            t.waiting_seconds + coalesce(extract(epoch FROM now() - t.waiting_since)::int, 0) AS waiting_seconds
       FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $1`,
    [ticketId],
  );
  return row;
}

/** The ticket's customer and exposure, as the client summary and the report state them. */
export interface ExposureHead {
  customer_id: string;
  customer_name: string;
  account_code: string;
  timezone: string;
  exposure_calls: number;
  exposure_minutes: string;
  exposure_cost: string;
  first_call_at: Date | null;
  last_call_at: Date | null;
}

const EXPOSURE_COLUMNS = `c.id AS customer_id, c.name AS customer_name, c.account_code, c.timezone,
  t.exposure_calls, t.exposure_minutes, t.exposure_cost, t.first_call_at, t.last_call_at`;

export async function exposureHead(m: Sql, ticketId: string): Promise<ExposureHead> {
  const [head] = await m.query(
    `SELECT ${EXPOSURE_COLUMNS} FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $1`,
    [ticketId],
  );
  return head;
}

/** The head of the evidence report. */
export interface ReportHead extends ExposureHead {
  number: string;
  state: CaseState;
  title: string;
  severity: Severity;
  opened_at: Date;
  closed_at: Date | null;
  client_summary: string;
}

export async function reportHead(m: Sql, ticketId: string): Promise<ReportHead> {
  const [head] = await m.query(
    `SELECT t.number, t.state, t.title, t.severity, t.opened_at, t.closed_at, t.client_summary, ${EXPOSURE_COLUMNS}
       FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $1`,
    [ticketId],
  );
  return head;
}

/** What a mail about the ticket names. */
export interface MailHead {
  id: string;
  number: string;
  title: string;
  client_summary: string;
  customer_id: string;
}

export async function mailHead(m: Sql, ticketId: string): Promise<MailHead> {
  const [r] = await m.query(`SELECT id, number, title, client_summary, customer_id FROM tickets WHERE id = $1`, [
    ticketId,
  ]);
  return r;
}

/** The customer's first ticket with this dedupe key, open or closed. */
export async function firstTicketFor(
  m: Sql,
  customerId: string,
  dedupeKey: string,
): Promise<{ id: string; number: string } | undefined> {
  const [t] = await m.query(
    `SELECT id, number FROM tickets WHERE customer_id = $1 AND dedupe_key = $2 ORDER BY opened_at, id LIMIT 1`,
    [customerId, dedupeKey],
  );
  return t;
}

/** How many tickets are in each case state (states without tickets are left out). */
export async function ticketsByState(m: Sql): Promise<Record<string, number>> {
  const rows: { state: string; n: number }[] = await m.query(
    `SELECT state, count(*)::int AS n FROM tickets GROUP BY state ORDER BY state`,
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}

/** A ticket as another page links to it. */
export interface TicketHead {
  id: string;
  number: string;
  state: CaseState;
  openedAt: Date;
  customerId: string;
  customerName: string;
  accountCode: string;
  externalRefs: string[];
}

/** These tickets' heads (in no particular order). */
export function ticketHeads(m: Sql, ids: readonly string[]): Promise<TicketHead[]> {
  if (!ids.length) return Promise.resolve([]);
  return m.query(
    `SELECT t.id, t.number, t.state, t.opened_at AS "openedAt", t.customer_id AS "customerId",
            c.name AS "customerName", c.account_code AS "accountCode", t.external_refs AS "externalRefs"
       FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = ANY($1::uuid[])`,
    [ids],
  );
}

/** For each carrier reference, the other tickets that carry it (latest first, at most `perValue`; idx_ticket_external_refs). */
export function ticketsWithExternalRefs(
  m: Sql,
  q: { refs: readonly string[]; exceptTicketId: string; perValue: number },
): Promise<{ value: string; ticketId: string }[]> {
  if (!q.refs.length) return Promise.resolve([]);
  return m.query(
    `SELECT v.value, x.id AS "ticketId"
       FROM unnest($1::text[]) AS v(value)
       CROSS JOIN LATERAL (
         SELECT t.id FROM tickets t WHERE t.external_refs @> ARRAY[v.value] AND t.id <> $2
          ORDER BY t.opened_at DESC LIMIT $3) x`,
    [q.refs, q.exceptTicketId, q.perValue],
  );
}
