import { copyField } from './copy-row.js';

/** Nil uuid: the customer key under which unassigned CDRs roll up. */
export const UNASSIGNED = '00000000-0000-0000-0000-000000000000';

export const DIMENSIONS = ['country', 'jurisdiction', 'state', 'source_ip', 'seat', 'customer'] as const;
export type Dimension = (typeof DIMENSIONS)[number];

interface Cell {
  calls: number;
  failed: number;
  billsec: number;
  cost: number;
}

export interface RollupInput {
  customerId: string | null;
  startedAt: Date;
  country: string | null;
  jurisdiction: string | null;
  state: string | null;
  sourceIp: string | null;
  seatId: string | null;
  billsec: number;
  failed: boolean;
  cost: number | null;
}

/** Per-batch hourly sums, upserted in the same transaction as the batch's COPY. */
export class RollupAccumulator {
  private readonly cells = new Map<string, Cell>();

  add(r: RollupInput): void {
    const hour = Math.floor(r.startedAt.getTime() / 3_600_000) * 3_600_000;
    const customer = r.customerId ?? UNASSIGNED;
    const head = `${customer}\u0001`;
    const tail = `\u0001${hour}\u0001`;
    this.bump(`${head}country${tail}${r.country ?? 'ZZ'}`, r);
    this.bump(`${head}jurisdiction${tail}${r.jurisdiction ?? 'unknown'}`, r);
    if (r.state) this.bump(`${head}state${tail}${r.state}`, r);
    this.bump(`${head}source_ip${tail}${r.sourceIp ?? ''}`, r);
    this.bump(`${head}seat${tail}${r.seatId ?? ''}`, r);
    this.bump(`${head}customer${tail}${customer}`, r);
  }

  get size(): number {
    return this.cells.size;
  }

  /** The sums as COPY text lines for `usage_hourly (customer_id, dim, hour, key, calls, failed, billsec, cost)`. */
  toCopyText(): string {
    let out = '';
    for (const [k, c] of this.cells) {
      const [customer, dim, hour, key] = k.split('\u0001');
      out += `${customer}\t${dim}\t${new Date(Number(hour)).toISOString()}\t${copyField(key)}\t${c.calls}\t${c.failed}\t${c.billsec}\t${c.cost.toFixed(6)}\n`;
    }
    return out;
  }

  private bump(k: string, r: RollupInput): void {
    let c = this.cells.get(k);
    if (!c) {
      c = { calls: 0, failed: 0, billsec: 0, cost: 0 };
      this.cells.set(k, c);
    }
    c.calls++;
    if (r.failed) c.failed++;
    c.billsec += r.billsec;
    if (r.cost) c.cost += r.cost;
  }
}

export const COPY_ROLLUP_SQL = `COPY usage_hourly (customer_id, dim, hour, key, calls, failed, billsec, cost) FROM STDIN`;

/**
 * Folds the appended per-batch rows of [from, to) into one row per key. Safe to run concurrently with
 * imports and with itself: sums are unchanged whatever interleaving happens; only the row count shrinks.
 */
export const COMPACT_ROLLUP_SQL = `
  WITH gone AS (
    DELETE FROM usage_hourly WHERE customer_id = ANY($1::uuid[]) AND hour >= $2 AND hour < $3 RETURNING *
  )
  INSERT INTO usage_hourly (customer_id, dim, hour, key, calls, failed, billsec, cost)
  SELECT customer_id, dim, hour, key, sum(calls), sum(failed), sum(billsec), sum(cost) FROM gone GROUP BY 1, 2, 3, 4`;
