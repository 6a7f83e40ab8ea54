// Calls, minutes and cost over time for the usage dashboard's chart: hour buckets for short ranges, days
// (in the customer's zone) for long ones. Reads the hourly rollups' `customer` dimension only: one row per
// customer and hour, so a year of one customer is at most 8,784 rows, an index-only range scan.
import type { Sql } from '../../common/sql.js';

export type SeriesBucket = 'hour' | 'day';

export interface SeriesPoint {
  at: string;
  calls: number;
  failedCalls: number;
  minutes: number;
  cost: number;
}

/** Hours up to three days (72 points), days beyond. */
export function bucketFor(fromMs: number, toMs: number): SeriesBucket {
  return toMs - fromMs <= 72 * 3_600_000 ? 'hour' : 'day';
}

/**
 * Every bucket of [from, to), empty ones as zeros. Day buckets start at midnight in `timezone`
 * (`date_trunc` and `generate_series` with a zone: PostgreSQL 16+), so a day is the customer's day.
 */
export async function usageSeries(
  m: Sql,
  q: { customerId: string | null; from: Date; to: Date; timezone: string; bucket: SeriesBucket },
): Promise<SeriesPoint[]> {
  const rows: { at: Date; calls: number; failed: number; billsec: string; cost: string }[] = await m.query(
    `WITH buckets AS (
       SELECT b AS at FROM generate_series(date_trunc($4, $1::timestamptz, $3), $2::timestamptz - interval '1 microsecond',
                                            ('1 ' || $4)::interval, $3) b
     ), usage AS (
       SELECT date_trunc($4, hour, $3) AS at, sum(calls)::int AS calls, sum(failed)::int AS failed,
              sum(billsec)::text AS billsec, sum(cost)::text AS cost
         FROM usage_hourly
        WHERE dim = 'customer' AND hour >= $1 AND hour < $2 ${q.customerId ? 'AND customer_id = $5' : ''}
        GROUP BY 1
     )
     SELECT b.at, coalesce(u.calls, 0) AS calls, coalesce(u.failed, 0) AS failed,
            coalesce(u.billsec, '0') AS billsec, coalesce(u.cost, '0') AS cost
       FROM buckets b LEFT JOIN usage u ON u.at = b.at ORDER BY b.at`,
    [q.from, q.to, q.timezone, q.bucket, ...(q.customerId ? [q.customerId] : [])],
  );
  return rows.map((r) => ({
    at: r.at.toISOString(),
    calls: r.calls,
    failedCalls: r.failed,
    minutes: Number(r.billsec) / 60,
    cost: Math.round(Number(r.cost) * 1e6) / 1e6,
  }));
}
