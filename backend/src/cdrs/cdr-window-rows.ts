// Reads of the `cdrs` table for detectors: one customer's calls in a time window, matching a rule's filter.
import type { Sql } from '../common/sql.js';

/** One stored call as the detectors see it. */
export interface WindowCall {
  /** The CDR id (digits), to cite as evidence. */
  id: string;
  callId: string;
  startMs: number;
  /** The seat's userId (what a seat restriction names), or null. */
  seat: string | null;
  ip: string | null;
  number: string | null;
  country: string | null;
  disposition: string;
  /** The seat's group's externalId (what a group restriction names), or null. */
  group: string | null;
  /** The called number as the switch wrote it (before E.164), e.g. `011…` or `00…` probes that did not parse. */
  dialled: string;
  /** `interstate`, `intrastate`, `international`, `toll_free`, or null when unknown. */
  jurisdiction: string | null;
  caribbean: boolean;
  tollFree: boolean;
  answered: boolean;
  sipCode: number | null;
  billsec: number;
  /** Null when the CDR had no cost and no rate applied. */
  cost: number | null;
  ratePerMinute: number | null;
}

/**
 * What a sliding-window count groups calls by, as the detectors name subjects: `customer`, `seat:<userId>` or
 * `ip:<address>`, then `:to:<number>` (or `:<DISPOSITION>:to:<number>`) for the same-number filters.
 */
export interface WindowSubject {
  per: 'customer' | 'seat' | 'ip';
  by: 'none' | 'number' | 'disposition_number';
}

function subjectSql(k: WindowSubject): string {
  const who = k.per === 'seat' ? `'seat:' || s.user_id` : k.per === 'ip' ? `'ip:' || host(c.source_ip)` : `'customer'`;
  if (k.by === 'number') return `${who} || ':to:' || c.called_e164`;
  if (k.by === 'disposition_number') return `${who} || ':' || upper(c.disposition) || ':to:' || c.called_e164`;
  return who;
}

export interface WindowQuery {
  customerId: string;
  /** Inclusive bounds, epoch ms. */
  fromMs: number;
  toMs: number;
  /** Only calls whose called E.164 starts with one of these. */
  prefixes?: readonly string[];
  /** Only calls to these countries (ISO alpha-2). */
  countries?: readonly string[];
  /** Only calls with this disposition (any letter case). */
  disposition?: string;
  /** Only calls to these E.164 numbers. */
  numbers?: readonly string[];
  /** Only calls to Caribbean NANP (`caribbean`), or to international destinations outside NANP (`international`). */
  destinations?: 'caribbean' | 'international';
  /** Only answered calls (true) or only unanswered ones (false). */
  answered?: boolean;
  /**
   * Only the calls of subjects whose count in some window of `windowMs` ending at a call at or after
   * `fromMs` reaches `minCount`: PostgreSQL counts every window, and the calls of quiet subjects (nearly all of
   * them) never leave the database.
   */
  busy?: { subject: WindowSubject; windowMs: number; minCount: number; fromMs: number };
  /** At most this many calls, the latest first kept. */
  limit: number;
}

/** The customer's calls in [from, to] that match, oldest first (the customer/started_at index bounds the scan). */
export async function callsInWindow(m: Sql, q: WindowQuery): Promise<WindowCall[]> {
  const subject = q.busy ? subjectSql(q.busy.subject) : '';
  /** What leaves PostgreSQL: a WindowCall's fields, nothing the query only counts with. */
  const out = `id, "callId", "startMs", seat, ip, number, country, disposition, "group", dialled, jurisdiction,
               caribbean, "tollFree", answered, "sipCode", billsec, cost, "ratePerMinute"`;
  // The busy filter counts by start and subject; the final select leaves both in PostgreSQL.
  const counted = q.busy ? `, c.started_at, ${subject} AS subject` : '';
  const matching = `
       SELECT c.id::text AS id, c.call_id AS "callId", (extract(epoch FROM c.started_at) * 1000)::float8 AS "startMs",
              s.user_id AS seat, host(c.source_ip) AS ip, c.called_e164 AS number, c.country::text AS country,
              c.disposition, g.external_id AS "group", c.called_number AS dialled, c.jurisdiction,
              c.caribbean, c.toll_free AS "tollFree", c.answered_at IS NOT NULL AS answered, c.sip_code AS "sipCode",
              c.billsec, c.cost::float8 AS cost, c.rate_per_minute::float8 AS "ratePerMinute"${counted}
         FROM cdrs c LEFT JOIN seats s ON s.id = c.seat_id LEFT JOIN customer_groups g ON g.id = s.group_id
        WHERE c.customer_id = $1 AND c.started_at >= $2::timestamptz AND c.started_at <= $3::timestamptz
          AND ($4::text[] IS NULL OR c.called_e164 LIKE ANY ($4::text[]))
          AND ($5::text[] IS NULL OR c.country::text = ANY ($5::text[]))
          AND ($6::text IS NULL OR upper(c.disposition) = upper($6))
          AND ($9::text[] IS NULL OR c.called_e164 = ANY ($9::text[]))
          AND ($8::text IS NULL OR ($8 = 'caribbean' AND c.caribbean)
               OR ($8 = 'international' AND c.jurisdiction = 'international' AND NOT c.caribbean))
          AND ($10::boolean IS NULL OR (c.answered_at IS NOT NULL) = $10)`;
  const params: unknown[] = [
    q.customerId,
    new Date(q.fromMs).toISOString(),
    new Date(q.toMs).toISOString(),
    q.prefixes?.length ? q.prefixes.map((p) => `${p}%`) : null,
    q.countries?.length ? q.countries : null,
    q.disposition ?? null,
    q.limit,
    q.destinations ?? null,
    q.numbers ?? null,
    q.answered ?? null,
  ];
  let sql: string;
  if (q.busy) {
    params.push(`${q.busy.windowMs} milliseconds`, new Date(q.busy.fromMs).toISOString(), q.busy.minCount);
    // MATERIALIZED: the busy subjects are counted once. A freshly loaded partition has no statistics yet, and
    // the planner, expecting one row, would otherwise recount every window for each call (a nested loop).
    sql = `
      WITH w AS (${matching} AND ${subject} IS NOT NULL),
      busy AS MATERIALIZED (
        SELECT subject FROM (
          SELECT subject, started_at,
                 count(*) OVER (PARTITION BY subject ORDER BY started_at
                                RANGE BETWEEN $11::interval PRECEDING AND CURRENT ROW) AS n
            FROM w) x
         WHERE started_at >= $12::timestamptz
         GROUP BY subject HAVING max(n) >= $13)
      SELECT ${out} FROM (SELECT * FROM w WHERE subject IN (SELECT subject FROM busy)
                      ORDER BY started_at DESC, id::bigint DESC LIMIT $7) l
       ORDER BY l."startMs", l.id::bigint`;
  } else {
    sql = `SELECT * FROM (${matching} ORDER BY c.started_at DESC, c.id DESC LIMIT $7) w ORDER BY w."startMs", w.id::bigint`;
  }
  // float8 columns arrive as numbers (node-postgres parses them), so the rows are WindowCalls as they are.
  return m.query(sql, params);
}

/** The customers with at least one call in [from, to] (a backtest of a global rule judges each of them). */
export async function customersWithCalls(m: Sql, fromMs: number, toMs: number): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `SELECT DISTINCT customer_id AS id FROM cdrs
      WHERE customer_id IS NOT NULL AND started_at >= $1::timestamptz AND started_at <= $2::timestamptz`,
    [new Date(fromMs).toISOString(), new Date(toMs).toISOString()],
  );
  return rows.map((r) => r.id);
}
