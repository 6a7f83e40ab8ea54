// Reads of a customer's stored traffic history for detectors: when a source IP or a destination country first
// carried traffic, the cost of a day so far. The hourly usage rollups answer most of it (one row per key and
// hour); the `cdrs` table only the last partial hour.
import type { Sql } from '../common/sql.js';

const HOUR_MS = 3_600_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** A usage dimension detectors ask about: a call's source IP or its called country. */
export type HistoryDim = 'source_ip' | 'country';

/** For each key, the start of the first hour the customer had traffic with it (absent when it never had). */
export async function firstHours(
  m: Sql,
  customerId: string,
  dim: HistoryDim,
  keys: readonly string[],
): Promise<Map<string, number>> {
  if (!keys.length) return new Map();
  const rows: { key: string; first: Date }[] = await m.query(
    `SELECT key, min(hour) AS first FROM usage_hourly
      WHERE customer_id = $1 AND dim = $2 AND key = ANY($3::text[]) GROUP BY key`,
    [customerId, dim, keys],
  );
  return new Map(rows.map((r) => [r.key, r.first.getTime()]));
}

/** The start of the first hour the customer had any traffic, or null. */
export async function firstTrafficHour(m: Sql, customerId: string): Promise<number | null> {
  const [row]: { first: Date | null }[] = await m.query(
    `SELECT min(hour) AS first FROM usage_hourly WHERE customer_id = $1 AND dim = 'customer'`,
    [customerId],
  );
  return row?.first ? row.first.getTime() : null;
}

/** One call of a first-traffic question: the earliest calls with a key in a range. */
export interface FirstCall {
  id: string;
  callId: string;
  startMs: number;
  key: string;
  number: string | null;
  country: string | null;
  ip: string | null;
}

/**
 * The customer's calls in [fromMs, toMs] with the dimension's key among `keys` (every key when null), oldest
 * first, at most `limit`. Source IPs are compared as addresses (`host()`), countries as ISO codes.
 */
export async function callsByKey(
  m: Sql,
  q: {
    customerId: string;
    dim: HistoryDim;
    keys: readonly string[] | null;
    fromMs: number;
    toMs: number;
    limit: number;
  },
): Promise<FirstCall[]> {
  const keyExpr = q.dim === 'source_ip' ? 'host(c.source_ip)' : 'c.country::text';
  const rows: (Omit<FirstCall, 'startMs'> & { startMs: string })[] = await m.query(
    `SELECT c.id::text AS id, c.call_id AS "callId", (extract(epoch FROM c.started_at) * 1000)::float8::text AS "startMs",
            ${keyExpr} AS key, c.called_e164 AS number, c.country::text AS country, host(c.source_ip) AS ip
       FROM cdrs c
      WHERE c.customer_id = $1 AND c.started_at >= $2::timestamptz AND c.started_at <= $3::timestamptz
        AND ${keyExpr} IS NOT NULL AND ($4::text[] IS NULL OR ${keyExpr} = ANY($4::text[]))
      ORDER BY c.started_at, c.id
      LIMIT $5`,
    [q.customerId, iso(q.fromMs), iso(q.toMs), q.keys, q.limit],
  );
  return rows.map((r) => ({ ...r, startMs: Number(r.startMs) }));
}

/** The first call with each key in [fromMs, toMs] (one per key, aggregated by PostgreSQL), oldest first. */
export async function firstCallsByKey(
  m: Sql,
  q: { customerId: string; dim: HistoryDim; fromMs: number; toMs: number },
): Promise<FirstCall[]> {
  const keyExpr = q.dim === 'source_ip' ? 'host(c.source_ip)' : 'c.country::text';
  const rows: (Omit<FirstCall, 'startMs'> & { startMs: string })[] = await m.query(
    `SELECT * FROM (
       SELECT DISTINCT ON (${keyExpr}) c.id::text AS id, c.call_id AS "callId",
              (extract(epoch FROM c.started_at) * 1000)::float8::text AS "startMs",
              ${keyExpr} AS key, c.called_e164 AS number, c.country::text AS country, host(c.source_ip) AS ip
         FROM cdrs c
        WHERE c.customer_id = $1 AND c.started_at >= $2::timestamptz AND c.started_at <= $3::timestamptz
          AND ${keyExpr} IS NOT NULL
        ORDER BY ${keyExpr}, c.started_at, c.id) f
      ORDER BY f."startMs"::float8, f.id::bigint`,
    [q.customerId, iso(q.fromMs), iso(q.toMs)],
  );
  return rows.map((r) => ({ ...r, startMs: Number(r.startMs) }));
}

