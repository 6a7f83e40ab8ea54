import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { CARIBBEAN_SEAT, FRAUD_SOURCE_IP } from './demo-data.js';
import { seedDemo, type SeedReport } from './seed-demo.js';

const HOUR = 3_600_000;

describe('seed:demo (real PostgreSQL)', () => {
  let t: TestApp;
  // One clock for both runs: an hour boundary between them would (rightly) add that hour's traffic.
  const now = new Date(Math.floor(Date.now() / HOUR) * HOUR + 17 * 60_000);
  let first: SeedReport;

  const counts = async () =>
    (
      await t.db.query(`SELECT
        (SELECT count(*) FROM tickets)::int AS tickets,
        (SELECT count(*) FROM ticket_timeline)::int AS timeline,
        (SELECT count(*) FROM detected_events)::int AS events,
        (SELECT count(*) FROM restrictions)::int AS restrictions,
        (SELECT count(*) FROM ticket_checklist_items WHERE checked)::int AS checked,
        (SELECT count(*) FROM outbox)::int AS outbox,
        (SELECT count(*) FROM cdrs)::int AS cdrs,
        (SELECT count(*) FROM cdr_imports)::int AS imports,
        (SELECT coalesce(sum(calls), 0)::int FROM usage_hourly WHERE dim = 'customer') AS rolled_up,
        (SELECT count(*) FROM users)::int AS users,
        (SELECT count(*) FROM customers)::int AS customers`)
    ).rows[0];

  beforeAll(async () => {
    t = await createTestApp();
    first = await seedDemo(t.app, { now });
  });
  afterAll(() => t.close());

  it('loads customers, users, a week of traffic and four cases in their states', async () => {
    expect(first.customers.created).toBe(5);
    expect(first.usersCreated).toHaveLength(6);
    expect(first.cdrs.generated).toBeGreaterThan(3000);
    expect(first.cdrs).toMatchObject({ imported: first.cdrs.generated, duplicates: 0 });
    expect(Date.parse(first.cdrs.to)).toBe(Math.floor(now.getTime() / HOUR) * HOUR);
    expect(first.ticketsOpened).toEqual(['FRD-000001', 'FRD-000002', 'FRD-000003', 'FRD-000004']);
    expect(first.cases.map((c) => [c.number, c.accountCode, c.state])).toEqual([
      ['FRD-000001', 'ACME01', 'restrictions_lifted'],
      ['FRD-000002', 'BRCC07', 'detected'],
      ['FRD-000003', 'HARB009', 'restricted'],
      ['FRD-000004', 'HARB009', 'restricted'],
    ]);
    expect(first.ticketsByState).toEqual({ detected: 1, restricted: 2, restrictions_lifted: 1 });

    const { rows: restrictions } = await t.db.query(
      `SELECT t.number::int AS n, r.kind, r.value, r.status, r.created_by_name AS by FROM restrictions r
         JOIN tickets t ON t.id = r.ticket_id ORDER BY t.number, r.seq`,
    );
    expect(restrictions).toEqual([
      { n: 1, kind: 'destination', value: '+52', status: 'lifted', by: 'Terry Okoye' },
      { n: 3, kind: 'ip', value: `${FRAUD_SOURCE_IP}/32`, status: 'active', by: 'Terry Okoye' },
      { n: 3, kind: 'destination', value: '+371', status: 'active', by: 'Terry Okoye' },
      { n: 4, kind: 'seat', value: CARIBBEAN_SEAT, status: 'active', by: 'Tollgate fraud detection' },
    ]);

    // Evidence: every case links its burst, and only its burst.
    const { rows: evidence } = await t.db.query(
      `SELECT t.number::int AS n, t.exposure_calls AS calls, array_agg(DISTINCT split_part(c.call_id, '-', 2)) AS bursts
         FROM tickets t JOIN ticket_cdrs tc ON tc.ticket_id = t.id JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
        GROUP BY t.number, t.exposure_calls ORDER BY t.number`,
    );
    expect(evidence).toEqual([
      { n: 1, calls: 22, bursts: ['mexico'] },
      { n: 2, calls: 164, bursts: ['failed'] },
      { n: 3, calls: 136, bursts: ['premium'] },
      { n: 4, calls: 74, bursts: ['caribbean'] },
    ]);

    // The lifted case went the whole way, by the technician and the customer, with a note and a tick.
    const { rows: steps } = await t.db.query(
      `SELECT type, actor_name AS by FROM ticket_timeline WHERE ticket_id = (SELECT id FROM tickets WHERE number = 1) ORDER BY id`,
    );
    expect(steps.map((s: { type: string }) => s.type)).toEqual([
      'opened',
      'detected_event',
      'checklist',
      'note',
      'RESTRICT',
      'CUSTOMER_REVIEW',
      'note',
      'CONFIRM_CHARGES_ACCEPTED',
      'LIFT_RESTRICTIONS',
    ]);
    expect(steps.find((s: { type: string }) => s.type === 'CUSTOMER_REVIEW').by).toBe('Lee Park');

    // The restricted front-desk seat places no calls after its burst.
    const { rows: after } = await t.db.query(
      `SELECT count(*)::int AS n FROM cdrs WHERE sip_user = 'harb-0142' AND call_id NOT LIKE 'demo-caribbean-%'
          AND started_at > (SELECT min(started_at) FROM cdrs WHERE call_id LIKE 'demo-caribbean-%')`,
    );
    expect(after[0].n).toBe(0);
  });

  it('changes nothing when run again', async () => {
    const before = await counts();
    const again = await seedDemo(t.app, { now });
    expect(again.customers).toEqual({ created: 0, updated: 0, unchanged: 5 });
    expect(again.usersCreated).toEqual([]);
    expect(again.cdrs).toMatchObject({ generated: first.cdrs.generated, imported: 0, importId: null });
    expect(again.ticketsOpened).toEqual([]);
    expect(again.actions).toBe(0);
    expect(again.cases).toEqual(first.cases);
    expect(await counts()).toEqual(before);
  });

  it('a day later tops up the new hours and leaves bursts and cases where they were', async () => {
    const before = await counts();
    const later = await seedDemo(t.app, { now: new Date(now.getTime() + 24 * HOUR) });
    expect(later.cdrs.imported).toBeGreaterThan(0);
    expect(later.cdrs.imported + later.cdrs.duplicates).toBe(later.cdrs.generated);
    expect(later.ticketsOpened).toEqual([]);
    expect(later.actions).toBe(0);
    expect(later.cases).toEqual(first.cases);
    const after = await counts();
    expect(after.cdrs - before.cdrs).toBe(later.cdrs.imported);
    expect(after.rolled_up - before.rolled_up).toBe(later.cdrs.imported);
    expect({ ...after, cdrs: 0, rolled_up: 0, imports: 0 }).toEqual({ ...before, cdrs: 0, rolled_up: 0, imports: 0 });
  });
});
