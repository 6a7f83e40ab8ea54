// A customer's spend of the day as authorize sees it: the cost of the day's stored CDRs (read in the background)
// plus an estimate for each attempt allowed since the newest of them. Pure: times come from the attempts.
import { type LocalDay, localDayOf } from '../../common/local-day.js';
import type { LiveAttempt } from './live-counters.js';

/** One allowed attempt's estimated cost. */
export interface LiveEstimate {
  attempt: LiveAttempt;
  amount: number;
}

/** One customer's day. */
export interface DaySpend {
  day: LocalDay;
  /** The cost of the day's stored CDRs, as last read. */
  stored: number;
  /** The start of the newest stored call of the day: estimates of attempts up to it are in `stored`. */
  storedThroughMs: number;
  /** Estimates of attempts after `storedThroughMs`, oldest first. */
  readonly pending: LiveEstimate[];
  /** Estimates dropped from `pending` when it was full: older than all of it, kept in the sum (errs high). */
  folded: number;
  /** folded + the sum of pending. */
  estimated: number;
  /** The highest level raised this day: 0 none, 1 warning, 2 block. */
  fired: 0 | 1 | 2;
}

/** The most estimates kept one by one per customer; older ones stay in the sum until the day ends. */
const MAX_PENDING = 5_000;

/**
 * One entry per customer with a spend rule that made an attempt or has stored calls today: memory is bounded by
 * the inventory, and `sweep` drops the days that have ended.
 */
export class LiveSpend {
  private readonly days = new Map<string, DaySpend>();

  get size(): number {
    return this.days.size;
  }

  /** The customer's day at `atMs`, a new (empty) one when its midnight has passed. */
  dayOf(customerId: string, timeZone: string, atMs: number): DaySpend {
    let d = this.days.get(customerId);
    if (!d || atMs >= d.day.endMs || atMs < d.day.startMs) {
      // A new day starts at zero: its first CDRs are read at the next background load.
      d = {
        day: localDayOf(timeZone, atMs),
        stored: 0,
        storedThroughMs: 0,
        pending: [],
        folded: 0,
        estimated: 0,
        fired: 0,
      };
      this.days.set(customerId, d);
    }
    return d;
  }

  /** Adds an allowed attempt's estimate to the day. */
  add(d: DaySpend, attempt: LiveAttempt, amount: number): void {
    d.pending.push({ attempt, amount });
    d.estimated += amount;
    if (d.pending.length > MAX_PENDING) d.folded += d.pending.shift()!.amount;
  }

  /**
   * What the background load read: the cost of the customer's stored calls of `day` and the newest call's start.
   * Estimates of attempts up to that start are now in the stored cost (their CDRs are in); later ones stay.
   * A stored cost already past a level marks it raised: the CDR detector raised it.
   */
  stored(
    customerId: string,
    timeZone: string,
    read: { day: string; cost: number; newestMs: number | null; warn?: number; block: number },
  ): void {
    const now = this.days.get(customerId);
    if (now && now.day.date !== read.day) return; // the day rolled over while it was read
    if (!now && read.newestMs === null) return;
    const d = now ?? this.dayOf(customerId, timeZone, read.newestMs!);
    if (d.day.date !== read.day) return;
    d.stored = read.cost;
    d.storedThroughMs = Math.max(d.storedThroughMs, read.newestMs ?? 0);
    let drop = 0;
    while (drop < d.pending.length && d.pending[drop].attempt.atMs <= d.storedThroughMs) drop++;
    if (drop) {
      // The folded estimates are older than every pending one: their CDRs are in too.
      d.pending.splice(0, drop);
      d.folded = 0;
      d.estimated = d.pending.reduce((sum, e) => sum + e.amount, 0);
    }
    const level = read.cost >= read.block ? 2 : read.warn !== undefined && read.cost >= read.warn ? 1 : 0;
    if (level > d.fired) d.fired = level;
  }

  /** Drops the days that ended before `nowMs`; returns how many. */
  sweep(nowMs: number): number {
    let dropped = 0;
    for (const [customerId, d] of this.days) {
      if (d.day.endMs <= nowMs) {
        this.days.delete(customerId);
        dropped++;
      }
    }
    return dropped;
  }
}
