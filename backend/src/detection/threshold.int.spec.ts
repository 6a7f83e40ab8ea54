import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, eventually } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { HEADER } from '../../test/cdrs.js';

const SWITCH_TOKEN = 'switch-token-0123456789abcdef';
const SEAT = '6175550142@harborview.voip.example.net';
const T0 = Date.parse('2025-06-03T02:00:00Z');

/** Calls from Harborview's front desk (SIP user harb-142) via 192.0.2.199, at `T0 + minutes`. */
function csv(prefix: string, minutes: number[], to = ['+37120000001', '+5350000000', '+23230000000']): string {
  const lines = [HEADER];
  minutes.forEach((m, i) => {
    const start = new Date(T0 + m * 60_000);
    const answer = new Date(start.getTime() + 2000).toISOString();
    const end = new Date(start.getTime() + 62_000).toISOString();
    lines.push(
      `${prefix}-${i},${start.toISOString()},HARB009,192.0.2.199,harb-142,+16175550142,${to[i % to.length]},${answer},${end},62,60,ANSWERED,200,`,
    );
  });
  return lines.join('\n') + '\n';
}

const burstRule = {
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
};

describe('threshold rules on imported CDRs (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;

  const importCsv = async (body: string) =>
    expectStatus(
      await t.api('POST', '/api/cdrs/import', { token: w.tech, raw: body, headers: { 'content-type': 'text/csv' } }),
      201,
    ).body;
  const events = async () =>
    expectStatus(await t.api('GET', `/api/events?customerId=${w.harbId}&kind=threshold`, { token: w.admin }), 200).body
      .items as {
      id: string;
      ticketId: string | null;
      severity: string;
      shadow: boolean;
      ruleId: string;
      summary: string;
      source: string;
      dedupeKey: string;
      evidence: { cdrIds?: string[]; from?: string; to?: string };
      details: Record<string, unknown>;
      restrictions: unknown[];
    }[];
  const createRule = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/rules', { token: w.admin, body }), 201).body;
  const patchRule = async (id: string, body: Record<string, unknown>) =>
    expectStatus(await t.api('PATCH', `/api/rules/${id}`, { token: w.admin, body }), 200).body;

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('a burst crossing warn then block in one file opens one ticket, escalated to block, with the seat intercepted', async () => {
    const rule = await createRule(burstRule);
    expect(rule).toMatchObject({ scope: 'global', customerId: null, mode: 'live', enabled: true, lastFiredAt: null });

    // Six international calls in 5 minutes from one seat (and two domestic ones the rule does not count).
    const report = await importCsv(
      csv('burst', [0, 1, 2, 3, 4, 5]) + csv('dom', [2, 3], ['+16175550199']).split('\n').slice(1).join('\n'),
    );
    expect(report).toMatchObject({ imported: 8 });

    const raised = await events();
    expect(raised.map((e) => e.severity).sort()).toEqual(['block', 'warning']);
    const [warning, block] = ['warning', 'block'].map((s) => raised.find((e) => e.severity === s)!);
    expect(warning.ticketId).toBeTruthy();
    expect(block.ticketId).toBe(warning.ticketId);
    expect(block).toMatchObject({
      source: 'detector',
      shadow: false,
      ruleId: rule.id,
      dedupeKey: `threshold:${rule.id}:seat:${SEAT}`,
      restrictions: [{ kind: 'seat', value: SEAT }],
      evidence: { from: '2025-06-03T02:00:00.000Z', to: '2025-06-03T02:05:00.000Z' },
    });
    expect(block.evidence.cdrIds).toHaveLength(6);
    expect(block.summary).toBe(
      `6 calls in 5 min to LV, CU, SL from seat ${SEAT} (HARB009); rule 'International burst' warns at 3 and blocks at 6 per 5 min`,
    );
    expect(warning.summary).toMatch(/^3 calls in 2 min to LV, CU, SL/);
    expect(block.details).toMatchObject({ seats: [SEAT], ips: ['192.0.2.199'], countries: ['LV', 'CU', 'SL'] });

    const ticket = expectStatus(await t.api('GET', `/api/tickets/${block.ticketId}`, { token: w.admin }), 200).body;
    expect(ticket.severity).toBe('block');
    expect(ticket.restrictions).toEqual([expect.objectContaining({ kind: 'seat', value: SEAT, status: 'active' })]);
    await eventually(async () => {
      const list = await t.api('GET', '/api/enforcement/blocklist', {
        headers: { authorization: `Bearer ${SWITCH_TOKEN}` },
      });
      expectStatus(list, 200);
      expect(list.body.seats).toEqual([{ account: 'HARB009', value: SEAT }]);
    });

    const rules = expectStatus(await t.api('GET', '/api/rules', { token: w.tech }), 200).body.items;
    expect(rules.find((r: { id: string }) => r.id === rule.id).lastFiredAt).toEqual(expect.any(String));

    // The same file again: every row is a duplicate, nothing new is raised.
    const again = await importCsv(csv('burst', [0, 1, 2, 3, 4, 5]));
    expect(again).toMatchObject({ imported: 0 });
    expect(await events()).toHaveLength(2);

    await patchRule(rule.id, { enabled: false });
  });

  it('a burst split across two imports is seen whole: the second import crosses, on one ticket', async () => {
    const rule = await createRule({
      ...burstRule,
      name: 'Latvia by IP',
      params: {
        ...burstRule.params,
        filter: { kind: 'prefix', prefixes: ['+371'] },
        per: 'ip',
        restriction: 'ip',
        warn: 2,
        block: 4,
      },
    });
    const latvia = ['+37120000001'];
    const before = (await events()).length;
    await importCsv(csv('split-a', [60, 61], latvia));
    const first = (await events()).slice(0, (await events()).length - before);
    expect(first.map((e) => e.severity)).toEqual(['warning']);
    await importCsv(csv('split-b', [62, 63], latvia));
    const mine = (await events()).filter((e) => e.ruleId === rule.id);
    expect(mine.map((e) => e.severity).sort()).toEqual(['block', 'warning']);
    expect(new Set(mine.map((e) => e.ticketId)).size).toBe(1);
    const block = mine.find((e) => e.severity === 'block')!;
    expect(block.evidence.cdrIds).toHaveLength(4);
    expect(block.restrictions).toEqual([{ kind: 'ip', value: '192.0.2.199/32' }]);
    await eventually(async () => {
      const list = await t.api('GET', '/api/enforcement/blocklist', {
        headers: { authorization: `Bearer ${SWITCH_TOKEN}` },
      });
      expectStatus(list, 200);
      expect(list.body.ips).toContain('192.0.2.199/32');
    });
    await patchRule(rule.id, { enabled: false });
  });

  it('a shadow rule stores its event marked shadow, with no ticket and no restriction', async () => {
    const rule = await createRule({
      ...burstRule,
      name: 'Cuba trial',
      mode: 'shadow',
      params: { ...burstRule.params, filter: { kind: 'country', countries: ['CU'] }, warn: undefined, block: 2 },
    });
    const { body: restrictionsBefore } = expectStatus(
      await t.api('GET', '/api/enforcement/blocklist', { headers: { authorization: `Bearer ${SWITCH_TOKEN}` } }),
      200,
    );
    await importCsv(csv('shadow', [120, 121], ['+5350000000']));
    const mine = (await events()).filter((e) => e.ruleId === rule.id);
    expect(mine).toEqual([expect.objectContaining({ severity: 'block', shadow: true, ticketId: null })]);
    const { body: after } = expectStatus(
      await t.api('GET', '/api/enforcement/blocklist', { headers: { authorization: `Bearer ${SWITCH_TOKEN}` } }),
      200,
    );
    expect(after.seats).toEqual(restrictionsBefore.seats);
    expect(after.ips).toEqual(restrictionsBefore.ips);
    const rules = expectStatus(await t.api('GET', '/api/rules', { token: w.admin }), 200).body.items;
    expect(rules.find((r: { id: string }) => r.id === rule.id)).toMatchObject({
      mode: 'shadow',
      lastFiredAt: expect.any(String),
    });
    await patchRule(rule.id, { enabled: false });
  });

  it('refuses bad rules with 400 naming the field and a detection code', async () => {
    const post = (params: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      t.api('POST', '/api/rules', {
        token: w.admin,
        body: { ...burstRule, ...extra, params: { ...burstRule.params, ...params } },
      });
    const inverted = expectError(await post({ warn: 20, block: 10 }), 400, 'detection_thresholds_inverted');
    expect(JSON.stringify(inverted.body.message)).toContain('params.warn');
    expectError(await post({ warn: 10, block: 10 }), 400, 'detection_thresholds_inverted');
    expectError(await post({ window: { minutes: 0 } }), 400, 'detection_window_invalid');
    expectError(await post({ window: { minutes: -5 } }), 400, 'detection_window_invalid');
    const country = expectError(
      await post({ filter: { kind: 'country_group', countries: ['LV', 'XX'] } }),
      400,
      'detection_country_unknown',
    );
    expect(JSON.stringify(country.body.message)).toContain('XX');
    expectError(await post({ filter: { kind: 'prefix', prefixes: ['371'] } }), 400, 'detection_prefix_malformed');
    expectError(await post({ filter: { kind: 'prefix', prefixes: ['+0371'] } }), 400, 'detection_prefix_malformed');
    expectError(await post({ filter: { kind: 'prefix' } }), 400, 'detection_params_invalid');
    expectError(
      await post({}, { scope: 'customer', customerId: '00000000-0000-4000-8000-000000000000' }),
      400,
      'detection_customer_unknown',
    );
    expectError(await post({}, { scope: 'customer' }), 400, 'detection_customer_unknown');
    expectError(
      await t.api('PATCH', '/api/rules/00000000-0000-4000-8000-000000000000', {
        token: w.admin,
        body: { enabled: true },
      }),
      404,
      'detection_rule_not_found',
    );
    expectError(await t.api('POST', '/api/rules', { token: w.tech, body: burstRule }), 403, 'role_forbidden');
  });

  it('a customer rule of the same filter overrides the global rule for that customer', async () => {
    const global = await createRule({
      ...burstRule,
      name: 'Global SL',
      params: { ...burstRule.params, filter: { kind: 'country', countries: ['SL'] }, warn: undefined, block: 2 },
    });
    const own = await createRule({
      ...burstRule,
      name: 'Harborview SL',
      scope: 'customer',
      customerId: w.harbId,
      params: { ...burstRule.params, filter: { kind: 'country', countries: ['SL'] }, warn: undefined, block: 3 },
    });
    await importCsv(csv('override', [180, 181], ['+23230000000']));
    const raised = (await events()).filter((e) => e.ruleId === global.id || e.ruleId === own.id);
    expect(raised).toEqual([]);
    await importCsv(csv('override-b', [182], ['+23230000000']));
    const after = (await events()).filter((e) => e.ruleId === global.id || e.ruleId === own.id);
    expect(after.map((e) => [e.ruleId, e.severity])).toEqual([[own.id, 'block']]);
  });
});
