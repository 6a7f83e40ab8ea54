import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseWorld, type CaseWorld } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { CdrBatchObservers } from '../cdrs/import/batch-observers.js';
import { DetectionEngine } from './detection-engine.js';
import { HEADER } from '../../test/cdrs.js';

const T0 = Date.parse('2025-08-04T02:00:00Z');
const BATCH_ROWS = 100;
const BURST = ['+37120000001', '+5350000000', '+23230000000'];

/**
 * 600 calls from Harborview's front desk, one every 10 s: to Boston, except three bursts to Latvia, Cuba and Sierra
 * Leone that straddle the importer's 100-row batches (rows 95–106, 290–296 and 480–520, every other call).
 */
function file(): string {
  const lines = [HEADER];
  for (let i = 0; i < 600; i++) {
    const start = new Date(T0 + i * 10_000);
    const burst = (i >= 95 && i <= 106) || (i >= 290 && i <= 296) || (i >= 480 && i <= 520 && i % 2 === 0);
    const to = burst ? BURST[i % 3] : '+16175550199';
    const answer = new Date(start.getTime() + 2000).toISOString();
    const end = new Date(start.getTime() + 32_000).toISOString();
    lines.push(
      `cu-${i},${start.toISOString()},HARB009,192.0.2.199,harb-142,+16175550142,${to},${answer},${end},32,30,ANSWERED,200,`,
    );
  }
  return lines.join('\n') + '\n';
}

type Ev = { severity: string; dedupeKey: string; occurredAt: string; ruleId: string };
const key = (e: Ev) => `${e.dedupeKey} ${e.severity} ${new Date(e.occurredAt).toISOString()}`;

describe('detectors that fall behind an import catch up in one pass over the batches that waited (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await createTestApp({ CDR_BATCH_ROWS: String(BATCH_ROWS) });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('raises exactly what the backtest of the same calls finds, while judging several batches at once', async () => {
    const rule = expectStatus(
      await t.api('POST', '/api/rules', {
        token: w.admin,
        body: {
          name: 'International burst',
          kind: 'threshold',
          scope: 'global',
          mode: 'live',
          params: {
            window: { minutes: 2 },
            warn: 4,
            block: 8,
            filter: { kind: 'country_group', countries: ['LV', 'CU', 'SL'] },
            per: 'seat',
          },
        },
      }),
      201,
    ).body;
    // A slow fellow observer: batches commit while the observers are busy, and reach them together.
    const engine = t.app.get(DetectionEngine);
    const passes = vi.spyOn(engine, 'observeMany');
    const off = t.app.get(CdrBatchObservers).register({
      name: 'slow',
      observe: () => new Promise((resolve) => setTimeout(resolve, 150)),
    });
    try {
      const report = expectStatus(
        await t.api('POST', '/api/cdrs/import', {
          token: w.tech,
          raw: file(),
          headers: { 'content-type': 'text/csv' },
        }),
        201,
      ).body;
      expect(report).toMatchObject({ rows: 600, imported: 600, rejected: 0 });
    } finally {
      off();
    }
    const batchesPerPass = passes.mock.calls.map(([batches]) => batches.length);
    expect(batchesPerPass.reduce((a, b) => a + b, 0)).toBe(600 / BATCH_ROWS); // every batch, once
    expect(Math.max(...batchesPerPass)).toBeGreaterThan(1); // and some together
    passes.mockRestore();

    const live = (
      expectStatus(
        await t.api('GET', `/api/events?customerId=${w.harbId}&kind=threshold&limit=200`, { token: w.admin }),
        200,
      ).body.items as Ev[]
    ).filter((e) => e.ruleId === rule.id);
    const backtest = expectStatus(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: {
          rule: { id: rule.id, name: rule.name, kind: rule.kind, scope: rule.scope, params: rule.params },
          from: new Date(T0 - 60_000).toISOString(),
          to: new Date(T0 + 7_200_000).toISOString(),
        },
      }),
      200,
    ).body;
    // Each burst warns; only the first (12 calls in 2 min) reaches the block: the second has 7 calls, and the
    // third, one every 20 s, never more than 7 in a window.
    expect(live.map((e) => e.severity).sort()).toEqual(['block', 'warning', 'warning', 'warning']);
    expect(backtest.events.map(key).sort()).toEqual(live.map(key).sort());
  });
});
