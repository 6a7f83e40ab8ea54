// Reads of the `rate_deck` table for those who price calls in memory (the importer, the real-time rules).
import type { Sql } from '../common/sql.js';
import { RateDeck } from './enrichment/rate-deck.js';

/** The rate deck as it stands, or null when none was uploaded. */
export async function currentRateDeck(m: Sql): Promise<RateDeck | null> {
  const rows: { prefix: string; description: string; rate: string }[] = await m.query(
    `SELECT prefix, description, rate_per_minute::text AS rate FROM rate_deck`,
  );
  return rows.length
    ? RateDeck.fromRows(
        rows.map((r) => ({ prefix: r.prefix, description: r.description, ratePerMinute: Number(r.rate) })),
      )
    : null;
}
