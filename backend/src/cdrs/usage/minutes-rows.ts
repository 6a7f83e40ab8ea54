// Minutes per jurisdiction over time for one customer, as the baseline detector and its alert chart read them.
import type { Sql } from '../../common/sql.js';

/** A slice of time (one UTC hour, or a quarter hour) with one jurisdiction's minutes in it. */
export interface MinutesBucket {
  startMs: number;
  jurisdiction: string;
  minutes: number;
}

/**
 * The customer's minutes (billed seconds / 60) per jurisdiction in [from, to), in buckets of the given size.
 * Hour buckets come from the hourly rollups (an index-only scan); quarter hours, for zones whose offset is not
 * a whole number of hours, from the CDRs themselves. `from` and `to` are on bucket edges.
 */
export async function jurisdictionMinutes(
  m: Sql,
  customerId: string,
  fromMs: number,
  toMs: number,
  bucketMinutes: 60 | 15,
): Promise<MinutesBucket[]> {
  const rows: { startMs: string; jurisdiction: string; minutes: string }[] =
    bucketMinutes === 60
      ? await m.query(
          `SELECT (extract(epoch FROM hour) * 1000)::bigint::text AS "startMs", key AS jurisdiction,
                  (sum(billsec) / 60.0)::float8::text AS minutes
             FROM usage_hourly
            WHERE customer_id = $1 AND dim = 'jurisdiction' AND hour >= to_timestamp($2 / 1000.0)
              AND hour < to_timestamp($3 / 1000.0)
            GROUP BY hour, key`,
          [customerId, fromMs, toMs],
        )
      : await m.query(
          `SELECT (floor(extract(epoch FROM started_at) / 900) * 900000)::bigint::text AS "startMs",
                  coalesce(jurisdiction, 'unknown') AS jurisdiction, (sum(billsec) / 60.0)::float8::text AS minutes
             FROM cdrs
            WHERE customer_id = $1 AND started_at >= to_timestamp($2 / 1000.0)
              AND started_at < to_timestamp($3 / 1000.0)
            GROUP BY 1, 2`,
          [customerId, fromMs, toMs],
        );
  return rows.map((r) => ({ startMs: Number(r.startMs), jurisdiction: r.jurisdiction, minutes: Number(r.minutes) }));
}

/** When the customer's stored traffic begins (the start of its first hour), or null without any. */
export async function firstTrafficHour(m: Sql, customerId: string): Promise<number | null> {
  const [row]: { at: Date | null }[] = await m.query(
    `SELECT min(hour) AS at FROM usage_hourly WHERE customer_id = $1 AND dim = 'customer'`,
    [customerId],
  );
  return row?.at ? row.at.getTime() : null;
}

/** The ids of the customer's calls of one jurisdiction in [from, to), latest first, at most `limit`. */
export async function jurisdictionCallIds(
  m: Sql,
  customerId: string,
  jurisdiction: string,
  fromMs: number,
  toMs: number,
  limit: number,
): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `SELECT id::text AS id FROM cdrs
      WHERE customer_id = $1 AND started_at >= to_timestamp($2 / 1000.0) AND started_at < to_timestamp($3 / 1000.0)
        AND jurisdiction = $4
      ORDER BY started_at DESC, id DESC LIMIT $5`,
    [customerId, fromMs, toMs, jurisdiction, limit],
  );
  return rows.map((r) => r.id);
}