/**
 * Whether the customer had a call with the key before `beforeMs`: the rollups for the hours before that hour,
 * then the calls of that hour itself.
 */
export async function hadTrafficBefore(
  m: Sql,
  customerId: string,
  dim: HistoryDim,
  key: string,
  beforeMs: number,
): Promise<boolean> {
  const hourStart = Math.floor(beforeMs / HOUR_MS) * HOUR_MS;
  const keyExpr = dim === 'source_ip' ? 'host(c.source_ip)' : 'c.country::text';
  const [row]: { had: boolean }[] = await m.query(
    `SELECT EXISTS (SELECT 1 FROM usage_hourly
                     WHERE customer_id = $1 AND dim = $2 AND key = $3 AND hour < $4::timestamptz)
         OR EXISTS (SELECT 1 FROM cdrs c
                     WHERE c.customer_id = $1 AND c.started_at >= $4::timestamptz AND c.started_at < $5::timestamptz
                       AND ${keyExpr} = $3) AS had`,
    [customerId, dim, key, iso(hourStart), iso(beforeMs)],
  );
  return row.had;
}

/** The customer's cost of the calls that started in [fromMs, toMs): whole hours from the rollups, edges from cdrs. */
export async function costBetween(m: Sql, customerId: string, fromMs: number, toMs: number): Promise<number> {
  if (toMs <= fromMs) return 0;
  const firstWhole = Math.ceil(fromMs / HOUR_MS) * HOUR_MS;
  const lastWhole = Math.floor(toMs / HOUR_MS) * HOUR_MS;
  if (lastWhole <= firstWhole) return rawCost(m, customerId, fromMs, toMs);
  const [row]: { cost: string | null }[] = await m.query(
    `SELECT sum(cost)::text AS cost FROM usage_hourly
      WHERE customer_id = $1 AND dim = 'customer' AND hour >= $2::timestamptz AND hour < $3::timestamptz`,
    [customerId, iso(firstWhole), iso(lastWhole)],
  );
  return (
    Number(row?.cost ?? 0) +
    (await rawCost(m, customerId, fromMs, firstWhole)) +
    (await rawCost(m, customerId, lastWhole, toMs))
  );
}

async function rawCost(m: Sql, customerId: string, fromMs: number, toMs: number): Promise<number> {
  if (toMs <= fromMs) return 0;
  const [row]: { cost: string | null }[] = await m.query(
    `SELECT sum(cost)::text AS cost FROM cdrs
      WHERE customer_id = $1 AND started_at >= $2::timestamptz AND started_at < $3::timestamptz`,
    [customerId, iso(fromMs), iso(toMs)],
  );
  return Number(row?.cost ?? 0);
}

/** Whether the address is inside one of the customer's registered IPs or CIDRs. */
export async function registeredAddresses(m: Sql, customerId: string, ips: readonly string[]): Promise<Set<string>> {
  if (!ips.length) return new Set();
  const rows: { ip: string }[] = await m.query(
    `SELECT DISTINCT x.ip FROM unnest($2::inet[]) AS x(ip)
       JOIN customer_ips ci ON ci.customer_id = $1 AND x.ip <<= ci.cidr`,
    [customerId, ips],
  );
  return new Set(rows.map((r) => r.ip));
}

/** The longest rate-deck prefix (`+53`) and its description, by E.164 number; numbers the deck does not price are absent. */
export async function rateDeckPrefixes(
  m: Sql,
  numbers: readonly string[],
): Promise<Map<string, { prefix: string; description: string }>> {
  if (!numbers.length) return new Map();
  const rows: { number: string; prefix: string; description: string }[] = await m.query(
    `SELECT DISTINCT ON (n.number) n.number, '+' || ltrim(r.prefix, '+') AS prefix, r.description
       FROM unnest($1::text[]) AS n(number)
       JOIN rate_deck r ON substr(n.number, 2) LIKE ltrim(r.prefix, '+') || '%'
      WHERE n.number LIKE '+%'
      ORDER BY n.number, length(ltrim(r.prefix, '+')) DESC`,
    [numbers],
  );
  return new Map(rows.map((r) => [r.number, { prefix: r.prefix, description: r.description }]));
}

/** A call priced above a cap. */
export interface PricedCall {
  id: string;
  callId: string;
  startMs: number;
  number: string;
  country: string | null;
  seat: string | null;
  ip: string | null;
  ratePerMinute: number;
}

