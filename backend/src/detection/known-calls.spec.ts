import { describe, expect, it } from 'vitest';
import { CdrBatchBuilder, type CdrBatch } from '../cdrs/import/cdr-batch.js';
import { enrichCdr } from '../cdrs/enrichment/enrich.js';
import type { ParsedCdr } from '../cdrs/parsing/cdr-record.js';
import { hotWindowEnds, RecentCalls } from './known-calls.js';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 8, 1, 10);

/** A batch of calls of `customer` at `starts` (ms after T0), from `ip`. */
function batch(customer: string, starts: number[], ip = '192.0.2.1', to = '+37120000001'): CdrBatch {
  const b = new CdrBatchBuilder(() => null);
  starts.forEach((s, i) => {
    const cdr: ParsedCdr = {
      callId: `${customer}-${s}-${i}`,
      identity: `${customer}-${s}-${i}`,
      accountCode: null,
      sourceIp: ip,
      sipUser: null,
      callerNumber: '+16175550142',
      calledNumber: to,
      callerName: null,
      startedAt: new Date(T0 + s),
      answeredAt: null,
      endedAt: null,
      durationSec: 5,
      billsec: 0,
      disposition: 'NO ANSWER',
      hangupCause: null,
      sipCode: 487,
      ratePerMinute: null,
      cost: null,
      referenceMs: null,
    };
    b.add(customer, null, cdr, enrichCdr(cdr));
  });
  return b.build('imp');
}

const byIp = (b: CdrBatch, i: number) => b.sourceIps[b.sourceIp[i]];

