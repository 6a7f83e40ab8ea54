import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { HEADER } from '../../test/cdrs.js';

const T0 = Date.parse('2025-07-01T02:00:00Z');

/** Calls from Harborview's front desk via 192.0.2.199 to Latvia, Cuba and Sierra Leone, at `T0 + minutes`. */
function csv(prefix: string, minutes: number[]): string {
  const to = ['+37120000001', '+5350000000', '+23230000000'];
  const lines = [HEADER];
  minutes.forEach((m, i) => {
    const start = new Date(T0 + m * 60_000);
    const answer = new Date(start.getTime() + 2000).toISOString();
    const end = new Date(start.getTime() + 62_000).toISOString();
    lines.push(
      `${prefix}-${i},${start.toISOString()},HARB009,192.0.2.199,harb-142,+16175550142,${to[i % 3]},${answer},${end},62,60,ANSWERED,200,`,
    );
  });
  return lines.join('\n') + '\n';
}

const rule = (over: Record<string, unknown> = {}) => ({
  name: 'International burst',
  kind: 'threshold',
  scope: 'global',
  params: {
    window: { minutes: 5 },
    warn: 3,
    block: 6,
    filter: { kind: 'country_group', countries: ['LV', 'CU', 'SL'] },
    per: 'seat',
    restriction: 'seat',
  },
  ...over,
});

type Ev = { severity: string; dedupeKey: string; occurredAt: string; summary: string; customerId: string };
const key = (e: Ev) => `${e.customerId} ${e.dedupeKey} ${e.severity} ${new Date(e.occurredAt).toISOString()}`;

