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
  /** At most this many calls, the latest first kept. */
  limit: number;
}

/** The customer's calls in [from, to] that match, oldest first (the customer/started_at index bounds the scan). */
export async function callsInWindow(m: Sql, q: WindowQuery): Promise<WindowCall[]> {
  const rows: (Omit<WindowCall, 'startMs'> & { startMs: string })[] = await m.query(
    `SELECT * FROM (
       SELECT c.id::text AS id, c.call_id AS "callId", (extract(epoch FROM c.started_at) * 1000)::float8::text AS "startMs",
              s.user_id AS seat, host(c.source_ip) AS ip, c.called_e164 AS number, c.country::text AS country,
              c.disposition
         FROM cdrs c LEFT JOIN seats s ON s.id = c.seat_id
        WHERE c.customer_id = $1 AND c.started_at >= $2::timestamptz AND c.started_at <= $3::timestamptz
          AND ($4::text[] IS NULL OR c.called_e164 LIKE ANY ($4::text[]))
          AND ($5::text[] IS NULL OR c.country::text = ANY ($5::text[]))
          AND ($6::text IS NULL OR upper(c.disposition) = upper($6))
        ORDER BY c.started_at DESC, c.id DESC
        LIMIT $7) w
      ORDER BY w."startMs"::float8, w.id::bigint`,
    [
      q.customerId,
      new Date(q.fromMs).toISOString(),
      new Date(q.toMs).toISOString(),
      q.prefixes?.length ? q.prefixes.map((p) => `${p}%`) : null,
      q.countries?.length ? q.countries : null,
      q.disposition ?? null,
      q.limit,
    ],
  );
  return rows.map((r) => ({ ...r, startMs: Number(r.startMs) }));
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
