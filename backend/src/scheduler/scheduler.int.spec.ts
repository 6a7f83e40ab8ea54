import { DataSource } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.js';
import { Scheduler } from './scheduler.js';

const MIN = 60_000;

describe(Scheduler.name, () => {
  let t: TestApp;
  let sut: Scheduler;
  const clock = new ManualClock('2026-03-02T08:00:00Z');
  let runs: { id: string; attempts: number; payload: unknown }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    t = await createTestApp({ TIMER_SWEEP_MS: '0' }, { clock });
    sut = t.app.get(Scheduler);
    await t.db.query(`CREATE TABLE timer_effects (timer_id text, note text)`);
    // Only this spec's timers: the app's own recurring sweeps would count as runs here.
    await t.db.query(`DELETE FROM timers`);
    sut.register<{ note: string }>('test.effect', async (timer, m) => {
      await m.query(`INSERT INTO timer_effects VALUES ($1, $2)`, [timer.id, timer.payload.note]);
      runs.push({ id: timer.id, attempts: timer.attempts, payload: timer.payload });
      if (failNext > 0) {
        failNext--;
        throw new Error('handler failed on purpose');
      }
    });
    sut.register('test.slow', async (timer, m) => {
      await m.query(`INSERT INTO timer_effects VALUES ($1, 'slow')`, [timer.id]);
      await new Promise((r) => setTimeout(r, 300));
    });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    runs = [];
    failNext = 0;
    await t.db.query(`DELETE FROM timer_effects; DELETE FROM timers WHERE kind LIKE 'test.%'`);
  });

  const effects = async () => (await t.db.query(`SELECT timer_id, note FROM timer_effects ORDER BY note`)).rows;
  const timer = async (id: string) => (await t.db.query(`SELECT * FROM timers WHERE id = $1`, [id])).rows[0];

  it('runs a timer once it is due, not before, and only once', async () => {
    const id = await sut.schedule(null, {
      kind: 'test.effect',
      dueAt: new Date(clock.now().getTime() + 10 * MIN),
      payload: { note: 'remind' },
    });
    expect(await sut.runDue()).toBe(0);
    clock.advance(9 * MIN);
    expect(await sut.runDue()).toBe(0);
    clock.advance(2 * MIN);
    expect(await sut.runDue()).toBe(1);
    expect(runs).toEqual([{ id, attempts: 1, payload: { note: 'remind' } }]);
    expect(await sut.runDue()).toBe(0);
    expect(await effects()).toEqual([{ timer_id: id, note: 'remind' }]);
    expect((await timer(id!)).status).toBe('done');
  });

  it('retries a timer whose sweeper died mid-run once the lease ends, with its attempts counted', async () => {
    const id = await sut.schedule(null, { kind: 'test.effect', dueAt: clock.now(), payload: { note: 'crash' } });
    const claimed = await sut.claimDue(); // a sweeper claims it, then dies
    expect(claimed.map((c) => c.id)).toEqual([id]);
    expect(await sut.runDue()).toBe(0); // still leased to the dead sweeper
    clock.advance(6 * MIN);
    expect(await sut.runDue()).toBe(1);
    expect(runs).toEqual([{ id, attempts: 2, payload: { note: 'crash' } }]);
    expect(await effects()).toHaveLength(1);
  });

  it('rolls back a failed run and retries it with backoff; its writes land once', async () => {
    failNext = 1;
    const id = await sut.schedule(null, { kind: 'test.effect', dueAt: clock.now(), payload: { note: 'flaky' } });
    expect(await sut.runDue()).toBe(0);
    expect(await effects()).toEqual([]); // the failed run's insert was rolled back
    const failed = await timer(id!);
    expect(failed.status).toBe('pending');
    expect(failed.last_error).toBe('handler failed on purpose');
    expect(new Date(failed.due_at).getTime()).toBe(clock.now().getTime() + 15_000);
    expect(await sut.runDue()).toBe(0); // backing off
    clock.advance(15_000);
    expect(await sut.runDue()).toBe(1);
    expect(await effects()).toEqual([{ timer_id: id, note: 'flaky' }]);
  });

  it('gives up after the policy’s attempts and marks the timer failed', async () => {
    failNext = 100;
    const id = await sut.schedule(null, { kind: 'test.effect', dueAt: clock.now(), payload: { note: 'doomed' } });
    for (let i = 0; i < 10; i++) {
      await sut.runDue();
      clock.advance(3_600_000);
    }
    expect(runs).toHaveLength(10);
    expect((await timer(id!)).status).toBe('failed');
    expect(await sut.runDue()).toBe(0);
  });

  it('never runs a timer twice: a stale claim from a sweeper that stalled past its lease is refused', async () => {
    const id = await sut.schedule(null, { kind: 'test.effect', dueAt: clock.now(), payload: { note: 'once' } });
    const [stale] = await sut.claimDue(); // sweeper A claims, then stalls past its lease
    clock.advance(6 * MIN);
    expect(await sut.runDue()).toBe(1); // sweeper B takes it over
    expect(await sut.runClaimed(stale)).toBe(false); // A wakes up
    expect(runs.map((r) => r.attempts)).toEqual([2]);
    expect(await effects()).toEqual([{ timer_id: id, note: 'once' }]);
  });

  it('never runs a timer twice when two sweepers race for it', async () => {
    const id = await sut.schedule(null, { kind: 'test.slow', dueAt: clock.now() });
    const other = new Scheduler(t.app.get(DataSource), clock, t.app.get(APP_CONFIG));
    other.register('test.slow', async (tm, m) => {
      await m.query(`INSERT INTO timer_effects VALUES ($1, 'slow')`, [tm.id]);
    });
    const [a, b] = await Promise.all([sut.runDue(), other.runDue()]);
    expect(a + b).toBe(1);
    expect(await effects()).toEqual([{ timer_id: id, note: 'slow' }]);
  });

  it('keeps one pending timer per key: replace moves it, keep leaves it, cancel withdraws it', async () => {
    const at = (m: number) => new Date(clock.now().getTime() + m * MIN);
    const first = await sut.schedule(null, {
      kind: 'test.effect',
      dedupeKey: 'k',
      dueAt: at(30),
      payload: { note: 'a' },
    });
    const again = await sut.schedule(null, {
      kind: 'test.effect',
      dedupeKey: 'k',
      dueAt: at(5),
      payload: { note: 'b' },
    });
    expect(again).toBe(first);
    expect(
      await sut.schedule(null, { kind: 'test.effect', dedupeKey: 'k', dueAt: at(1), onConflict: 'keep' }),
    ).toBeNull();
    expect(new Date((await timer(first!)).due_at)).toEqual(at(5));
    expect(await sut.cancel(null, 'test.effect', 'k')).toBe(1);
    clock.advance(60 * MIN);
    expect(await sut.runDue()).toBe(0);
    expect(runs).toEqual([]);
  });

  it('runs a recurring timer again after its interval', async () => {
    await sut.schedule(null, { kind: 'test.effect', dueAt: clock.now(), everySeconds: 60, payload: { note: 'tick' } });
    expect(await sut.runDue()).toBe(1);
    expect(await sut.runDue()).toBe(0);
    clock.advance(60_000);
    expect(await sut.runDue()).toBe(1);
    expect(runs.map((r) => r.attempts)).toEqual([1, 1]);
  });
});
