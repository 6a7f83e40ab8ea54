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
  startMs: number;
  country: string | null;
  jurisdiction: string | null;
  state: string | null;
  sourceIp: string | null;
  seatId: string | null;
  billsec: number;
  failed: boolean;
  cost: number | null;
}

type Cells = Map<string, Cell>;

/** One customer-hour's sums, per dimension, keyed by the dimension's value. */
class HourCells {
  readonly byDim: Record<Dimension, Cells> = {
    country: new Map(),
    jurisdiction: new Map(),
    state: new Map(),
    source_ip: new Map(),
    seat: new Map(),
    customer: new Map(),
  };
  constructor(
    readonly customer: string,
    readonly hour: number,
  ) {}
}

/**
 * Per-batch hourly sums, appended in the same transaction as the batch's COPY. Hot path: one map
 * lookup per row for its customer-hour (CDR files run in time order), then one per dimension keyed by
 * strings the row already holds, so no key strings are built per row.
 */
export class RollupAccumulator {
  private readonly hours = new Map<string, HourCells>();
  private last: HourCells | null = null;

  add(r: RollupInput): void {
    this.count(r, 1);
  }

  /** Takes a stored row back out (a re-import moved it): appended as negative sums, compacted like the rest. */
  remove(r: RollupInput): void {
    this.count(r, -1);
  }

  private count(r: RollupInput, n: 1 | -1): void {
    const hour = Math.floor(r.startMs / 3_600_000) * 3_600_000;
    const customer = r.customerId ?? UNASSIGNED;
    let h = this.last;
    if (!h || h.hour !== hour || h.customer !== customer) {
      const k = `${customer}\u0001${hour}`;
      h = this.hours.get(k) ?? null;
      if (!h) {
        h = new HourCells(customer, hour);
        this.hours.set(k, h);
      }
      this.last = h;
    }
    const d = h.byDim;
    bump(d.country, r.country ?? 'ZZ', r, n);
    bump(d.jurisdiction, r.jurisdiction ?? 'unknown', r, n);
    if (r.state) bump(d.state, r.state, r, n);
    bump(d.source_ip, r.sourceIp ?? '', r, n);
    bump(d.seat, r.seatId ?? '', r, n);
    bump(d.customer, customer, r, n);
  }

  get size(): number {
    let n = 0;
    for (const h of this.hours.values()) for (const m of Object.values(h.byDim)) n += m.size;
    return n;
  }

  /** The same sums per UTC day, as COPY text lines for `usage_daily (…, day, …)`. */
  toDailyCopyText(): string {
    const days = new Map<string, { customer: string; day: string; dim: Dimension; key: string; c: Cell }>();
    for (const h of this.hours.values()) {
      const day = new Date(h.hour).toISOString().slice(0, 10);
      for (const dim of DIMENSIONS) {
        for (const [key, c] of h.byDim[dim]) {
          const k = `${h.customer}\u0001${day}\u0001${dim}\u0001${key}`;
          const d = days.get(k);
          if (!d) days.set(k, { customer: h.customer, day, dim, key, c: { ...c } });
          else {
            d.c.calls += c.calls;
            d.c.failed += c.failed;
            d.c.billsec += c.billsec;
            d.c.cost += c.cost;
          }
        }
      }
    }
    let out = '';
    for (const { customer, day, dim, key, c } of days.values()) {
      out += `${customer}\t${dim}\t${day}\t${copyField(key)}\t${c.calls}\t${c.failed}\t${c.billsec}\t${c.cost.toFixed(6)}\n`;
    }
    return out;
  }

  /** The sums as COPY text lines for `usage_hourly (customer_id, dim, hour, key, calls, failed, billsec, cost)`. */
  toCopyText(): string {
    let out = '';
    for (const h of this.hours.values()) {
      const hour = new Date(h.hour).toISOString();
      for (const dim of DIMENSIONS) {
        for (const [key, c] of h.byDim[dim]) {
          out += `${h.customer}\t${dim}\t${hour}\t${copyField(key)}\t${c.calls}\t${c.failed}\t${c.billsec}\t${c.cost.toFixed(6)}\n`;
        }
      }
    }
    return out;
  }
}

function bump(cells: Cells, key: string, r: RollupInput, n: 1 | -1): void {
  let c = cells.get(key);
  if (!c) {
    c = { calls: 0, failed: 0, billsec: 0, cost: 0 };
    cells.set(key, c);
  }
  c.calls += n;
  if (r.failed) c.failed += n;
  c.billsec += n * r.billsec;
  if (r.cost) c.cost += n * r.cost;
}

// Appended by COPY in the batch's own transaction, not upserted: the hot path (compacted after the import).
export const COPY_ROLLUP_SQL = `COPY usage_hourly (customer_id, dim, hour, key, calls, failed, billsec, cost) FROM STDIN`;
export const COPY_DAILY_SQL = `COPY usage_daily (customer_id, dim, day, key, calls, failed, billsec, cost) FROM STDIN`;

/**
 * Folds the appended per-batch rows of [from, to) into one row per key; a key whose calls all moved away (a
 * re-import corrected their times) sums to nothing and goes. Safe to run concurrently with
 * imports and with itself: sums are unchanged whatever interleaving happens; only the row count shrinks.
 */
export const COMPACT_ROLLUP_SQL = `
  WITH gone AS (
    DELETE FROM usage_hourly WHERE customer_id = ANY($1::uuid[]) AND hour >= $2 AND hour < $3 RETURNING *
  )
  INSERT INTO usage_hourly (customer_id, dim, hour, key, calls, failed, billsec, cost)
  SELECT customer_id, dim, hour, key, sum(calls), sum(failed), sum(billsec), sum(cost) FROM gone GROUP BY 1, 2, 3, 4
  HAVING sum(calls) <> 0 OR sum(billsec) <> 0 OR sum(cost) <> 0`;

export const COMPACT_DAILY_SQL = `
  WITH gone AS (
    DELETE FROM usage_daily WHERE customer_id = ANY($1::uuid[]) AND day >= $2::date AND day <= $3::date RETURNING *
  )
  INSERT INTO usage_daily (customer_id, dim, day, key, calls, failed, billsec, cost)
  SELECT customer_id, dim, day, key, sum(calls), sum(failed), sum(billsec), sum(cost) FROM gone GROUP BY 1, 2, 3, 4
  HAVING sum(calls) <> 0 OR sum(billsec) <> 0 OR sum(cost) <> 0`;