describe('RecentCalls and hotWindowEnds', () => {
  it('finds the window ends where a subject reaches the count, both window ends included as the detectors count', () => {
    const recent = new RecentCalls();
    const b = batch('a', [0, 60_000, 120_000, 300_000]); // the last is exactly 5 min after the first
    recent.add(b);
    const known = recent.view('a', new Map([[T0, 4]]), [b]);
    const run = { fromMs: T0, toMs: T0 + HOUR };
    expect(hotWindowEnds(known, run, 300_000, { block: 4, exact: false }, byIp)).toEqual({
      fromMs: T0 + 300_000,
      toMs: T0 + 300_000,
    });
    expect(hotWindowEnds(known, run, 299_999, { block: 4, exact: false }, byIp)).toBeNull();
    expect(hotWindowEnds(known, run, 299_999, { block: 3, exact: false }, byIp)).toEqual({
      fromMs: T0 + 120_000,
      toMs: T0 + 300_000,
    });
    // Only window ends inside the run count: the history before it fills windows but raises nothing.
    expect(
      hotWindowEnds(known, { fromMs: T0 + 301_000, toMs: T0 + HOUR }, 300_000, { block: 1, exact: false }, byIp),
    ).toBeNull();
    // Each subject on its own: two IPs of two calls each never reach 3.
    const two = batch('b', [0, 1000], '192.0.2.7');
    const other = batch('b', [2000, 3000], '192.0.2.8');
    recent.add(two);
    recent.add(other);
    const k2 = recent.view('b', new Map([[T0, 4]]), [two, other]);
    expect(hotWindowEnds(k2, run, 60_000, { block: 3, exact: false }, byIp)).toBeNull();
    expect(hotWindowEnds(k2, run, 60_000, { block: 3, exact: false }, () => 'customer')).toEqual({
      fromMs: T0 + 2000,
      toMs: T0 + 3000,
    });
  });

  it('with exact keys, leaves out ends whose previous call in the window was already at the level (one episode)', () => {
    const recent = new RecentCalls();
    // One call a minute for an hour: 6 in every 5-minute window from the sixth call on.
    const b = batch(
      'h',
      Array.from({ length: 60 }, (_, k) => k * 60_000),
    );
    recent.add(b);
    const known = recent.view('h', new Map([[T0, 60]]), [b]);
    const run = { fromMs: T0, toMs: T0 + HOUR };
    // warn 4, block 10: the 4th call warns (the only candidate); afterwards the count stays at 5–6, never below 4.
    expect(hotWindowEnds(known, run, 300_000, { warn: 4, block: 10, exact: true }, byIp)).toEqual({
      fromMs: T0 + 180_000,
      toMs: T0 + 180_000,
    });
    // As a bound (keys that may name more calls than are counted), every end at or above 4 stays a candidate.
    expect(hotWindowEnds(known, run, 300_000, { warn: 4, block: 10, exact: false }, byIp)).toEqual({
      fromMs: T0 + 180_000,
      toMs: T0 + 59 * 60_000,
    });
    // A judged range that starts inside the episode has no candidate at all.
    expect(
      hotWindowEnds(
        known,
        { fromMs: T0 + 30 * 60_000, toMs: T0 + HOUR },
        300_000,
        { warn: 4, block: 10, exact: true },
        byIp,
      ),
    ).toBeNull();
  });

  it('is complete only where the rollups hold exactly the calls it holds, hour by hour', () => {
    const recent = new RecentCalls();
    const b = batch('a', [0, 1000, HOUR + 5]);
    recent.add(b);
    const agree = new Map([
      [T0, 2],
      [T0 + HOUR, 1],
    ]);
    expect(recent.view('a', agree, [b]).complete(T0 - HOUR, T0 + HOUR + 10)).toBe(true);
    // A stored call it never saw (another import, or before a restart), in the hour before or in the range.
    expect(recent.view('a', new Map([...agree, [T0 - HOUR, 1]]), [b]).complete(T0 - HOUR, T0 + HOUR)).toBe(false);
    expect(recent.view('a', new Map([...agree, [T0, 3]]), [b]).complete(T0, T0 + 10)).toBe(false);
    // Without rollup figures it knows nothing.
    expect(recent.view('a', undefined, [b]).complete(T0, T0 + 10)).toBe(false);
    // Let go of: the hours it no longer holds are incomplete again.
    recent.prune(T0 + 2 * HOUR);
    expect(recent.rows).toBe(0);
    expect(recent.view('a', agree, []).complete(T0, T0 + 10)).toBe(false);
  });

  it('keeps the earliest start of each key, the new rows of the run, and forgets everything on request', () => {
    const recent = new RecentCalls();
    const later = batch('a', [HOUR, 2 * HOUR], '192.0.2.9');
    const earlier = batch('a', [30 * 60_000], '192.0.2.9');
    recent.add(later);
    recent.add(earlier);
    const known = recent.view('a', undefined, [earlier]);
    expect(known.earliest('source_ip', '192.0.2.9')).toBe(T0 + 30 * 60_000);
    expect(known.earliest('country', 'LV')).toBe(T0 + 30 * 60_000);
    expect(known.earliest('source_ip', '192.0.2.10')).toBeUndefined();
    const news: number[] = [];
    known.eachNew((b, i) => news.push(b.startMs[i]));
    expect(news).toEqual([T0 + 30 * 60_000]);
    recent.forget();
    const after = recent.view('a', undefined, [earlier]);
    expect(after.earliest('source_ip', '192.0.2.9')).toBeUndefined();
    // The run's own rows are still its new rows, though no longer held: a first-traffic check must see them.
    const still: number[] = [];
    after.eachNew((b, i) => still.push(b.startMs[i]));
    expect(still).toEqual([T0 + 30 * 60_000]);
    expect(recent.rows).toBe(0);
  });

  it('holds at most its row budget, letting the oldest batches go first', () => {
    const recent = new RecentCalls(5);
    const first = batch('a', [0, 1, 2]);
    const second = batch('a', [3, 4, 5]);
    recent.add(first);
    recent.add(second);
    expect(recent.rows).toBe(3);
    const seen: number[] = [];
    recent.view('a', undefined, []).each(T0, T0 + 10, (b, i) => seen.push(b.startMs[i] - T0));
    expect(seen).toEqual([3, 4, 5]);
  });
});
