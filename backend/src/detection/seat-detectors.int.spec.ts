import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, eventually } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { HEADER } from '../../test/cdrs.js';

const SWITCH_TOKEN = 'switch-token-0123456789abcdef';
const FRONT_DESK = '6175550142@harborview.voip.example.net';
const WAREHOUSE = '6175550143@harborview.voip.example.net';
const RECEPTION = '3125550111@acme.example.net';
const T0 = Date.parse('2025-08-05T03:00:00Z');
const DAY = 24 * 60;
const CARIBBEAN = ['+18765550100', '+18095550100', '+12425550100']; // JM, DO, BS
const INTERNATIONAL = ['+37120000001', '+5350000000', '+23230000000']; // LV, CU, SL

interface Call {
  atMin: number;
  to: string;
  account?: string;
  ip?: string;
  /** The SIP user (harb-142 unless told); '' for a call from no seat. */
  user?: string;
  answered?: boolean;
}

/** A CDR file of the calls; call ids `${prefix}-${i}`. */
function csv(prefix: string, calls: Call[]): string {
  const lines = [HEADER];
  calls.forEach((c, i) => {
    const start = new Date(T0 + c.atMin * 60_000);
    const from = c.account === 'ACME01' ? '+13125550111' : '+16175550142';
    const answered = c.answered ?? true;
    const answer = answered ? new Date(start.getTime() + 2000).toISOString() : '';
    const end = new Date(start.getTime() + (answered ? 62_000 : 20_000)).toISOString();
    const tail = answered ? '62,60,ANSWERED,200' : '20,0,NO ANSWER,487';
    lines.push(
      `${prefix}-${i},${start.toISOString()},${c.account ?? 'HARB009'},${c.ip ?? '203.0.113.10'},${c.user ?? 'harb-142'},${from},${c.to},${answer},${end},${tail},`,
    );
  });
  return lines.join('\n') + '\n';
}

type Ev = {
  id: string;
  ticketId: string | null;
  kind: string;
  severity: string;
  ruleId: string;
  customerId: string;
  summary: string;
  dedupeKey: string;
  occurredAt: string;
  evidence: { cdrIds?: string[]; from?: string; to?: string };
  details: Record<string, unknown>;
  restrictions: { kind: string; value: string }[];
};
type Rule = {
  id: string;
  name: string;
  kind: string;
  scope: string;
  customerId: string | null;
  params: Record<string, unknown>;
};
const key = (e: Pick<Ev, 'customerId' | 'dedupeKey' | 'severity' | 'occurredAt' | 'summary'>) =>
  `${e.customerId} ${e.dedupeKey} ${e.severity} ${new Date(e.occurredAt).toISOString()} ${e.summary}`;

