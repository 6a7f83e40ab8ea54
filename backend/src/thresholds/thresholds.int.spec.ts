import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { twoCustomers } from '../../test/fixtures.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { HEADER } from '../../test/cdrs.js';

const FRONT_DESK = '6175550142@harborview.voip.example.net';
const WAREHOUSE = '6175550143@harborview.voip.example.net';
const LOADING_DOCK = '6175550144@harborview.voip.example.net';
const RECEPTION = '3125550111@acme.example.net';
const T0 = Date.parse('2025-08-05T03:00:00Z');
const CARIBBEAN = ['+18765550100', '+18095550100', '+12425550100'];

/** `count` answered calls to the Caribbean from the SIP user, every 90 s from `startMin`. */
function caribbeanCalls(prefix: string, user: string, startMin: number, count: number): string {
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    const start = new Date(T0 + startMin * 60_000 + i * 90_000);
    const answer = new Date(start.getTime() + 2000).toISOString();
    const end = new Date(start.getTime() + 62_000).toISOString();
    lines.push(
      `${prefix}-${i},${start.toISOString()},HARB009,203.0.113.10,${user},+16175550142,${CARIBBEAN[i % 3]},${answer},${end},62,60,ANSWERED,200,`,
    );
  }
  return lines.join('\n') + '\n';
}

interface Ev {
  severity: string;
  summary: string;
  ticketId: string;
  details: { seat: string | null };
}

