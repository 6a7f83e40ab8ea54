import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, postEvent } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';
import { HEADER } from '../../test/cdrs.js';

const T0 = Date.parse('2025-06-03T02:00:00Z');
const DAY_MS = 24 * 3600_000;

/** Two calls from Harborview via `ip` to `to`, a minute apart. */
function burst(id: string, ip: string, to: string, atMinute = 0): string {
  const lines = [0, 1].map((i) => {
    const start = new Date(T0 + (atMinute + i) * 60_000);
    const end = new Date(start.getTime() + 62_000).toISOString();
    return `${id}-${i},${start.toISOString()},HARB009,${ip},harb-142,+16175550142,${to},${start.toISOString()},${end},62,60,ANSWERED,200,`;
  });
  return [HEADER, ...lines].join('\n') + '\n';
}

const cubaPerIp = {
  name: 'Cuba per IP',
  kind: 'threshold',
  scope: 'global',
  params: { window: { minutes: 5 }, block: 2, filter: { kind: 'country', countries: ['CU'] }, per: 'ip' },
};

describe('rule outcomes and week (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const clock = new ManualClock(new Date());

  const importCsv = async (body: string) =>
    expectStatus(
      await t.api('POST', '/api/cdrs/import', { token: w.tech, raw: body, headers: { 'content-type': 'text/csv' } }),
      201,
    ).body;
  const createRule = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/rules', { token: w.admin, body }), 201).body;
  const rule = async (id: string, token = w.tech) =>
    expectStatus(await t.api('GET', `/api/rules/${id}`, { token }), 200).body;
  const events = async (query: string) =>
    expectStatus(await t.api('GET', `/api/events?${query}`, { token: w.tech }), 200).body.items as {
      id: string;
      ticketId: string | null;
      severity: string;
      shadow: boolean;
      ruleId: string | null;
      details: { ips?: string[] };
    }[];
  const ticketOf = async (ruleId: string, ip: string) => {
    const found = (await events(`ruleId=${ruleId}`)).find((e) => e.details.ips?.includes(ip));
    expect(found?.ticketId, `an event of ${ip} with a ticket`).toBeTruthy();
    return found!.ticketId!;
  };

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('counts what became of the tickets a rule opened, and its false-positive share', async () => {
    const live = await createRule(cubaPerIp);
    expect(live).toMatchObject({
      week: { events: 0, warnings: 0, blocks: 0, customers: 0 },
      outcomes: { tickets: 0, confirmedFraud: 0, legitimate: 0, dismissed: 0, open: 0 },
      falsePositiveShare: null,
    });
    // A ticket opened from outside that the rule's event later joins is not the rule's.
    const outside = expectStatus(
      await postEvent(t, w.tech, { dedupeKey: `threshold:${live.id}:ip:198.18.0.14`, kind: 'external' }),
      201,
    ).body;
    for (const n of [10, 11, 12, 13, 14]) await importCsv(burst(`cu${n}`, `198.18.0.${n}`, '+5350000000'));
    expect((await events(`ticketId=${outside.ticketId}`)).map((e) => e.ruleId)).toEqual([live.id, null]);

    const fraud = await ticketOf(live.id, '198.18.0.10');
    expectStatus(
      await act(t, w.harbUser, fraud, 'CUSTOMER_REVIEW', {
        verdict: 'fraudulent',
        message: 'A compromised phone.',
        sourceRemoved: true,
      }),
      200,
    );
    expectStatus(await act(t, w.tech, fraud, 'CONFIRM_SOURCE_REMOVED'), 200);
    const legit = await ticketOf(live.id, '198.18.0.11');
    expectStatus(
      await act(t, w.harbUser, legit, 'CUSTOMER_REVIEW', {
        verdict: 'legitimate',
        message: 'Our sales team in Havana.',
        acceptCharges: true,
      }),
      200,
    );
    expectStatus(await act(t, w.tech, legit, 'CONFIRM_CHARGES_ACCEPTED'), 200);
    // Lifting afterwards keeps the verdict the case went through.
    expectStatus(await act(t, w.tech, legit, 'LIFT_RESTRICTIONS'), 200);
    const noise = await ticketOf(live.id, '198.18.0.12');
    expectStatus(await act(t, w.tech, noise, 'DISMISS', { reason: 'Test calls by the carrier' }), 200);

    const view = await rule(live.id);
    expect(view).toMatchObject({
      mode: 'live',
      lastFiredAt: expect.any(String),
      week: { events: 5, warnings: 0, blocks: 5, customers: 1 },
      outcomes: { tickets: 4, confirmedFraud: 1, legitimate: 1, dismissed: 1, open: 1 },
    });
    expect(view.falsePositiveShare).toBeCloseTo(2 / 3);
    const listed = expectStatus(await t.api('GET', '/api/rules', { token: w.manager }), 200).body.items;
    expect(listed.find((r: { id: string }) => r.id === live.id)).toEqual(view);
  });

  it('shows what a shadow rule would have done this week, and forgets it after seven days', async () => {
    const shadow = await createRule({
      ...cubaPerIp,
      name: 'Sierra Leone trial',
      mode: 'shadow',
      params: { ...cubaPerIp.params, filter: { kind: 'country', countries: ['SL'] } },
    });
    await importCsv(burst('sl', '198.18.0.20', '+23230000000', 30));
    expect(await rule(shadow.id)).toMatchObject({
      mode: 'shadow',
      week: { events: 1, warnings: 0, blocks: 1, customers: 1 },
      outcomes: { tickets: 0, confirmedFraud: 0, legitimate: 0, dismissed: 0, open: 0 },
      falsePositiveShare: null,
    });

    clock.set(new Date(Date.now() + 8 * DAY_MS));
    const later = await rule(shadow.id);
    expect(later.week).toEqual({ events: 0, warnings: 0, blocks: 0, customers: 0 });
    expect(later.lastFiredAt).toEqual(expect.any(String));
    clock.set(new Date());
  });

  it('filters events by severity, shadow, rule and ticket', async () => {
    const all = await events(`customerId=${w.harbId}&limit=500`);
    const shadowOnly = await events(`customerId=${w.harbId}&shadow=true`);
    expect(shadowOnly.length).toBeGreaterThan(0);
    expect(shadowOnly.every((e) => e.shadow && e.ticketId === null)).toBe(true);
    const liveOnly = await events(`customerId=${w.harbId}&shadow=false&limit=500`);
    expect(liveOnly.length + shadowOnly.length).toBe(all.length);
    const external = await events(`severity=warning`);
    expect(external.map((e) => e.severity)).toEqual(external.map(() => 'warning'));
    expect(external.length).toBeGreaterThan(0);
    const one = all.find((e) => e.ticketId && e.ruleId)!;
    const byRule = await events(`ruleId=${one.ruleId}`);
    expect(byRule.every((e) => e.ruleId === one.ruleId)).toBe(true);
    expect((await events(`ticketId=${one.ticketId}`)).map((e) => e.id)).toContain(one.id);

    expectError(await t.api('GET', '/api/events?shadow=maybe', { token: w.tech }), 400, 'validation_failed');
    expectError(await t.api('GET', '/api/events?severity=loud', { token: w.tech }), 400, 'validation_failed');
    expectError(
      await t.api('GET', '/api/rules/00000000-0000-4000-8000-000000000000', { token: w.tech }),
      404,
      'detection_rule_not_found',
    );
  });
});