describe('seat, group, failed-attempt and spread detectors on imported CDRs (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;

  const importCsv = async (body: string) =>
    expectStatus(
      await t.api('POST', '/api/cdrs/import', { token: w.tech, raw: body, headers: { 'content-type': 'text/csv' } }),
      201,
    ).body;
  const events = async (kind: string, customerId = w.harbId): Promise<Ev[]> =>
    expectStatus(
      await t.api('GET', `/api/events?customerId=${customerId}&kind=${kind}&limit=200`, { token: w.admin }),
      200,
    ).body.items;
  const createRule = async (body: Record<string, unknown>): Promise<Rule> =>
    expectStatus(await t.api('POST', '/api/rules', { token: w.admin, body }), 201).body;
  const blocklist = async () =>
    expectStatus(
      await t.api('GET', '/api/enforcement/blocklist', { headers: { authorization: `Bearer ${SWITCH_TOKEN}` } }),
      200,
    ).body;
  const ticket = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.admin }), 200).body;
  /** The events the saved rule's backtest over [fromMin, toMin] finds. */
  const backtest = async (rule: Rule, fromMin: number, toMin: number) =>
    expectStatus(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: {
          rule: {
            id: rule.id,
            name: rule.name,
            kind: rule.kind,
            scope: rule.scope,
            customerId: rule.customerId ?? undefined,
            params: rule.params,
          },
          from: new Date(T0 + fromMin * 60_000).toISOString(),
          to: new Date(T0 + toMin * 60_000).toISOString(),
        },
      }),
      200,
    ).body.events as Ev[];
  const seeded = async (name: string): Promise<Rule> => {
    const rules: Rule[] = expectStatus(await t.api('GET', '/api/rules', { token: w.admin }), 200).body.items;
    return rules.find((r) => r.name === name)!;
  };

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it("ships the upstream carriers' seat and group thresholds as two global live rules", async () => {
    const rules = expectStatus(await t.api('GET', '/api/rules', { token: w.tech }), 200).body.items;
    expect(rules.filter((r: Rule) => r.kind === 'seat_threshold')).toEqual([
      expect.objectContaining({
        name: 'Caribbean seat and group thresholds',
        scope: 'global',
        mode: 'live',
        enabled: true,
        params: {
          destinations: 'caribbean',
          window: { minutes: 60 },
          seat: { warn: 8, block: 15 },
          group: { warn: 50, block: 100 },
        },
      }),
      expect.objectContaining({
        name: 'International seat and group thresholds',
        scope: 'global',
        mode: 'live',
        enabled: true,
        params: {
          destinations: 'international',
          window: { minutes: 60 },
          seat: { warn: 6, block: 10 },
          group: { warn: 25, block: 50 },
        },
      }),
    ]);
  });

  it('Caribbean pumping from one seat: warning then block on one ticket, the seat intercepted; a re-import raises nothing; the backtest agrees', async () => {
    const rule = await seeded('Caribbean seat and group thresholds');
    // 16 calls to JM, DO, BS every 3 minutes from the front desk, with domestic calls between them.
    const pumping = Array.from({ length: 16 }, (_, i) => ({ atMin: i * 3, to: CARIBBEAN[i % 3] }));
    const domestic = Array.from({ length: 10 }, (_, i) => ({ atMin: i * 4 + 1, to: '+16175550199' }));
    // Toll-free calls are never international: twelve of them do not reach the international seat threshold.
    const tollFree = Array.from({ length: 12 }, (_, i) => ({ atMin: i * 4 + 2, to: '+18005550100' }));
    const file = csv('carib', [...pumping, ...domestic, ...tollFree]);
    expect(await importCsv(file)).toMatchObject({ imported: 38 });

    const raised = await events('seat_threshold');
    expect(raised.map((e) => [e.ruleId, e.severity]).sort()).toEqual([
      [rule.id, 'block'],
      [rule.id, 'warning'],
    ]);
    const block = raised.find((e) => e.severity === 'block')!;
    const warning = raised.find((e) => e.severity === 'warning')!;
    expect(block.ticketId).toBeTruthy();
    expect(warning.ticketId).toBe(block.ticketId);
    expect(block).toMatchObject({
      ruleId: rule.id,
      dedupeKey: `seat_threshold:${rule.id}:seat:${FRONT_DESK}`,
      restrictions: [{ kind: 'seat', value: FRONT_DESK }],
      occurredAt: new Date(T0 + 42 * 60_000).toISOString(),
    });
    expect(block.summary).toBe(
      `15 calls to the Caribbean (JM, DO, BS) in 42 min from seat ${FRONT_DESK} (HARB009); ` +
        'user threshold 8 warn / 15 block per 60 min',
    );
    expect(warning.summary).toMatch(/^8 calls to the Caribbean \(JM, DO, BS\) in 21 min from seat/);
    expect(block.details).toMatchObject({
      seat: FRONT_DESK,
      group: 'HARB009-BOSTON',
      ips: ['203.0.113.10'],
      countries: ['JM', 'DO', 'BS'],
    });
    expect(block.evidence.cdrIds).toHaveLength(15);
    // The group's 16 calls are far below its 50.
    expect(await events('group_threshold')).toEqual([]);

    const tk = await ticket(block.ticketId!);
    expect(tk.severity).toBe('block');
    expect(tk.restrictions).toEqual([expect.objectContaining({ kind: 'seat', value: FRONT_DESK, status: 'active' })]);
    await eventually(async () =>
      expect((await blocklist()).seats).toContainEqual({ account: 'HARB009', value: FRONT_DESK }),
    );

    expect(await importCsv(file)).toMatchObject({ imported: 0 });
    expect(await events('seat_threshold')).toHaveLength(2);

    const found = await backtest(rule, -60, 120);
    expect(found.map(key).sort()).toEqual(raised.map(key).sort());
  });

  it("a group's seats together cross the group threshold of a customer override, and the group is intercepted", async () => {
    const global = await seeded('Caribbean seat and group thresholds');
    const own = await createRule({
      name: 'Harborview Caribbean',
      kind: 'seat_threshold',
      scope: 'customer',
      customerId: w.harbId,
      params: { destinations: 'caribbean', seat: { warn: 20, block: 30 }, group: { warn: 4, block: 6 } },
    });
    expect(own.params).toEqual({
      destinations: 'caribbean',
      window: { minutes: 60 },
      seat: { warn: 20, block: 30 },
      group: { warn: 4, block: 6 },
    });
    // A day later: three calls from each of the two Boston seats.
    const calls = Array.from({ length: 6 }, (_, i) => ({
      atMin: DAY + i * 5,
      to: CARIBBEAN[i % 3],
      user: i % 2 ? 'harb-143' : 'harb-142',
    }));
    await importCsv(csv('group', calls));

    const raised = (await events('group_threshold')).filter((e) => e.ruleId === own.id);
    expect(raised.map((e) => e.severity).sort()).toEqual(['block', 'warning']);
    const block = raised.find((e) => e.severity === 'block')!;
    expect(block.dedupeKey).toBe(`group_threshold:${own.id}:group:HARB009-BOSTON`);
    expect(block.restrictions).toEqual([{ kind: 'group', value: 'HARB009-BOSTON' }]);
    expect(block.summary).toBe(
      '6 calls to the Caribbean (JM, DO, BS) in 25 min from 2 seats of group HARB009-BOSTON (HARB009); ' +
        'group threshold 4 warn / 6 block per 60 min',
    );
    expect(block.details).toMatchObject({ seats: [FRONT_DESK, WAREHOUSE], group: 'HARB009-BOSTON' });
    // The global rule does not run for Harborview any more.
    expect((await events('seat_threshold')).filter((e) => e.ruleId === global.id)).toHaveLength(2);
    const tk = await ticket(block.ticketId!);
    expect(tk.restrictions).toEqual([
      expect.objectContaining({ kind: 'group', value: 'HARB009-BOSTON', status: 'active' }),
    ]);
    await eventually(async () =>
      expect((await blocklist()).groups).toContainEqual({ account: 'HARB009', value: 'HARB009-BOSTON' }),
    );
    const found = await backtest(own, DAY - 60, DAY + 120);
    expect(found.map(key).sort()).toEqual(raised.map(key).sort());
  });

  it("a customer's override of the international default (user block 30) applies to that customer only", async () => {
    const global = await seeded('International seat and group thresholds');
    const own = await createRule({
      name: 'Harborview international',
      kind: 'seat_threshold',
      scope: 'customer',
      customerId: w.harbId,
      params: {
        destinations: 'international',
        window: { minutes: 60 },
        seat: { warn: 20, block: 30 },
        group: { warn: 25, block: 50 },
      },
    });
    // Two days later, ten international calls from a Harborview seat and ten from Acme's reception.
    const at = (i: number) => 2 * DAY + i * 4;
    await importCsv(
      csv('intl', [
        ...Array.from({ length: 10 }, (_, i) => ({ atMin: at(i), to: INTERNATIONAL[i % 3] })),
        ...Array.from({ length: 10 }, (_, i) => ({
          atMin: at(i) + 1,
          to: INTERNATIONAL[i % 3],
          account: 'ACME01',
          user: 'acme-111',
          ip: '192.0.2.20',
        })),
      ]),
    );
    const harb = (await events('seat_threshold')).filter((e) => e.ruleId === global.id || e.ruleId === own.id);
    expect(harb.filter((e) => e.details.destinationKind === 'international')).toEqual([]);
    const acme = await events('seat_threshold', w.acmeId);
    expect(acme.map((e) => [e.ruleId, e.severity]).sort()).toEqual([
      [global.id, 'block'],
      [global.id, 'warning'],
    ]);
    expect(acme.find((e) => e.severity === 'block')!.summary).toBe(
      `10 international calls (LV, CU, SL) in 36 min from seat ${RECEPTION} (ACME01); ` +
        'user threshold 6 warn / 10 block per 60 min',
    );
    await eventually(async () =>
      expect((await blocklist()).seats).toContainEqual({ account: 'ACME01', value: RECEPTION }),
    );
    const found = await backtest(global, 2 * DAY - 60, 2 * DAY + 120);
    expect(found.map(key).sort()).toEqual(acme.map(key).sort());
  });

  it('a burst of failed international attempts with 011/00 probes from one IP: block, the IP restricted; the backtest agrees', async () => {
    const rule = await createRule({
      name: 'Failed international',
      kind: 'intl_failed_attempts',
      scope: 'global',
      params: { window: { minutes: 5 }, warn: 10, block: 20, per: 'ip', restriction: 'ip' },
    });
    // Three days later from 203.0.113.7 (a trunk, no seat): 19 unanswered calls to 14 numbers in CU, SO, LV
    // and 4 probes that make no number, in 4 minutes; then 3 answered calls, which do not count. The 20th
    // attempt blocks.
    const numbers = Array.from({ length: 14 }, (_, k) =>
      k % 3 === 0 ? `+53500000${10 + k}` : k % 3 === 1 ? `+25261000${10 + k}` : `+37120000${10 + k}`,
    );
    const calls: Call[] = [];
    for (let i = 0, n = 0; i < 23; i++) {
      const to = i % 5 === 4 ? (i % 2 ? `011${i}` : `00${i}`) : numbers[n++ % 14];
      calls.push({ atMin: 3 * DAY + (i * 4) / 22, to, ip: '203.0.113.7', user: '', answered: false });
    }
    calls.push(...[1, 2, 3].map((k) => ({ atMin: 3 * DAY + 4 + k / 10, to: numbers[k], ip: '203.0.113.7', user: '' })));
    await importCsv(csv('probe', calls));

    const raised = (await events('intl_failed_attempts')).filter((e) => e.ruleId === rule.id);
    expect(raised.map((e) => e.severity).sort()).toEqual(['block', 'warning']);
    const block = raised.find((e) => e.severity === 'block')!;
    expect(block.ticketId).toBe(raised.find((e) => e.severity === 'warning')!.ticketId);
    expect(block.dedupeKey).toBe(`intl_failed_attempts:${rule.id}:ip:203.0.113.7`);
    expect(block.summary).toMatch(
      /^20 failed international attempts in 3 min from 203\.0\.113\.7 \(HARB009\) to 14 numbers in CU, SO, LV, incl\. 4 probes of 011\/00 prefixes; rule 'Failed international' warns at 10 and blocks at 20 per 5 min$/,
    );
    expect(block.restrictions).toEqual([{ kind: 'ip', value: '203.0.113.7/32' }]);
    expect((await ticket(block.ticketId!)).severity).toBe('block');
    await eventually(async () => expect((await blocklist()).ips).toContain('203.0.113.7/32'));

    expect(await importCsv(csv('probe', calls))).toMatchObject({ imported: 0 });
    expect((await events('intl_failed_attempts')).filter((e) => e.ruleId === rule.id)).toHaveLength(2);
    const found = await backtest(rule, 3 * DAY - 60, 3 * DAY + 60);
    expect(found.map(key).sort()).toEqual(raised.map(key).sort());
  });

  it('a seat calling many different numbers crosses the distinct-destinations cap; repeats do not count', async () => {
    const rule = await createRule({
      name: 'Spread',
      kind: 'distinct_destinations',
      scope: 'global',
      params: { window: { minutes: 10 }, warn: 5, block: 8, per: 'seat', restriction: 'seat' },
    });
    // Four days later, the warehouse seat: 20 calls to one number, then 8 other domestic numbers, one a minute:
    // the 5th distinct number warns, the 8th blocks.
    const calls: Call[] = [
      ...Array.from({ length: 20 }, (_, i) => ({ atMin: 4 * DAY + i * 0.1, to: '+16175550100', user: 'harb-143' })),
      ...Array.from({ length: 8 }, (_, k) => ({ atMin: 4 * DAY + 3 + k, to: `+1617555020${k}`, user: 'harb-143' })),
    ];
    await importCsv(csv('spread', calls));
    const raised = (await events('distinct_destinations')).filter((e) => e.ruleId === rule.id);
    expect(raised.map((e) => [e.severity, e.occurredAt]).sort()).toEqual([
      ['block', new Date(T0 + (4 * DAY + 9) * 60_000).toISOString()],
      ['warning', new Date(T0 + (4 * DAY + 6) * 60_000).toISOString()],
    ]);
    const block = raised.find((e) => e.severity === 'block')!;
    expect(block.summary).toBe(
      `8 distinct numbers in 9 min from seat ${WAREHOUSE} (HARB009), 27 calls to US; ` +
        "rule 'Spread' warns at 5 and blocks at 8 distinct numbers per 10 min",
    );
    expect(block.restrictions).toEqual([{ kind: 'seat', value: WAREHOUSE }]);
    await eventually(async () =>
      expect((await blocklist()).seats).toContainEqual({ account: 'HARB009', value: WAREHOUSE }),
    );
    const found = await backtest(rule, 4 * DAY - 60, 4 * DAY + 60);
    expect(found.map(key).sort()).toEqual(raised.map(key).sort());
  });

  it('refuses bad params with 400 naming the field', async () => {
    const seat = {
      name: 'Seat',
      kind: 'seat_threshold',
      scope: 'global',
      params: {
        destinations: 'caribbean',
        window: { minutes: 60 },
        seat: { warn: 8, block: 15 },
        group: { block: 100 },
      },
    };
    const post = (body: typeof seat | Record<string, unknown>) => t.api('POST', '/api/rules', { token: w.admin, body });
    const withParams = (base: { params: object }, params: Record<string, unknown>) => ({
      ...base,
      params: { ...base.params, ...params },
    });
    const message = (r: { body: { message: unknown } }) => JSON.stringify(r.body.message);

    let r = expectError(
      await post(withParams(seat, { seat: { warn: 15, block: 8 } })),
      400,
      'detection_thresholds_inverted',
    );
    expect(message(r)).toContain('params.seat.warn (15) must be below block (8)');
    r = expectError(
      await post(withParams(seat, { group: { warn: 100, block: 100 } })),
      400,
      'detection_thresholds_inverted',
    );
    expect(message(r)).toContain('params.group.warn');
    r = expectError(await post(withParams(seat, { group: { block: 0 } })), 400, 'detection_params_invalid');
    expect(message(r)).toContain('params.group.block must be at least 1');
    r = expectError(await post(withParams(seat, { destinations: 'domestic' })), 400, 'detection_params_invalid');
    expect(message(r)).toContain('params.destinations must be one of caribbean, international');
    r = expectError(await post(withParams(seat, { seat: undefined })), 400, 'detection_params_invalid');
    expect(message(r)).toContain('params.seat is required');
    r = expectError(await post(withParams(seat, { window: { minutes: 0 } })), 400, 'detection_window_invalid');
    expect(message(r)).toContain('params.window.minutes must be at least 1');
    r = expectError(await post(withParams(seat, { window: { minutes: 1441 } })), 400, 'detection_window_invalid');
    expect(message(r)).toContain('params.window.minutes must be at most 1440');

    const attempts = {
      name: 'Attempts',
      kind: 'intl_failed_attempts',
      scope: 'global',
      params: { window: { minutes: 5 }, warn: 10, block: 20, per: 'ip', restriction: 'ip' },
    };
    r = expectError(await post(withParams(attempts, { per: 'account' })), 400, 'detection_params_invalid');
    expect(message(r)).toContain('params.per must be one of seat, ip');
    r = expectError(await post(withParams(attempts, { warn: 20 })), 400, 'detection_thresholds_inverted');
    expect(message(r)).toContain('params.warn (20) must be below block (20)');
    expectError(await post(withParams(attempts, { window: undefined })), 400, 'detection_window_invalid');
    const spread = { ...attempts, name: 'Spread', kind: 'distinct_destinations' };
    r = expectError(await post(withParams(spread, { restriction: 'destination' })), 400, 'detection_params_invalid');
    expect(message(r)).toContain('params.restriction must be one of seat, ip, account');
    r = expectError(await post(withParams(spread, { block: 25.5 })), 400, 'detection_params_invalid');
    expect(message(r)).toContain('params.block must be a whole number');
    expectError(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: {
          rule: withParams(seat, { seat: { warn: 15, block: 8 } }),
          from: new Date(T0).toISOString(),
          to: new Date(T0).toISOString(),
        },
      }),
      400,
      'detection_thresholds_inverted',
      /params\.seat\.warn/,
    );
  });
});
