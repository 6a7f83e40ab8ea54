import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { HEADER } from '../../test/cdrs.js';

const SEAT = '6175550142@harborview.voip.example.net';
const DAY = 86_400_000;
const MIN = 60_000;

interface Call {
  id: string;
  at: number;
  to: string;
  ip?: string;
  cost?: string;
}

/** Harborview calls (account HARB009, front desk), answered, one minute each. */
function csv(calls: Call[]): string {
  const lines = [HEADER];
  for (const c of calls) {
    const start = new Date(c.at);
    const answer = new Date(c.at + 2000).toISOString();
    const end = new Date(c.at + 62_000).toISOString();
    lines.push(
      `${c.id},${start.toISOString()},HARB009,${c.ip ?? '203.0.113.10'},harb-142,+16175550142,${c.to},${answer},${end},62,60,ANSWERED,200,${c.cost ?? ''}`,
    );
  }
  return lines.join('\n') + '\n';
}

type Ev = {
  id: string;
  ticketId: string | null;
  kind: string;
  severity: string;
  summary: string;
  dedupeKey: string;
  occurredAt: string;
  ruleId: string;
  customerId: string;
  restrictions: { kind: string; value: string }[];
};
const key = (e: Pick<Ev, 'customerId' | 'dedupeKey' | 'severity' | 'occurredAt'>) =>
  `${e.customerId} ${e.dedupeKey} ${e.severity} ${new Date(e.occurredAt).toISOString()}`;

