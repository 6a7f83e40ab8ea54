import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, eventually } from '../../../test/cases.js';
import { expectError } from '../../../test/expect-error.js';
import { expectStatus } from '../../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { ManualClock } from '../../common/clock.js';
import { localDayOf } from '../../common/local-day.js';
import { HEADER } from '../../../test/cdrs.js';

const SWITCH_TOKEN = 'switch-token-0123456789abcdef';
const RECEPTION = '3125550111@acme.example.net';
const LATVIA = '+37120000001';

type Ev = {
  id: string;
  ticketId: string | null;
  kind: string;
  severity: string;
  source: string;
  dedupeKey: string;
  summary: string;
  occurredAt: string;
  customerId: string;
  details: Record<string, unknown>;
  restrictions: { kind: string; value: string }[];
};

describe('real-time spend estimate and calls per second through authorize (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  // Authorize counts on the app's clock: the bursts below are timed to the millisecond.
  const clock = new ManualClock(new Date());
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const authorize = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/enforcement/authorize', { headers: sw, body }), 200).body;
  const events = async (customerId: string, kind: string): Promise<Ev[]> =>
    expectStatus(
      await t.api('GET', `/api/events?customerId=${customerId}&kind=${kind}&limit=200`, { token: w.admin }),
      200,
    ).body.items;
  const ticketsOf = async (customerId: string): Promise<{ id: string }[]> =>
    expectStatus(await t.api('GET', `/api/tickets?customerId=${customerId}`, { token: w.admin }), 200).body.items;
  const createRule = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/rules', { token: w.admin, body: { scope: 'global', ...body } }), 201).body;
  const importCsv = async (lines: string[]) =>
    expectStatus(
      await t.api('POST', '/api/cdrs/import', {
        token: w.tech,
        raw: [HEADER, ...lines].join('\n') + '\n',
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    ).body;
  /** The restricted ticket of a real-time block event, polled: the case is written after the answer. */
  const restrictedTicket = async (customerId: string, kind: string) =>
    eventually(async () => {
      const block = (await events(customerId, kind)).find((e) => e.severity === 'block' && e.source === 'realtime');
      expect(block?.ticketId).toBeTruthy();
      const tk = expectStatus(await t.api('GET', `/api/tickets/${block!.ticketId}`, { token: w.admin }), 200).body;
      expect(tk.state).toBe('restricted');
      return { block: block!, ticket: tk };
    });

  beforeAll(async () => {
    // Harborview's day (New York) and Acme's (Chicago) must have ten minutes behind them, for the CDRs of the day.
    for (const zone of ['America/New_York', 'America/Chicago']) {
      const day = localDayOf(zone, clock.now().getTime());
      if (clock.now().getTime() - day.startMs < 10 * 60_000) clock.advance(10 * 60_000);
    }
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN }, { clock });
    w = await caseWorld(t);
    await eventually(async () =>
      expect(
        (await authorize({ accountCode: 'HARB009', sourceIp: '203.0.113.10', callee: '+16175550199' })).reasons,
      ).toEqual([]),
    );
    const deck = expectStatus(
      await t.api('POST', '/api/rate-deck', {
        token: w.admin,
        raw: 'prefix,description,rate_per_minute\n371,Latvia,2.00\n',
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    );
    expect(deck.body).toBeTruthy();
  });
  afterAll(() => t.close());
  let spendRule: { id: string };

  it('the attempt whose estimate takes the day past the spend limit is denied and the account restricted; the CDRs join the ticket', async () => {
    // 2.00/min × 5 assumed minutes: each call to Latvia is estimated at 10.00.
    spendRule = await createRule({
      name: 'Daily spend',
      kind: 'spend_limit',
      params: { warn: 20, block: 50, restriction: 'account', assumedCallMinutes: 5 },
    });
    const call = () => authorize({ accountCode: 'HARB009', sourceIp: '203.0.113.10', callee: LATVIA });
    const answers = [];
    for (let i = 0; i < 6; i++) {
      clock.advance(60_000);
      answers.push(await call());
    }
    // 10, 20 (warning), 30, 40 pass; the fifth would make 50: denied, and the account restricted at once.
    expect(answers.slice(0, 4).map((a) => a.decision)).toEqual(['allow', 'allow', 'allow', 'allow']);
    expect(answers[4]).toMatchObject({
      decision: 'deny',
      restriction: { kind: 'account', value: 'HARB009', source: "real-time rule 'Daily spend'" },
    });
    expect(answers[4].reasons[0]).toContain('Estimated spend on');
    expect(answers[4].reasons[0]).toContain('plus an estimated 50.00 for 5 calls not yet billed');
    expect(answers[5].decision).toBe('deny');
    expect(answers[5].reasons).toEqual([expect.stringContaining('HARB009')]);
    const emergency = await authorize({ accountCode: 'HARB009', sourceIp: '203.0.113.10', callee: '911' });
    expect(emergency).toMatchObject({ decision: 'allow', emergency: true });

    const { block, ticket } = await restrictedTicket(w.harbId, 'spend_limit');
    const day = localDayOf('America/New_York', clock.now().getTime()).date;
    expect(block).toMatchObject({
      dedupeKey: `spend_limit:${day}`,
      restrictions: [{ kind: 'account', value: 'HARB009' }],
      details: { estimate: true, spent: 50, estimatedSpend: 50, assumedCallMinutes: 5 },
    });
    expect(ticket.restrictions).toEqual([
      expect.objectContaining({ kind: 'account', value: 'HARB009', status: 'active' }),
    ]);
    const warning = (await events(w.harbId, 'spend_limit')).find((e) => e.severity === 'warning');
    expect(warning).toMatchObject({ source: 'realtime', ticketId: block.ticketId });

    // The switch's CDRs of the four calls, billed 15.00 each, arrive later: the CDR detector raises on the same day's
    // key, so its warning (30.00) and block (60.00) join the ticket instead of opening another.
    const lines = [0, 1, 2, 3].map((i) => {
      const start = clock.now().getTime() - (6 - i) * 60_000;
      const iso = (ms: number) => new Date(ms).toISOString();
      return `sp-${i},${iso(start)},HARB009,203.0.113.10,,+16175550142,${LATVIA},${iso(start + 2000)},${iso(start + 452_000)},452,450,ANSWERED,200,15.00`;
    });
    expect(await importCsv(lines)).toMatchObject({ imported: 4 });
    const fromCdrs = (await events(w.harbId, 'spend_limit')).filter((e) => e.source === 'detector');
    expect(fromCdrs.map((e) => e.severity).sort()).toEqual(['block', 'warning']);
    expect(fromCdrs.every((e) => e.ticketId === block.ticketId)).toBe(true);
    expect((await ticketsOf(w.harbId)).map((x) => x.id)).toEqual([block.ticketId]);
  });

  it('a burst of call attempts from one seat: the 6th warns, the 11th is denied and the seat intercepted; the CDRs and a backtest agree', async () => {
    // More than 1 attempt a second over 5 s warns (6 in the window), more than 2 a second blocks (11).
    const rule = await createRule({
      name: 'Set-up burst',
      kind: 'call_rate',
      params: { warn: 1, block: 2, windowSeconds: 5, per: 'seat', restriction: 'seat' },
    });
    const startedAt = clock.now().getTime();
    const answers = [];
    for (let i = 0; i < 12; i++) {
      clock.advance(400);
      answers.push(
        await authorize({ accountCode: 'ACME01', sourceIp: '192.0.2.20', caller: 'acme-111', callee: '+13125550199' }),
      );
    }
    expect(answers.slice(0, 10).map((a) => a.decision)).toEqual(Array(10).fill('allow'));
    expect(answers[10]).toMatchObject({
      decision: 'deny',
      restriction: { kind: 'seat', value: RECEPTION, source: "real-time rule 'Set-up burst'" },
    });
    expect(answers[10].reasons[0]).toContain('11 call attempts within 5 s from seat');
    expect(answers[11].reasons).toEqual([expect.stringContaining(`is blocked seat ${RECEPTION}`)]);

    const { block, ticket } = await restrictedTicket(w.acmeId, 'call_rate');
    expect(block).toMatchObject({
      dedupeKey: `call_rate:${rule.id}:seat:${RECEPTION}`,
      restrictions: [{ kind: 'seat', value: RECEPTION }],
    });
    expect(block.details.attempts as unknown[]).toHaveLength(11);
    expect(ticket.restrictions).toEqual([expect.objectContaining({ kind: 'seat', value: RECEPTION })]);
    const warning = (await events(w.acmeId, 'call_rate')).find((e) => e.severity === 'warning');
    expect(warning).toMatchObject({ source: 'realtime', ticketId: block.ticketId });

    // The switch writes a CDR for each of the 12 set-ups (the denied ones failed with 603), stamped 150 ms after
    // it asked (an identical event, same rule, key and instant, would be the real-time one answered again).
    const iso = (ms: number) => new Date(ms).toISOString();
    const cdrStart = (i: number) => startedAt + (i + 1) * 400 + 150;
    const lines = Array.from({ length: 12 }, (_, i) => {
      const start = cdrStart(i);
      return i < 10
        ? `cr-${i},${iso(start)},ACME01,192.0.2.20,acme-111,+13125550111,+13125550199,${iso(start + 1000)},${iso(start + 31_000)},31,30,ANSWERED,200,`
        : `cr-${i},${iso(start)},ACME01,192.0.2.20,acme-111,+13125550111,+13125550199,,${iso(start)},0,0,FAILED,603,`;
    });
    expect(await importCsv(lines)).toMatchObject({ imported: 12 });
    const fromCdrs = (await events(w.acmeId, 'call_rate')).filter((e) => e.source === 'detector');
    // The stored calls cross at the same calls as authorize counted them.
    expect(fromCdrs.map((e) => [e.severity, e.occurredAt]).sort()).toEqual(
      [
        ['block', iso(cdrStart(10))],
        ['warning', iso(cdrStart(5))],
      ].sort(),
    );
    expect(fromCdrs.every((e) => e.ticketId === block.ticketId)).toBe(true);
    expect((await ticketsOf(w.acmeId)).map((x) => x.id)).toEqual([block.ticketId]);

    // A backtest of the rule over those calls finds what the import raised.
    const backtest = expectStatus(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: {
          rule: { id: rule.id, scope: 'global', kind: 'call_rate', params: rule.params },
          from: iso(startedAt - 60_000),
          to: iso(startedAt + 60_000),
        },
      }),
      200,
    ).body;
    const key = (e: Pick<Ev, 'customerId' | 'dedupeKey' | 'severity' | 'occurredAt'>) =>
      `${e.customerId} ${e.dedupeKey} ${e.severity} ${new Date(e.occurredAt).toISOString()}`;
    expect((backtest.events as Ev[]).map(key).sort()).toEqual(fromCdrs.map(key).sort());
  });

  it("the day's stored CDR cost, read in the background, is where the estimate starts", async () => {
    // Acme (Chicago) was billed 35.00 earlier today; the CDR detector warned of it.
    const start = clock.now().getTime() - 5 * 60_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    await importCsv([
      `ac-1,${iso(start)},ACME01,192.0.2.20,,+13125550111,${LATVIA},${iso(start + 1000)},${iso(start + 61_000)},61,60,ANSWERED,200,35.00`,
    ]);
    expect((await events(w.acmeId, 'spend_limit')).map((e) => [e.source, e.severity])).toEqual([
      ['detector', 'warning'],
    ]);
    // A rule change reloads the real-time rules, and with them today's stored spend.
    expectStatus(
      await t.api('PATCH', `/api/rules/${spendRule.id}`, { token: w.admin, body: { name: 'Day spend' } }),
      200,
    );
    const call = () => authorize({ accountCode: 'ACME01', sourceIp: '192.0.2.20', callee: LATVIA });
    clock.advance(60_000);
    expect(await call()).toMatchObject({ decision: 'allow', reasons: [] });
    clock.advance(60_000);
    const crossing = await call();
    expect(crossing).toMatchObject({ decision: 'deny', restriction: { kind: 'account', value: 'ACME01' } });
    expect(crossing.reasons[0]).toContain(
      "seen at call set-up: 35.00 from today's stored CDRs plus an estimated 20.00 for 2 calls not yet billed",
    );
  });

  it('refuses a call-rate rule with a zero rate or window, or a warning above the block, naming the field', async () => {
    const bad = async (params: Record<string, unknown>, code: string, message: RegExp, kind = 'call_rate') =>
      expectError(
        await t.api('POST', '/api/rules', { token: w.admin, body: { name: 'x', kind, scope: 'global', params } }),
        400,
        code as never,
        message,
      );
    const ok = { block: 5, windowSeconds: 10, per: 'seat' };
    await bad({ ...ok, block: 0 }, 'detection_params_invalid', /params\.block must be above 0/);
    await bad({ ...ok, block: -2 }, 'detection_params_invalid', /params\.block must be above 0/);
    await bad({ ...ok, windowSeconds: 0 }, 'detection_window_invalid', /params\.windowSeconds must be at least 1/);
    await bad({ ...ok, windowSeconds: 61 }, 'detection_window_invalid', /params\.windowSeconds must be at most 60/);
    await bad({ ...ok, warn: 6 }, 'detection_thresholds_inverted', /params\.warn \(6\) must be below block \(5\)/);
    await bad(
      { ...ok, block: 100, windowSeconds: 20 },
      'detection_params_invalid',
      /params\.block \(100\/s\) × windowSeconds \(20\) must be below 1000 attempts/,
    );
    await bad({ ...ok, per: 'group' }, 'detection_params_invalid', /params\.per must be one of customer, seat, ip/);
    await bad(
      { warn: 20, block: 50, assumedCallMinutes: 0 },
      'detection_params_invalid',
      /params\.assumedCallMinutes must be at least 0\.1/,
      'spend_limit',
    );
  });
});
