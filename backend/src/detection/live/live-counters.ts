// Sliding-window counters of call attempts, in memory, for the real-time rules. Pure: time comes from the
// injected clock, nothing is read or written elsewhere.
import type { Clock } from '../../common/clock.js';

/** One call set-up as the switch asked about it: what a real-time event cites as evidence. */
export interface LiveAttempt {
  atMs: number;
  caller: string | null;
  /** The dialled number as E.164, or as the switch sent it when it does not parse. */
  callee: string;
  sourceIp: string;
  /** ISO 3166 alpha-2 of the callee, when known. */
  country: string | null;
}

/**
 * One key's window: the attempts in it, oldest first. `fired` is the highest level already raised in the
 * current episode (0 none, 1 warning, 2 block), so a level raises one event until the count falls below it.
 */
export interface LiveWindow {
  readonly attempts: LiveAttempt[];
  /** Distinct members (e.g. called numbers) → when each was last seen; only for distinct counts. */
  readonly members: Map<string, number> | null;
  windowMs: number;
  lastMs: number;
  fired: 0 | 1 | 2;
}

export interface LiveCountersOptions {
  /** At most this many keys; the least recently counted key is dropped first. */
  maxKeys: number;
  /** At most this many attempts (and distinct members) kept per key: a count saturates there. */
  maxPerKey: number;
}

export const LIVE_COUNTER_DEFAULTS: LiveCountersOptions = { maxKeys: 500_000, maxPerKey: 1_000 };

/** How many of the least recently counted keys each count checks for expiry (amortised sweeping). */
const EXPIRE_PER_HIT = 2;

/**
 * Keys are whatever a rule counts per (`<ruleId>:seat:<userId>`). A Map keeps insertion order, and a count
 * re-inserts its key, so the first keys are the least recently counted: expiry and eviction look only there.
 * Memory is bounded by maxKeys × maxPerKey attempts (each attempt object is shared by every key it counts in).
 */
export class LiveCounters {
  private readonly windows = new Map<string, LiveWindow>();
  private readonly opts: LiveCountersOptions;
  /** Keys dropped for room while their window still held attempts: counts lost under memory pressure. */
  evicted = 0;

  constructor(
    private readonly clock: Clock,
    opts: Partial<LiveCountersOptions> = {},
  ) {
    this.opts = { ...LIVE_COUNTER_DEFAULTS, ...opts };
  }

  get size(): number {
    return this.windows.size;
  }

  /** Counts the attempt under `key`; the window (attempt included) after dropping what slid out of it. */
  count(key: string, windowMs: number, attempt: LiveAttempt, cap = this.opts.maxPerKey): LiveWindow {
    const w = this.touch(key, windowMs, false);
    w.attempts.push(attempt);
    const max = Math.min(cap, this.opts.maxPerKey);
    if (w.attempts.length > max) w.attempts.splice(0, w.attempts.length - max);
    return w;
  }

  /** Counts `member` (e.g. the called number) under `key`: `members.size` is the distinct count in the window. */
  distinct(key: string, windowMs: number, member: string, attempt: LiveAttempt): LiveWindow {
    const w = this.touch(key, windowMs, true);
    const members = w.members!;
    members.delete(member);
    members.set(member, attempt.atMs);
    if (members.size > this.opts.maxPerKey) members.delete(members.keys().next().value!);
    w.attempts.push(attempt);
    if (w.attempts.length > this.opts.maxPerKey) w.attempts.shift();
    return w;
  }

  /** The window of `key` as it stands now, without counting; null when nothing is in it. */
  peek(key: string): LiveWindow | null {
    const w = this.windows.get(key);
    if (!w) return null;
    this.slide(w, this.clock.now().getTime());
    return w.attempts.length ? w : null;
  }

  /** Drops every key whose window has emptied; returns how many. */
  sweep(): number {
    const now = this.clock.now().getTime();
    let dropped = 0;
    for (const [key, w] of this.windows) {
      if (w.lastMs + w.windowMs <= now) {
        this.windows.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  private touch(key: string, windowMs: number, distinct: boolean): LiveWindow {
    const now = this.clock.now().getTime();
    let w = this.windows.get(key);
    if (w) {
      this.windows.delete(key);
      this.slide(w, now);
    } else {
      w = { attempts: [], members: distinct ? new Map() : null, windowMs, lastMs: now, fired: 0 };
    }
    w.windowMs = windowMs;
    w.lastMs = now;
    this.windows.set(key, w);
    this.expireOldest(now);
    return w;
  }

  /** Drops what is older than the window; an emptied window starts a new episode. */
  private slide(w: LiveWindow, now: number): void {
    const from = now - w.windowMs;
    let drop = 0;
    while (drop < w.attempts.length && w.attempts[drop].atMs <= from) drop++;
    if (drop) w.attempts.splice(0, drop);
    if (w.members) {
      for (const [m, at] of w.members) {
        if (at > from) break;
        w.members.delete(m);
      }
    }
    if (!w.attempts.length) w.fired = 0;
  }

  private expireOldest(now: number): void {
    let checked = 0;
    for (const [key, w] of this.windows) {
      if (this.windows.size <= this.opts.maxKeys && checked++ >= EXPIRE_PER_HIT) break;
      if (w.lastMs + w.windowMs <= now) this.windows.delete(key);
      else if (this.windows.size > this.opts.maxKeys) {
        this.windows.delete(key);
        this.evicted++;
      } else break;
    }
  }
}