describe('money and history detectors on imported CDRs (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;

  const importCsv = async (calls: Call[]) =>
    expectStatus(
      await t.api('POST', '/api/cdrs/import', {
        token: w.tech,
        raw: csv(calls),
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    ).body;
  const createRule = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/rules', { token: w.admin, body: { scope: 'global', ...body } }), 201).body;
  const disable = async (id: string) =>
    expectStatus(await t.api('PATCH', `/api/rules/${id}`, { token: w.admin, body: { enabled: false } }), 200);
  const eventsOf = async (ruleId: string): Promise<Ev[]> =>
    (
      expectStatus(await t.api('GET', `/api/events?customerId=${w.harbId}&limit=200`, { token: w.admin }), 200).body
        .items as Ev[]
    )
      .filter((e) => e.ruleId === ruleId)
      .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
  const backtestKeys = async (rule: Record<string, unknown>, from: number, to: number) => {
    const r = expectStatus(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: {
          rule: { scope: 'global', ...rule },
          from: new Date(from).toISOString(),
          to: new Date(to).toISOString(),
        },
      }),
      200,
    ).body;
    return (r.events as Ev[]).map(key).sort();
  };

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('first traffic from an IP raises one notice per new IP; registered addresses and known IPs raise none', async () => {
    const T = Date.parse('2025-03-03T15:00:00Z');
    const rule = await createRule({ name: 'New source IP', kind: 'first_traffic_ip', params: { severity: 'notify' } });
    // 203.0.113.10 and 198.51.100.5 are Harborview's own (an address and one inside its /28); 192.0.2.77 is not.
    await importCsv([
      { id: 'ip-1', at: T, to: '+16175550199' },
      { id: 'ip-2', at: T + MIN, to: '+16175550199', ip: '198.51.100.5' },
      { id: 'ip-3', at: T + 2 * MIN, to: '+37120000001', ip: '192.0.2.77' },
      { id: 'ip-4', at: T + 3 * MIN, to: '+5350000000', ip: '192.0.2.77' },
    ]);
    const raised = await eventsOf(rule.id);
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      kind: 'first_traffic_ip',
      severity: 'notify',
      dedupeKey: 'first_traffic_ip:192.0.2.77',
      occurredAt: new Date(T + 2 * MIN).toISOString(),
    });
    expect(raised[0].ticketId).toBeTruthy();
    expect(raised[0].summary).toBe(
      "First traffic from 192.0.2.77 for HARB009, never seen before and not among its registered addresses: 2 calls in 1 min to LV, CU; rule 'New source IP'",
    );

    // More calls from the same IP later, and the same file again: nothing new.
    await importCsv([{ id: 'ip-5', at: T + 90 * MIN, to: '+37120000001', ip: '192.0.2.77' }]);
    expect((await importCsv([{ id: 'ip-3', at: T + 2 * MIN, to: '+37120000001', ip: '192.0.2.77' }])).imported).toBe(0);
    expect(await eventsOf(rule.id)).toHaveLength(1);

    // The backtest of the same rule over the same calls finds the same event.
    expect(
      await backtestKeys({ id: rule.id, kind: 'first_traffic_ip', params: { severity: 'notify' } }, T - DAY, T + DAY),
    ).toEqual(raised.map(key));
    await disable(rule.id);
  });

  it('a new destination country is raised once the history is long enough, and the allow-list passes', async () => {
    const T = Date.parse('2025-04-01T15:00:00Z'); // Harborview's first call on 1 April
    const rule = await createRule({
      name: 'New country',
      kind: 'new_destination',
      params: { minHistoryDays: 3, severity: 'warning' },
    });
    await t.db.query(
      `INSERT INTO customer_detection_settings (customer_id, allow_countries) VALUES ($1, '{DO}')
       ON CONFLICT (customer_id) DO UPDATE SET allow_countries = '{DO}'`,
      [w.harbId],
    );
    await importCsv([
      // Early history: Latvia on day 0, Cuba on day 1 (history too short for either to be "new").
      { id: 'nd-1', at: T - 30 * DAY, to: '+16175550199' },
      { id: 'nd-2', at: T - 30 * DAY + MIN, to: '+37120000001' },
      { id: 'nd-3', at: T - 29 * DAY, to: '+5350000000' },
      // After 3 days: Latvia again (known), Sierra Leone (new), the Dominican Republic (allow-listed).
      { id: 'nd-4', at: T - 20 * DAY, to: '+37120000002' },
      { id: 'nd-5', at: T - 20 * DAY + MIN, to: '+23230000000' },
      { id: 'nd-6', at: T - 20 * DAY + 2 * MIN, to: '+18095550123' },
      { id: 'nd-7', at: T - 20 * DAY + 3 * MIN, to: '+23230000001' },
    ]);
    const raised = await eventsOf(rule.id);
    expect(raised.map((e) => [e.dedupeKey, e.severity])).toEqual([['new_destination:SL', 'warning']]);
    expect(raised[0].summary).toBe(
      "First calls to Sierra Leone (SL) for HARB009 in 10 days of history: 2 calls in 2 min to +23230000000, +23230000001 from 203.0.113.10; rule 'New country'",
    );
    expect(
      await backtestKeys(
        { id: rule.id, kind: 'new_destination', params: { minHistoryDays: 3, severity: 'warning' } },
        T - 31 * DAY,
        T,
      ),
    ).toEqual(raised.map(key));
    await disable(rule.id);
  });

  it("a daily spend limit warns, then blocks the account, on the customer's own day, and starts again at its midnight", async () => {
    // Harborview is in America/New_York: 03:30Z on 6 May is 23:30 on 5 May there.
    const T = Date.parse('2025-05-06T03:00:00Z');
    const params = { warn: 3, block: 5, restriction: 'account' };
    const rule = await createRule({ name: 'Daily spend', kind: 'spend_limit', params });
    const calls: Call[] = [0, 5, 10, 15, 20, 25].map((m, i) => ({
      id: `sp-${i}`,
      at: T + m * MIN,
      to: '+37120000001',
      cost: '1.00',
    }));
    // After local midnight (04:00Z) the count starts again: the third call of 6 May warns on a new case.
    for (const m of [65, 70, 75]) calls.push({ id: `sp-next-${m}`, at: T + m * MIN, to: '+37120000001', cost: '1.00' });
    await importCsv(calls.slice(0, 2));
    await importCsv(calls.slice(2));

    const raised = await eventsOf(rule.id);
    expect(raised.map((e) => [e.severity, e.dedupeKey, e.occurredAt])).toEqual([
      ['warning', 'spend_limit:2025-05-05', new Date(T + 10 * MIN).toISOString()],
      ['block', 'spend_limit:2025-05-05', new Date(T + 20 * MIN).toISOString()],
      ['warning', 'spend_limit:2025-05-06', new Date(T + 75 * MIN).toISOString()],
    ]);
    expect(raised[2].ticketId).not.toBe(raised[0].ticketId);
    expect(raised[1].summary).toBe(
      "Spend on 2025-05-05 (America/New_York) reached 5.00 at 23:20 for HARB009, above the daily limit of 5.00; rule 'Daily spend' warns at 3.00 and blocks at 5.00 a day",
    );
    expect(raised[1].ticketId).toBe(raised[0].ticketId);
    const ticket = expectStatus(await t.api('GET', `/api/tickets/${raised[1].ticketId}`, { token: w.admin }), 200).body;
    expect(ticket.restrictions).toEqual([expect.objectContaining({ kind: 'account', value: 'HARB009' })]);

    expect(await backtestKeys({ id: rule.id, kind: 'spend_limit', params }, T - 3600_000, T + 3 * 3600_000)).toEqual(
      raised.map(key).sort(),
    );
    await disable(rule.id);
  });

  it('a price cap blocks the rate-deck prefix of a destination above it, once a day; the allow-list passes', async () => {
    const deck = 'prefix,description,rate_per_minute\n53,Cuba,1.20\n371,Latvia,0.10\n1809,Dominican Republic,0.90\n';
    const res = await fetch(`${t.baseUrl}/api/rate-deck`, {
      method: 'POST',
      headers: { authorization: `Bearer ${w.admin}`, 'content-type': 'text/csv' },
      body: deck,
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const T = Date.parse('2025-06-10T14:00:00Z');
    const params = { maxPerMinute: 0.5, action: 'block' };
    const rule = await createRule({ name: 'Premium rate cap', kind: 'max_rate', params });
    await importCsv([
      { id: 'mr-1', at: T, to: '+37120000001' },
      { id: 'mr-2', at: T + MIN, to: '+5350000000' },
      { id: 'mr-3', at: T + 2 * MIN, to: '+5350000001' },
      { id: 'mr-4', at: T + 3 * MIN, to: '+18095550123' }, // DO is on Harborview's allow-list (previous test)
    ]);
    const raised = await eventsOf(rule.id);
    expect(raised.map((e) => [e.dedupeKey, e.severity])).toEqual([['max_rate:2025-06-10', 'block']]);
    expect(raised[0].summary).toBe(
      "A call to +5350000000 (Cuba, Cuba) priced 1.2000/min, above HARB009's cap of 0.5000/min, at 10:01 (America/New_York) from seat " +
        `${SEAT}; rule 'Premium rate cap' blocks destinations above the cap`,
    );
    const ticket = expectStatus(await t.api('GET', `/api/tickets/${raised[0].ticketId}`, { token: w.admin }), 200).body;
    expect(ticket.restrictions).toEqual([expect.objectContaining({ kind: 'destination', value: '+53' })]);
    expect(await backtestKeys({ id: rule.id, kind: 'max_rate', params }, T - 3600_000, T + 3600_000)).toEqual(
      raised.map(key),
    );
    await disable(rule.id);
  });

  it('refuses bad params for these kinds with 400 naming the field', async () => {
    const bad = async (kind: string, params: unknown, code: string, message: RegExp) =>
      expectError(
        await t.api('POST', '/api/rules', { token: w.admin, body: { name: 'x', kind, scope: 'global', params } }),
        400,
        code as never,
        message,
      );
    await bad(
      'spend_limit',
      { warn: 9, block: 5 },
      'detection_thresholds_inverted',
      /params\.warn \(9\) must be below block/,
    );
    await bad('spend_limit', { block: -1 }, 'detection_params_invalid', /params\.block must be above 0/);
    await bad(
      'max_rate',
      { maxPerMinute: 1e12, action: 'block' },
      'detection_params_invalid',
      /params\.maxPerMinute must be at most/,
    );
    await bad(
      'max_rate',
      { maxPerMinute: 1, action: 'shout' },
      'detection_params_invalid',
      /params\.action must be one of warning, block/,
    );
    await bad(
      'new_destination',
      { minHistoryDays: 0, severity: 'notify' },
      'detection_params_invalid',
      /params\.minHistoryDays must be at least 1/,
    );
    await bad(
      'first_traffic_ip',
      { severity: 'block' },
      'detection_params_invalid',
      /params\.severity must be one of notify, warning/,
    );
    await bad(
      'first_traffic_ip',
      { severity: 'notify', extra: 1 },
      'detection_params_invalid',
      /params\.property extra should not exist/,
    );
  });
});
