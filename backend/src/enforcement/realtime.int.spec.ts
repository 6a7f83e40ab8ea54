import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, eventually } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { HEADER } from '../../test/cdrs.js';

const SWITCH_TOKEN = 'switch-token-0123456789abcdef';
const FRONT_DESK = '6175550142@harborview.voip.example.net';
const CARIBBEAN = ['+18765550100', '+18095550100', '+12425550100']; // JM, DO, BS

type Ev = {
  id: string;
  ticketId: string | null;
  kind: string;
  severity: string;
  source: string;
  dedupeKey: string;
  details: Record<string, unknown>;
  restrictions: { kind: string; value: string }[];
};

describe('real-time enforcement: authorize counts attempts and stops a burst (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const authorize = async (body: Record<string, unknown>, query = '') =>
    expectStatus(await t.api('POST', `/api/enforcement/authorize${query}`, { headers: sw, body }), 200).body;
  const events = async (kind: string): Promise<Ev[]> =>
    expectStatus(
      await t.api('GET', `/api/events?customerId=${w.harbId}&kind=${kind}&limit=200`, { token: w.admin }),
      200,
    ).body.items;
  const ticket = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.admin }), 200).body;

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    w = await caseWorld(t);
    // The customer import rebuilds the in-memory inventory on commit (NOTIFY): wait until authorize knows HARB009.
    await eventually(async () =>
      expect(
        (await authorize({ accountCode: 'HARB009', sourceIp: '203.0.113.10', callee: '+16175550199' })).reasons,
      ).toEqual([]),
    );
  });
  afterAll(() => t.close());

  it('24 Caribbean attempts from one seat: 1–15 pass, the 16th is denied and intercepts the seat; US calls then fail, 911 passes; the restricted ticket is opened and the CDRs join it', async () => {
    const startedAt = Date.now();
    const answers = [];
    for (let i = 0; i < 24; i++) {
      answers.push(
        await authorize({
          accountCode: 'HARB009',
          sourceIp: '203.0.113.10',
          caller: 'harb-142',
          callee: CARIBBEAN[i % 3],
        }),
      );
    }
    expect(answers.slice(0, 15).map((a) => a.decision)).toEqual(Array(15).fill('allow'));
    expect(answers[15]).toMatchObject({
      decision: 'deny',
      restriction: { kind: 'seat', value: FRONT_DESK, source: "real-time rule 'Caribbean seat and group thresholds'" },
    });
    expect(answers[15].reasons[0]).toContain(`16 call attempts to the Caribbean (JM, DO, BS)`);
    // From then on the seat's intercept answers, as a stored restriction would.
    for (const a of answers.slice(16)) {
      expect(a.decision).toBe('deny');
      expect(a.reasons).toEqual([expect.stringContaining(`is blocked seat ${FRONT_DESK}`)]);
    }

    const us = await authorize({
      accountCode: 'HARB009',
      sourceIp: '203.0.113.10',
      caller: 'harb-142',
      callee: '+16175550199',
    });
    expect(us.decision).toBe('deny');
    const emergency = await authorize({
      accountCode: 'HARB009',
      sourceIp: '203.0.113.10',
      caller: 'harb-142',
      callee: '911',
    });
    expect(emergency).toMatchObject({ decision: 'allow', emergency: true });
    expect(emergency.reasons[0]).toBe('911 is an emergency number: always allowed');
    expect(emergency.reasons[1]).toContain(`allowed despite: caller harb-142 is blocked seat ${FRONT_DESK}`);

    // The case is written after the answers: poll for it.
    const block = await eventually(async () => {
      const found = (await events('seat_threshold')).find((e) => e.severity === 'block');
      expect(found?.ticketId).toBeTruthy();
      return found!;
    });
    expect(block).toMatchObject({ source: 'realtime', restrictions: [{ kind: 'seat', value: FRONT_DESK }] });
    expect(block.dedupeKey).toMatch(new RegExp(`^seat_threshold:[0-9a-f-]+:seat:${FRONT_DESK}$`));
    const attempts = block.details.attempts as { caller: string; callee: string; sourceIp: string; at: string }[];
    expect(attempts).toHaveLength(16);
    expect(attempts[0]).toMatchObject({ caller: 'harb-142', callee: '+18765550100', sourceIp: '203.0.113.10' });
    const tk = await eventually(async () => {
      const found = await ticket(block.ticketId!);
      expect(found.state).toBe('restricted');
      return found;
    });
    expect(tk.restrictions).toEqual([expect.objectContaining({ kind: 'seat', value: FRONT_DESK, status: 'active' })]);
    const warning = (await events('seat_threshold')).find((e) => e.severity === 'warning');
    expect(warning).toMatchObject({ source: 'realtime', ticketId: block.ticketId });

    // Once the restriction row exists, the blocklist serves it from the database.
    const list = expectStatus(await t.api('GET', '/api/enforcement/blocklist', { headers: sw }), 200).body;
    expect(list.seats).toContainEqual({ account: 'HARB009', value: FRONT_DESK });

    // The switch's CDRs of the first 16 calls arrive later: the CDR detector's events join the same ticket.
    const lines = [HEADER];
    for (let i = 0; i < 16; i++) {
      const start = new Date(startedAt - (16 - i) * 60_000);
      const answer = new Date(start.getTime() + 2000).toISOString();
      const end = new Date(start.getTime() + 62_000).toISOString();
      lines.push(
        `rt-${i},${start.toISOString()},HARB009,203.0.113.10,harb-142,+16175550142,${CARIBBEAN[i % 3]},${answer},${end},62,60,ANSWERED,200,`,
      );
    }
    const imported = expectStatus(
      await t.api('POST', '/api/cdrs/import', {
        token: w.tech,
        raw: lines.join('\n') + '\n',
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    ).body;
    expect(imported).toMatchObject({ imported: 16 });
    const fromCdrs = (await events('seat_threshold')).filter((e) => e.source === 'detector');
    expect(fromCdrs.map((e) => e.severity).sort()).toEqual(['block', 'warning']);
    expect(fromCdrs.every((e) => e.ticketId === block.ticketId)).toBe(true);
    const tickets = expectStatus(
      await t.api('GET', `/api/tickets?customerId=${w.harbId}`, { token: w.admin }),
      200,
    ).body;
    expect(tickets.items.map((x: { id: string }) => x.id)).toEqual([block.ticketId]);
  });

  it("an engineer's approved threshold increase is the seat's live level at once: 20 Caribbean attempts pass", async () => {
    const WAREHOUSE = '6175550143@harborview.voip.example.net';
    const opened = expectStatus(
      await t.api('POST', '/api/events', {
        token: w.tech,
        body: {
          accountCode: 'HARB009',
          kind: 'seat_threshold',
          severity: 'warning',
          summary: 'The warehouse calls Kingston',
          dedupeKey: 'warehouse-kingston',
          occurredAt: new Date().toISOString(),
        },
      }),
      201,
    ).body;
    const filed = expectStatus(
      await t.api('POST', '/api/threshold-requests', {
        token: w.tech,
        body: {
          ticketId: opened.ticketId,
          scope: 'seat',
          targetId: WAREHOUSE,
          requested: { userCallThreshold: 25, userBlockThreshold: 30 },
          reason: 'Their Kingston call centre opened this week',
        },
      }),
      201,
    ).body;
    expectStatus(
      await t.api('POST', `/api/threshold-requests/${filed.id}/approve`, { token: w.engineer, body: {} }),
      200,
    );
    const answers = [];
    for (let i = 0; i < 20; i++) {
      answers.push(
        await authorize({
          accountCode: 'HARB009',
          sourceIp: '203.0.113.10',
          caller: 'harb-143',
          callee: CARIBBEAN[i % 3],
        }),
      );
    }
    // Without the approval the 16th would be denied and the seat intercepted (the defaults: 8 warn, 15 block).
    expect(answers.map((a) => a.decision)).toEqual(Array(20).fill('allow'));
  });
});
