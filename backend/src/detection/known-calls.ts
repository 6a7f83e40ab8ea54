// What the detection engine holds of the calls stored lately: the import batches it saw, for as long as a rule reaches
// back, and the earliest call it saw with each source IP and country. A rule that cannot raise anything at a batch's
// calls is told so from memory, without asking PostgreSQL (docs/design.md §Detection, "Quiet batches").
import type { CdrBatch } from '../cdrs/import/cdr-batch.js';
import { NONE } from '../cdrs/import/cdr-batch.js';
import type { JudgedRange, KnownCalls } from './cdr-detector.js';

const HOUR_MS = 3_600_000;

interface Held {
  batch: CdrBatch;
  maxMs: number;
  /** Each customer's rows, by its position in the batch. */
  rows: Map<string, Int32Array>;
}

type Earliest = Record<'source_ip' | 'country', Map<string, number>>;

const byCustomerOf = new WeakMap<CdrBatch, Map<string, Int32Array>>();

/** A batch's row positions by customer id: one pass over its customer column, once per batch. */
function rowsByCustomer(batch: CdrBatch): Map<string, Int32Array> {
  let rows = byCustomerOf.get(batch);
  if (!rows) byCustomerOf.set(batch, (rows = indexByCustomer(batch)));
  return rows;
}

function indexByCustomer(batch: CdrBatch): Map<string, Int32Array> {
  const counts = new Int32Array(batch.customers.length);
  for (let i = 0; i < batch.length; i++) if (batch.customer[i] !== NONE) counts[batch.customer[i]]++;
  const lists = Array.from(counts, (n) => new Int32Array(n));
  const filled = new Int32Array(batch.customers.length);
  for (let i = 0; i < batch.length; i++) {
    const c = batch.customer[i];
    if (c !== NONE) lists[c][filled[c]++] = i;
  }
  const out = new Map<string, Int32Array>();
  lists.forEach((list, c) => list.length && out.set(batch.customers[c], list));
  return out;
}

/**
 * The batches the engine saw, newest last, and per customer the calls they hold in each hour. Every held call is
 * stored (a batch reaches the engine after its commit), so the earliest start seen with a key is a stored call with
 * that key; whether the held calls are all the stored calls of an hour is for the rollups to say (`view`).
 */
export class RecentCalls {
  private held: Held[] = [];
  private heldRows = 0;
  private readonly perHour = new Map<string, Map<number, number>>();
  private readonly earliest = new Map<string, Earliest>();
  private earliestKeys = 0;

  constructor(
    /** At most this many rows are held; the oldest batches go first. */
    private readonly maxRows = 500_000,
    /** At most this many (customer, key) earliest starts; past it they are all forgotten. */
    private readonly maxKeys = 200_000,
  ) {}

  get rows(): number {
    return this.heldRows;
  }

  add(batch: CdrBatch): void {
    const rows = rowsByCustomer(batch);
    let maxMs = -Infinity;
    for (const [customer, list] of rows) {
      let hours = this.perHour.get(customer);
      if (!hours) this.perHour.set(customer, (hours = new Map()));
      let seen = this.earliest.get(customer);
      if (!seen) this.earliest.set(customer, (seen = { source_ip: new Map(), country: new Map() }));
      for (const i of list) {
        const t = batch.startMs[i];
        if (t > maxMs) maxMs = t;
        const hour = Math.floor(t / HOUR_MS) * HOUR_MS;
        hours.set(hour, (hours.get(hour) ?? 0) + 1);
        if (batch.sourceIp[i] !== NONE) this.seen(seen.source_ip, batch.sourceIps[batch.sourceIp[i]], t);
        if (batch.country[i] !== NONE) this.seen(seen.country, batch.countries[batch.country[i]], t);
      }
    }
    if (this.earliestKeys > this.maxKeys) this.forgetEarliest();
    this.held.push({ batch, maxMs, rows });
    this.heldRows += batch.length;
    while (this.heldRows > this.maxRows && this.held.length > 1) this.drop(0);
  }

  private seen(map: Map<string, number>, key: string, t: number): void {
    const was = map.get(key);
    if (was === undefined) this.earliestKeys++;
    if (was === undefined || t < was) map.set(key, t);
  }

  /** Lets go of the batches whose calls all started before `beforeMs`. */
  prune(beforeMs: number): void {
    for (let k = this.held.length - 1; k >= 0; k--) if (this.held[k].maxMs < beforeMs) this.drop(k);
  }

  private drop(k: number): void {
    const [{ batch, rows }] = this.held.splice(k, 1);
    this.heldRows -= batch.length;
    for (const [customer, list] of rows) {
      const hours = this.perHour.get(customer)!;
      for (const i of list) {
        const hour = Math.floor(batch.startMs[i] / HOUR_MS) * HOUR_MS;
        const n = hours.get(hour)! - 1;
        if (n) hours.set(hour, n);
        else hours.delete(hour);
      }
      if (!hours.size) this.perHour.delete(customer);
    }
  }

  private forgetEarliest(): void {
    this.earliest.clear();
    this.earliestKeys = 0;
  }

  /** Forgets everything: stored calls moved or went, so what was seen may no longer be stored. */
  forget(): void {
    this.held = [];
    this.heldRows = 0;
    this.perHour.clear();
    this.forgetEarliest();
  }