describe('POST /api/rules/backtest (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;

  const importCsv = async (body: string) =>
    expectStatus(
      await t.api('POST', '/api/cdrs/import', { token: w.tech, raw: body, headers: { 'content-type': 'text/csv' } }),
      201,
    ).body;
  const stored = async (ruleId: string): Promise<Ev[]> =>
    (
      expectStatus(
        await t.api('GET', `/api/events?customerId=${w.harbId}&kind=threshold&limit=200`, { token: w.admin }),
        200,
      ).body.items as (Ev & { ruleId: string })[]
    ).filter((e) => e.ruleId === ruleId);
  const backtest = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/rules/backtest', { token: w.tech, body }), 200).body;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('an unsaved rule over stored calls lists what it would raise, and stores, opens and restricts nothing', async () => {
    // Two bursts an hour apart, stored before any rule exists: nothing is raised on import.
    await importCsv(csv('early', [0, 1, 2, 3, 4, 5, 60, 61, 62]));
    const ticketsBefore = expectStatus(await t.api('GET', '/api/tickets', { token: w.admin }), 200).body.items.length;

    const result = await backtest({
      rule: rule(),
      from: new Date(T0 - 3600_000).toISOString(),
      to: new Date(T0 + 2 * 3600_000).toISOString(),
    });
    expect(result.customers).toBe(1);
    expect(result.truncated).toBe(false);
    // The first burst warns at its 3rd call and blocks at its 6th; the second, an hour later, is a new episode
    // that reaches the warning again (3 calls), not the block.
    expect(result.events.map((e: Ev) => [e.severity, e.occurredAt])).toEqual([
      ['warning', new Date(T0 + 2 * 60_000).toISOString()],
      ['block', new Date(T0 + 5 * 60_000).toISOString()],
      ['warning', new Date(T0 + 62 * 60_000).toISOString()],
    ]);
    expect(result.events[1]).toMatchObject({
      accountCode: 'HARB009',
      kind: 'threshold',
      restrictions: [{ kind: 'seat', value: '6175550142@harborview.voip.example.net' }],
    });
    expect(result.events[1].summary).toMatch(/^6 calls in 5 min to LV, CU, SL from seat .* \(HARB009\)/);
    expect(result.events[1].evidence.cdrIds).toHaveLength(6);

    const ticketsAfter = expectStatus(await t.api('GET', '/api/tickets', { token: w.admin }), 200).body.items.length;
    expect(ticketsAfter).toBe(ticketsBefore);
    const events = expectStatus(await t.api('GET', '/api/events?kind=threshold', { token: w.admin }), 200).body.items;
    expect(events).toEqual([]);
  });

  it('agrees with the live run: a saved rule over the same calls returns the events the imports raised', async () => {
    const saved = expectStatus(
      await t.api('POST', '/api/rules', { token: w.admin, body: rule({ name: 'Burst, live' }) }),
      201,
    ).body;
    // The same traffic a day later, imported in three files that split the bursts.
    const day = 24 * 60;
    await importCsv(csv('live-a', [day + 0, day + 1, day + 2]));
    await importCsv(csv('live-b', [day + 3, day + 4]));
    await importCsv(csv('live-c', [day + 5, day + 60, day + 61, day + 62]));
    const live = await stored(saved.id);
    expect(live.map((e) => e.severity).sort()).toEqual(['block', 'warning', 'warning']);

    const result = await backtest({
      rule: { ...rule(), id: saved.id },
      from: new Date(T0 + day * 60_000 - 60_000).toISOString(),
      to: new Date(T0 + (day + 120) * 60_000).toISOString(),
    });
    expect(result.events.map(key).sort()).toEqual(live.map(key).sort());
    // Backtesting stored nothing more.
    expect(await stored(saved.id)).toHaveLength(live.length);
    expectStatus(await t.api('PATCH', `/api/rules/${saved.id}`, { token: w.admin, body: { enabled: false } }), 200);
  });

  it('a customer rule runs for that customer only; a global rule skips customers that override it', async () => {
    const from = new Date(T0 - 3600_000).toISOString();
    const to = new Date(T0 + 2 * 3600_000).toISOString();
    const other = await backtest({ rule: rule({ scope: 'customer', customerId: w.acmeId }), from, to });
    expect(other).toMatchObject({ customers: 1, events: [] });

    const override = expectStatus(
      await t.api('POST', '/api/rules', {
        token: w.admin,
        body: rule({ name: 'Harborview override', scope: 'customer', customerId: w.harbId, mode: 'shadow' }),
      }),
      201,
    ).body;
    const global = await backtest({ rule: rule(), from, to });
    expect(global).toMatchObject({ customers: 0, events: [] });
    expectStatus(await t.api('PATCH', `/api/rules/${override.id}`, { token: w.admin, body: { enabled: false } }), 200);
  });

  it('refuses bad ranges and bad rules with 400 naming them; customers may not backtest', async () => {
    const from = new Date(T0).toISOString();
    expectError(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: { rule: rule(), from, to: new Date(T0 - 1000).toISOString() },
      }),
      400,
      'detection_range_invalid',
      /to .* is before from/,
    );
    expectError(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: { rule: rule(), from, to: new Date(T0 + 40 * 86_400_000).toISOString() },
      }),
      400,
      'detection_range_invalid',
      /at most 31 days/,
    );
    expectError(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: { rule: rule(), from: 'yesterday', to: from },
      }),
      400,
      'detection_range_invalid',
      /from must be an ISO-8601 date-time/,
    );
    expectError(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: { rule: rule({ params: { ...rule().params, warn: 9 } }), from, to: from },
      }),
      400,
      'detection_thresholds_inverted',
      /params\.warn \(9\) must be below block \(6\)/,
    );
    expectError(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: { rule: rule({ scope: 'customer', customerId: '00000000-0000-4000-8000-000000000000' }), from, to: from },
      }),
      400,
      'detection_customer_unknown',
      /is not a customer/,
    );
    expectError(
      await t.api('POST', '/api/rules/backtest', { token: w.harbUser, body: { rule: rule(), from, to: from } }),
      403,
      'role_forbidden',
    );
  });
});
