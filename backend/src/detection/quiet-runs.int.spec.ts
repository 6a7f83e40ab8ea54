import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { CdrBatchObservers } from '../cdrs/import/batch-observers.js';
import { DetectionEngine } from './detection-engine.js';
import { HEADER } from '../../test/cdrs.js';

/** One answered 30-second call from Harborview's front desk. */
function call(id: string, start: string, to: string, ip = '192.0.2.199'): string {
  const t = Date.parse(start.endsWith('Z') ? start : `${start}Z`);
  const answer = new Date(t + 2000).toISOString();
  const end = new Date(t + 32_000).toISOString();
  return `${id},${start},HARB009,${ip},harb-142,+16175550142,${to},${answer},${end},32,30,ANSWERED,200,`;
}

const csv = (lines: string[]) => [HEADER, ...lines].join('\n') + '\n';
const at = (base: number, s: number) => new Date(base + s * 1000).toISOString();

type Ev = { severity: string; occurredAt: string; ruleId: string };

/**
 * Runs that no rule can fire on are decided from the calls the engine holds in memory (docs/design.md §Detection,
 * "Quiet batches"); these tests hold that shortcut to what the stored calls say when the engine has not seen them all.
 */
describe('quiet runs: rules skipped from memory only when the stored calls agree (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let engine: DetectionEngine;

  const importCsv = async (body: string, query = '') =>
    expectStatus(
      await t.api('POST', `/api/cdrs/import${query}`, {
        token: w.tech,
        raw: body,
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    ).body;
  const createRule = async (body: Record<string, unknown>) =>
    expectStatus(
      await t.api('POST', '/api/rules', { token: w.admin, body: { scope: 'global', mode: 'live', ...body } }),
      201,
    ).body as { id: string };
  const disable = async (id: string) =>
    expectStatus(await t.api('PATCH', `/api/rules/${id}`, { token: w.admin, body: { enabled: false } }), 200);
  /** A threshold rule: calls to Latvia per source IP, warn at 4 and block at 8 in 5 minutes. */
  const latviaByIp = (name: string) =>
    createRule({
      name,
      kind: 'threshold',
      params: {
        window: { minutes: 5 },
        warn: 4,
        block: 8,
        filter: { kind: 'country', countries: ['LV'] },
        per: 'ip',
        restriction: 'ip',
      },
    });
  const ruleOf = async (id: string) =>
    expectStatus(await t.api('GET', `/api/rules/${id}`, { token: w.admin }), 200).body as { params: unknown };
  const eventsOf = async (ruleId: string) =>
    (
      expectStatus(
        await t.api('GET', `/api/events?customerId=${w.harbId}&ruleId=${ruleId}&limit=200`, { token: w.admin }),
        200,
      ).body.items as Ev[]
    )
      .map((e) => `${e.severity} ${new Date(e.occurredAt).toISOString()}`)
      .sort();

  beforeAll(async () => {
    // Batches cut by size only (100 rows), never by age, so which calls share a batch does not depend on the machine.
    t = await createTestApp({
      CDR_BATCH_ROWS: '100',
      CDR_BATCH_MAX_MS: '600000',
      ASTERISK_USERFIELD_IS_SOURCE_IP: 'true',
    });
    w = await caseWorld(t);
    engine = t.app.get(DetectionEngine);
  });
  afterAll(() => t.close());

  it('a burst split over two imports blocks even when the engine forgot the first (as after a restart)', async () => {
    const rule = await latviaByIp('Latvia by IP');
    const base = Date.parse('2025-09-01T03:00:00Z');
    // 300 calls, one every 10 s, one in 30 to Latvia: the rule counts them but no window reaches 4, so it is
    // skipped without a query.
    const before = { ...engine.stats };
    const quiet = Array.from({ length: 300 }, (_, i) =>
      call(`q1-${i}`, at(base, i * 10), i % 30 ? '+16175550199' : '+37120000009'),
    );
    expect(await importCsv(csv(quiet))).toMatchObject({ imported: 300, rejected: 0 });
    expect(engine.stats.quiet).toBeGreaterThan(before.quiet);
    expect(await eventsOf(rule.id)).toEqual([]);

    // Five calls to Latvia in two minutes: a warning at the fourth.
    const burst = base + 3_600_000;
    const first = Array.from({ length: 5 }, (_, i) => call(`lv-a-${i}`, at(burst, i * 30), '+37120000001'));
    expect(await importCsv(csv(first))).toMatchObject({ imported: 5 });
    expect(await eventsOf(rule.id)).toEqual([`warning ${at(burst, 90)}`]);

    // The engine forgets what it saw; three more calls in the same five minutes make eight, the block. Alone they
    // are three, below the warning: only the stored calls (the rollups disagree with what the engine holds) tell it
    // to look.
    engine.historyChanged();
    const second = Array.from({ length: 3 }, (_, i) => call(`lv-b-${i}`, at(burst, 150 + i * 20), '+37120000002'));
    expect(await importCsv(csv(second))).toMatchObject({ imported: 3 });
    expect(await eventsOf(rule.id)).toEqual([`block ${at(burst, 190)}`, `warning ${at(burst, 90)}`]);
    await disable(rule.id);
  });

  it('a burst inside a long batch: only the minutes where a window can reach the threshold are read, with the same events', async () => {
    const rule = await latviaByIp('Latvia by IP, narrowed');
    const base = Date.parse('2025-09-05T03:00:00Z');
    // 400 calls one every 10 s (four 100-row batches), one in 12 to Latvia (never 4 in 5 min), and a burst of 9
    // calls to Latvia 20 s apart from row 150 on: with the three scattered ones before it (1,200, 1,320 and 1,440 s),
    // 4 in the window at 1,500 s (the warning) and 8 at 1,600 s (the block).
    const lines = Array.from({ length: 400 }, (_, i) => {
      const burst = i >= 150 && i < 168 && i % 2 === 0;
      return call(`nw-${i}`, at(base, i * 10), burst || i % 12 === 0 ? '+37120000003' : '+16175550199');
    });
    const before = { ...engine.stats };
    expect(await importCsv(csv(lines))).toMatchObject({ imported: 400, rejected: 0 });
    expect(engine.stats.narrowed).toBeGreaterThan(before.narrowed);
    const live = await eventsOf(rule.id);
    const backtest = expectStatus(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: {
          rule: {
            name: 'Latvia by IP, narrowed',
            kind: 'threshold',
            scope: 'global',
            params: (await ruleOf(rule.id)).params,
          },
          from: new Date(base - 60_000).toISOString(),
          to: new Date(base + 4_000_000).toISOString(),
        },
      }),
      200,
    ).body.events as Ev[];
    expect(live).toEqual([`block ${at(base, 1600)}`, `warning ${at(base, 1500)}`]);
    expect(backtest.map((e) => `${e.severity} ${new Date(e.occurredAt).toISOString()}`).sort()).toEqual(live);
    await disable(rule.id);
  });

  it('first traffic from an IP: a known IP is quiet, an IP first seen later still raises at its earlier call', async () => {
    const rule = await createRule({ name: 'New source IP', kind: 'first_traffic_ip', params: { severity: 'notify' } });
    const day2 = Date.parse('2025-09-10T12:00:00Z');
    const day1 = Date.parse('2025-09-09T12:00:00Z');
    // Day 2 first: 203.0.113.77 is new then.
    const d2 = Array.from({ length: 150 }, (_, i) => call(`d2-${i}`, at(day2, i * 10), '+16175550199', '203.0.113.77'));
    await importCsv(csv(d2));
    expect(await eventsOf(rule.id)).toEqual([`notify ${at(day2, 0)}`]);

    // Later calls from it on day 2: the engine saw an earlier one, so the rule is quiet and raises nothing.
    const quietBefore = engine.stats.quiet;
    const later = Array.from({ length: 50 }, (_, i) =>
      call(`d2b-${i}`, at(day2, 3600 + i * 10), '+16175550199', '203.0.113.77'),
    );
    await importCsv(csv(later));
    expect(engine.stats.quiet).toBeGreaterThan(quietBefore);
    expect(await eventsOf(rule.id)).toEqual([`notify ${at(day2, 0)}`]);

    // Day 1 imported afterwards: its first call from the IP is now the first ever, and is raised.
    const d1 = Array.from({ length: 20 }, (_, i) => call(`d1-${i}`, at(day1, i * 10), '+16175550199', '203.0.113.77'));
    await importCsv(csv(d1));
    expect(await eventsOf(rule.id)).toEqual([`notify ${at(day1, 0)}`, `notify ${at(day2, 0)}`]);
    await disable(rule.id);
  });

  it('calls a re-import moves are forgotten: a call before the moved one is the first ever again', async () => {
    const seen: string[] = [];
    const off = t.app.get(CdrBatchObservers).register({
      name: 'spy',
      observe: () => {},
      historyChanged: (ids) => void seen.push(...ids),
    });
    const rule = await createRule({
      name: 'New source IP 2',
      kind: 'first_traffic_ip',
      params: { severity: 'notify' },
    });
    try {
      // An Asterisk call (local times, the source IP in the userfield) read as Madrid time (09:00 UTC), then
      // re-imported as UTC: the stored call moves to 11:00 UTC.
      const file =
        '"HARB009","6175550142","0034912345678","from-internal","""Front desk"" <6175550142>","SIP/harb-142-0000001a",' +
        '"SIP/carrier-0000001b","Dial","SIP/carrier/0034912345678,60","2025-09-20 11:00:00","2025-09-20 11:00:05",' +
        '"2025-09-20 11:01:05",65,60,"ANSWERED","DOCUMENTATION","1758366000.41","203.0.113.88"\n';
      expect(await importCsv(file, '?timeZone=Europe/Madrid')).toMatchObject({ imported: 1 });
      expect(await importCsv(file, '?timeZone=UTC')).toMatchObject({ imported: 0, updated: 1 });
      expect(seen).toContain(w.harbId);
      // A call at 10:00 UTC: the only other call from the IP now starts at 11:00, so this one is its first ever.
      await importCsv(csv([call('mv-2', '2025-09-20T10:00:00Z', '+16175550199', '203.0.113.88')]));
      expect(await eventsOf(rule.id)).toContain('notify 2025-09-20T10:00:00.000Z');
    } finally {
      off();
      await disable(rule.id);
    }
  });
});