  /**
   * One customer's calls as a rule sees them: `stored` is how many calls PostgreSQL holds per hour of the range the
   * caller asked the rollups about; `judged` are the batches of the run (their rows of this customer are the new ones).
   */
  view(customerId: string, stored: ReadonlyMap<number, number> | undefined, judged: readonly CdrBatch[]): KnownCalls {
    const held = this.held;
    const hours = this.perHour.get(customerId);
    const earliest = this.earliest.get(customerId);
    const rowsOf = (h: Held) => h.rows.get(customerId);
    return {
      complete(fromMs: number, toMs: number): boolean {
        if (!stored) return false;
        for (let h = Math.floor(fromMs / HOUR_MS) * HOUR_MS; h <= toMs; h += HOUR_MS)
          if ((stored.get(h) ?? 0) !== (hours?.get(h) ?? 0)) return false;
        return true;
      },
      each(fromMs: number, toMs: number, fn: (batch: CdrBatch, i: number) => void): void {
        for (const h of held) {
          const list = rowsOf(h);
          if (!list) continue;
          const starts = h.batch.startMs;
          for (const i of list) if (starts[i] >= fromMs && starts[i] <= toMs) fn(h.batch, i);
        }
      },
      // The run's own batches, held or not (the engine may have let them go, or forgotten them).
      eachNew(fn: (batch: CdrBatch, i: number) => void): void {
        for (const batch of judged) {
          const list = rowsByCustomer(batch).get(customerId);
          if (list) for (const i of list) fn(batch, i);
        }
      },
      earliest(dim: 'source_ip' | 'country', key: string): number | undefined {
        return earliest?.[dim].get(key);
      },
    };
  }
}

/** A rule's warn and block counts (warn at most block), and whether its subject key counts exactly what it counts. */
export interface WindowLevels {
  warn?: number;
  block: number;
  /**
   * True when `keyOf` names exactly the calls the detector counts, by the subject it counts them against: then an
   * end whose previous call (in the window) was already at a level cannot cross that level, and is left out. False
   * when it names more (a bound), as for distinct numbers counted as calls.
   */
  exact: boolean;
}

/**
 * Where a crossing may be, from the held calls: the first and last window end (a call of the judged range) at which
 * some subject's count in a window of `windowMs` (both ends included, as the threshold detectors count) reaches a
 * level, or null when there is none. As `crossings()` in threshold.ts: a level crosses at an end only if the count
 * was below it at every call of the window before it, so with exact keys an end whose previous call in the window
 * was at that level is not a candidate. `keyOf` names a row's subject, null for a row the rule does not count.
 */
export function hotWindowEnds(
  known: KnownCalls,
  judged: JudgedRange,
  windowMs: number,
  levels: WindowLevels,
  keyOf: (batch: CdrBatch, i: number) => string | null,
): JudgedRange | null {
  const fromMs = judged.fromMs - windowMs;
  const { warn, block, exact } = levels;
  const min = Math.min(warn ?? block, block);
  // Count per subject first: only a subject with `min` calls in the whole range can reach it in a window.
  const counts = new Map<string, number>();
  known.each(fromMs, judged.toMs, (b, i) => {
    const key = keyOf(b, i);
    if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  const busy = new Map<string, number[]>();
  for (const [key, n] of counts) if (n >= min) busy.set(key, []);
  if (!busy.size) return null;
  known.each(fromMs, judged.toMs, (b, i) => {
    const key = keyOf(b, i);
    if (key !== null) busy.get(key)?.push(b.startMs[i]);
  });
  let lo = Infinity;
  let hi = -Infinity;
  for (const starts of busy.values()) {
    starts.sort((x, y) => x - y);
    let prevT = -Infinity;
    let prevN = 0;
    for (let a = 0, z = 0; z < starts.length;) {
      const t = starts[z];
      let last = z;
      while (last + 1 < starts.length && starts[last + 1] === t) last++;
      while (starts[a] < t - windowMs) a++;
      const n = last - a + 1;
      const before = exact && prevT >= t - windowMs ? prevN : -1;
      const hot = (n >= block && before < block) || (warn !== undefined && n >= warn && n < block && before < warn);
      if (hot && t >= judged.fromMs) {
        if (t < lo) lo = t;
        if (t > hi) hi = t;
      }
      prevT = t;
      prevN = n;
      z = last + 1;
    }
  }
  return lo === Infinity ? null : { fromMs: lo, toMs: hi };
}

/**
 * A window rule's check from memory: undefined unless the held calls are all the stored ones from one window before
 * the run; then the part of the run where a crossing may be (null: nowhere, the rule raises nothing).
 */
export function narrowWindows(
  known: KnownCalls,
  judged: JudgedRange,
  windowMs: number,
  levels: WindowLevels,
  keyOf: (batch: CdrBatch, i: number) => string | null,
): JudgedRange | null | undefined {
  if (!known.complete(judged.fromMs - windowMs, judged.toMs)) return undefined;
  return hotWindowEnds(known, judged, windowMs, levels, keyOf);
}

/** A row's seat id or source IP, as a per-seat or per-IP rule counts it (null without one). */
export function seatOrIpKey(per: 'seat' | 'ip', batch: CdrBatch, i: number): string | null {
  if (per === 'seat') return batch.seat[i] === NONE ? null : batch.seats[batch.seat[i]];
  return batch.sourceIp[i] === NONE ? null : batch.sourceIps[batch.sourceIp[i]];
}

/** `narrowWindows` for a rule counted per seat or IP over a window of minutes (`counts`: the rows it counts). */
export function narrowSeatOrIp(
  known: KnownCalls,
  judged: JudgedRange,
  p: { window: { minutes: number }; warn?: number; block: number; per: 'seat' | 'ip' },
  exact: boolean,
  counts: (batch: CdrBatch, i: number) => boolean = () => true,
): JudgedRange | null | undefined {
  return narrowWindows(known, judged, p.window.minutes * 60_000, { warn: p.warn, block: p.block, exact }, (b, i) =>
    counts(b, i) ? seatOrIpKey(p.per, b, i) : null,
  );
}