/** The customer's calls in [fromMs, toMs] to numbers priced above `rate` per minute, oldest first. */
export async function callsPricedAbove(
  m: Sql,
  q: { customerId: string; fromMs: number; toMs: number; rate: number; limit: number },
): Promise<PricedCall[]> {
  const rows: (Omit<PricedCall, 'startMs' | 'ratePerMinute'> & { startMs: string; ratePerMinute: string })[] =
    await m.query(
      `SELECT c.id::text AS id, c.call_id AS "callId", (extract(epoch FROM c.started_at) * 1000)::float8::text AS "startMs",
              c.called_e164 AS number, c.country::text AS country, s.user_id AS seat, host(c.source_ip) AS ip,
              c.rate_per_minute::text AS "ratePerMinute"
         FROM cdrs c LEFT JOIN seats s ON s.id = c.seat_id
        WHERE c.customer_id = $1 AND c.started_at >= $2::timestamptz AND c.started_at <= $3::timestamptz
          AND c.rate_per_minute > $4 AND c.called_e164 IS NOT NULL
        ORDER BY c.started_at, c.id
        LIMIT $5`,
      [q.customerId, iso(q.fromMs), iso(q.toMs), q.rate, q.limit],
    );
  return rows.map((r) => ({ ...r, startMs: Number(r.startMs), ratePerMinute: Number(r.ratePerMinute) }));
}

/**
 * How many calls each customer has stored in each hour of [fromMs, toMs] (hour starts, epoch ms), from the
 * hourly rollups, which every batch appends to in the transaction that stores its calls.
 */
export async function callsPerHour(
  m: Sql,
  customerIds: readonly string[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, Map<number, number>>> {
  const out = new Map<string, Map<number, number>>();
  if (!customerIds.length) return out;
  const rows: { customer: string; hour: string; calls: string }[] = await m.query(
    `SELECT customer_id::text AS customer, (extract(epoch FROM hour) * 1000)::float8::text AS hour, sum(calls)::text AS calls
       FROM usage_hourly
      WHERE customer_id = ANY($1::uuid[]) AND dim = 'customer' AND hour >= $2::timestamptz AND hour <= $3::timestamptz
      GROUP BY 1, 2`,
    [customerIds, iso(Math.floor(fromMs / HOUR_MS) * HOUR_MS), iso(toMs)],
  );
  for (const r of rows) {
    let hours = out.get(r.customer);
    if (!hours) out.set(r.customer, (hours = new Map()));
    hours.set(Number(r.hour), Number(r.calls));
  }
  return out;
}

/** What `spendSince` reads for one customer. */
export interface SpendSoFar {
  customerId: string;
  cost: number;
  /** The start of the newest stored call since `fromMs`, or null when there is none. */
  newestMs: number | null;
}

/**
 * Each customer's cost of the stored calls since its `fromMs` (its local midnight), and its newest call's start:
 * whole hours from the hourly rollup, the edges from `cdrs`, all customers in one query (the real-time service
 * reads it in the background, every minute).
 */
export async function spendSince(
  m: Sql,
  customers: readonly { customerId: string; fromMs: number }[],
  nowMs: number,
): Promise<SpendSoFar[]> {
  if (!customers.length) return [];
  const lastWhole = Math.floor(nowMs / HOUR_MS) * HOUR_MS;
  const ranges = customers.map((c) => {
    const firstWhole = Math.ceil(c.fromMs / HOUR_MS) * HOUR_MS;
    // Without a whole hour in between, cdrs answers it all.
    return lastWhole > firstWhole ? [firstWhole, lastWhole] : [c.fromMs, c.fromMs];
  });
  const rows: { customerId: string; cost: number; newestMs: number | null }[] = await m.query(
    `SELECT x.id::text AS "customerId",
            (coalesce((SELECT sum(u.cost) FROM usage_hourly u
                        WHERE u.customer_id = x.id AND u.dim = 'customer'
                          AND u.hour >= x.whole_from AND u.hour < x.whole_to), 0)
             + coalesce((SELECT sum(c.cost) FROM cdrs c
                          WHERE c.customer_id = x.id AND c.started_at >= x.since
                            AND (c.started_at < x.whole_from OR c.started_at >= x.whole_to)), 0))::float8 AS cost,
            (SELECT extract(epoch FROM max(c.started_at)) * 1000 FROM cdrs c
              WHERE c.customer_id = x.id AND c.started_at >= x.since)::float8 AS "newestMs"
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) AS x(id, since, whole_from, whole_to)`,
    [
      customers.map((c) => c.customerId),
      customers.map((c) => iso(c.fromMs)),
      ranges.map((r) => iso(r[0])),
      ranges.map((r) => iso(r[1])),
    ],
  );
  return rows;
}