describe('threshold-increase requests (real PostgreSQL, real CDR imports)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let ticketId: string;

  const importCsv = async (body: string) =>
    expectStatus(
      await t.api('POST', '/api/cdrs/import', { token: w.tech, raw: body, headers: { 'content-type': 'text/csv' } }),
      201,
    ).body;
  const seatEvents = async (seat: string): Promise<Ev[]> =>
    expectStatus(
      await t.api('GET', `/api/events?customerId=${w.harbId}&kind=seat_threshold&limit=200`, { token: w.admin }),
      200,
    ).body.items.filter((e: Ev) => e.details.seat === seat);
  const file = (body: Record<string, unknown>, token = w.tech) =>
    t.api('POST', '/api/threshold-requests', {
      token,
      body: { ticketId, reason: 'Their Kingston call centre opened this week', ...body },
    });

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    // The front desk crosses the Caribbean seat block (15 per hour): a ticket, the seat intercepted.
    expect(await importCsv(caribbeanCalls('day1', 'harb-142', 0, 16))).toMatchObject({ imported: 16 });
    const [block] = (await seatEvents(FRONT_DESK)).filter((e) => e.severity === 'block');
    ticketId = block.ticketId;
  });
  afterAll(() => t.close());

  it('a seat request: filed with the levels in force, approved by an engineer only, once', async () => {
    const filed = expectStatus(
      await file({ scope: 'seat', targetId: FRONT_DESK, requested: { userCallThreshold: 30, userBlockThreshold: 40 } }),
      201,
    ).body;
    expect(filed).toMatchObject({
      status: 'pending',
      scope: 'seat',
      targetId: FRONT_DESK,
      // The seeded Caribbean rule's defaults.
      current: { userCallThreshold: 8, userBlockThreshold: 15, groupCallThreshold: 50, groupBlockThreshold: 100 },
      requested: { userCallThreshold: 30, userBlockThreshold: 40 },
      appliedTo: [],
      requestedBy: 'tech user',
    });

    for (const token of [w.tech, w.manager, w.admin]) {
      const refused = await t.api('POST', `/api/threshold-requests/${filed.id}/approve`, { token, body: {} });
      expectStatus(refused, 403);
    }
    const approved = expectStatus(
      await t.api('POST', `/api/threshold-requests/${filed.id}/approve`, {
        token: w.engineer,
        body: { comment: 'Confirmed with the account manager' },
      }),
      200,
    ).body;
    expect(approved).toMatchObject({ status: 'approved', appliedTo: [FRONT_DESK], decidedBy: 'engineer user' });
    expect(approved.decisionComment).toBe('Confirmed with the account manager');

    const again = await t.api('POST', `/api/threshold-requests/${filed.id}/reject`, { token: w.engineer, body: {} });
    expectStatus(again, 409);
    expect(again.body.code).toBe('threshold_request_already_decided');
    expect(again.body.message).toContain('already approved');

    const timeline = expectStatus(await t.api('GET', `/api/tickets/${ticketId}/timeline`, { token: w.tech }), 200).body;
    expect(timeline.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['threshold_requested', 'threshold_approved']),
    );
  });

  it('the seat detector uses the approved levels on the next import', async () => {
    // A day later, 35 calls in under an hour from the front desk: above the new 30 warning, below the new 40 block.
    await importCsv(caribbeanCalls('day2', 'harb-142', 24 * 60, 35));
    const day2 = (await seatEvents(FRONT_DESK)).filter((e) => e.summary.includes('user threshold 30 warn / 40 block'));
    expect(day2.map((e) => e.severity)).toEqual(['warning']);
    expect(day2[0].summary).toMatch(/^30 calls to the Caribbean/);
  });

  it('a group request applies to the seats in the group at that moment; a seat added later keeps the defaults', async () => {
    const filed = expectStatus(
      await file({
        scope: 'group',
        targetId: 'HARB009-BOSTON',
        requested: { userCallThreshold: 30, userBlockThreshold: 40, groupBlockThreshold: 400, groupCallThreshold: 300 },
      }),
      201,
    ).body;
    const approved = expectStatus(
      await t.api('POST', `/api/threshold-requests/${filed.id}/approve`, { token: w.engineer, body: {} }),
      200,
    ).body;
    expect(approved.appliedTo).toEqual([FRONT_DESK, WAREHOUSE]);

    // A loading-dock seat joins the Boston group afterwards.
    const customers = twoCustomers();
    customers.customers[0].groups[0].seats.push({
      userId: LOADING_DOCK,
      sipUsername: 'harb-144',
      name: 'Loading dock',
      did: '+16175550144',
      extension: '144',
    });
    expectStatus(await t.api('POST', '/api/customers/import', { token: w.admin, body: customers }), 200);
    const fetched = expectStatus(await t.api('GET', `/api/threshold-requests/${filed.id}`, { token: w.manager }), 200);
    expect(fetched.body).toMatchObject({ status: 'approved', appliedTo: [FRONT_DESK, WAREHOUSE] });

    // Two days later, 16 calls each from the warehouse and the loading dock.
    await importCsv(caribbeanCalls('day3-wh', 'harb-143', 2 * 24 * 60, 16));
    await importCsv(caribbeanCalls('day3-ld', 'harb-144', 2 * 24 * 60, 16));
    expect(await seatEvents(WAREHOUSE)).toEqual([]);
    const dock = await seatEvents(LOADING_DOCK);
    expect(dock.map((e) => e.severity).sort()).toEqual(['block', 'warning']);
    expect(dock[0].summary).toContain('user threshold 8 warn / 15 block');
  });

  it('refuses a seat of another customer, group levels on a seat, an empty request and an unknown request', async () => {
    const foreign = await file({ scope: 'seat', targetId: RECEPTION, requested: { userBlockThreshold: 40 } });
    expectStatus(foreign, 400);
    expect(foreign.body).toMatchObject({ code: 'threshold_target_unknown' });
    expect(foreign.body.message).toContain(RECEPTION);

    const groupOnSeat = await file({ scope: 'seat', targetId: FRONT_DESK, requested: { groupBlockThreshold: 400 } });
    expectStatus(groupOnSeat, 400);
    expect(groupOnSeat.body.code).toBe('threshold_request_invalid');

    const empty = await file({ scope: 'seat', targetId: FRONT_DESK, requested: {} });
    expectStatus(empty, 400);
    expect(empty.body.message).toContain('requested must name at least one threshold');

    const inverted = await file({ scope: 'seat', targetId: FRONT_DESK, requested: { userCallThreshold: 50 } });
    expectStatus(inverted, 400);
    expect(inverted.body.message).toContain('userCallThreshold (50) must be below userBlockThreshold');

    const zero = await file({ scope: 'seat', targetId: FRONT_DESK, requested: { userBlockThreshold: 0 } });
    expectStatus(zero, 400);
    expect(JSON.stringify(zero.body.message)).toContain('userBlockThreshold must be at least 1');

    expectStatus(
      await file({ scope: 'seat', targetId: FRONT_DESK, requested: { userBlockThreshold: 40 } }, w.engineer),
      403,
    );
    const missing = await t.api('GET', '/api/threshold-requests/00000000-0000-4000-8000-000000000000', {
      token: w.tech,
    });
    expectStatus(missing, 404);
    expect(missing.body.code).toBe('threshold_request_not_found');
  });
});
