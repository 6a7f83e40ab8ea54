import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, postEvent } from '../../test/cases.js';
import { insertCdrs } from '../../test/cdrs.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const FRONT_DESK = '6175550142@harborview.voip.example.net';

describe('detected events and the case service (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const ticket = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  describe('POST /api/events validation', () => {
    it('rejects bad events with 400 naming the field, and opens nothing', async () => {
      const cases: [Record<string, unknown>, string, string][] = [
        [{ accountCode: undefined }, 'customerId or accountCode is required', 'detected_event_customer_unknown'],
        [{ accountCode: 'NOPE' }, 'accountCode NOPE is not', 'detected_event_customer_unknown'],
        [{ accountCode: undefined, customerId: 'not-a-uuid' }, 'customerId must be a UUID', 'validation_failed'],
        [
          { customerId: '00000000-0000-4000-8000-000000000000', accountCode: undefined },
          'is not a customer',
          'detected_event_customer_unknown',
        ],
        [{ kind: 'fraudish' }, 'kind must be one of', 'validation_failed'],
        [{ severity: 'critical' }, 'severity must be one of', 'validation_failed'],
        [{ summary: '' }, 'summary', 'validation_failed'],
        [{ occurredAt: 'yesterday' }, 'occurredAt must be an ISO-8601', 'validation_failed'],
        [
          { restrictions: [{ kind: 'ip', value: '203.0.113.300' }] },
          'restrictions.0.value "203.0.113.300" is not an IP',
          'restriction_value_invalid',
        ],
        [
          { restrictions: [{ kind: 'destination', value: '+0123' }] },
          'restrictions.0.value "+0123" is not an E.164',
          'restriction_value_invalid',
        ],
        [
          { restrictions: [{ kind: 'destination', value: '53' }] },
          'restrictions.0.value "53" is not an E.164',
          'restriction_value_invalid',
        ],
        [
          { restrictions: [{ kind: 'seat', value: 'ghost@example.net' }] },
          'restrictions.0.value "ghost@example.net" is not a seat',
          'restriction_value_invalid',
        ],
        [
          { restrictions: [{ kind: 'group', value: 'ACME01-MAIN' }] },
          'restrictions.0.value "ACME01-MAIN" is not a group',
          'restriction_value_invalid',
        ],
        [
          { restrictions: [{ kind: 'account', value: 'ACME01' }] },
          "is not this customer's account code",
          'restriction_value_invalid',
        ],
        [
          { restrictions: [{ kind: 'ipset', value: '1.2.3.4' }] },
          'restrictions.0.kind must be one of',
          'validation_failed',
        ],
        [{ evidence: { cdrIds: ['12a'] } }, 'evidence.cdrIds', 'validation_failed'],
        [{ evidence: { to: '2025-05-14T10:00:00Z' } }, 'evidence.from is required', 'detected_event_evidence_invalid'],
        [
          { evidence: { from: '2025-05-14T11:00:00Z', to: '2025-05-14T10:00:00Z' } },
          'evidence.from must not be after',
          'detected_event_evidence_invalid',
        ],
        [{ surprise: true }, 'property surprise should not exist', 'validation_failed'],
      ];
      const before = (await t.db.query(`SELECT count(*)::int AS n FROM tickets`)).rows[0].n;
      for (const [body, message, code] of cases) {
        const r = await postEvent(t, w.tech, body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(JSON.stringify(r.body.message), JSON.stringify(body)).toContain(JSON.stringify(message).slice(1, -1));
        expect(r.body.code, JSON.stringify(body)).toBe(code);
      }
      expect((await t.db.query(`SELECT count(*)::int AS n FROM tickets`)).rows[0].n).toBe(before);
    });

    it('is open to technicians and admins only', async () => {
      for (const token of [w.engineer, w.manager, w.harbUser]) {
        expectError(await postEvent(t, token), 403, 'role_forbidden');
      }
      expect((await postEvent(t, w.admin, { dedupeKey: 'by-admin' })).status).toBe(201);
    });
  });

  describe('ingest', () => {
    it('opens a ticket, then attaches events with the same dedupe key and raises the severity', async () => {
      const first = await postEvent(t, w.tech, { dedupeKey: 'cuba-prefix', severity: 'notify' });
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ id: expect.any(String), ticketId: expect.any(String), kind: 'threshold' });
      const second = expectStatus(await postEvent(t, w.tech, { dedupeKey: 'cuba-prefix', severity: 'urgent' }), 201);
      const third = expectStatus(await postEvent(t, w.tech, { dedupeKey: 'cuba-prefix', severity: 'warning' }), 201);
      expect(second.body.ticketId).toBe(first.body.ticketId);
      expect(third.body.ticketId).toBe(first.body.ticketId);
      expect(await ticket(first.body.ticketId)).toMatchObject({ severity: 'urgent', eventCount: 3, state: 'detected' });
      const other = expectStatus(await postEvent(t, w.tech, { dedupeKey: 'jamaica-prefix' }), 201);
      expect(other.body.ticketId).not.toBe(first.body.ticketId);
      const otherCustomer = expectStatus(
        await postEvent(t, w.tech, { dedupeKey: 'cuba-prefix', accountCode: 'ACME01' }),
        201,
      );
      expect(otherCustomer.body.ticketId).not.toBe(first.body.ticketId);
    });

    it("links evidence CDRs (by id or time range, the customer's own only) and computes exposure", async () => {
      const seatId = w.seats[FRONT_DESK];
      const ids = await insertCdrs(t.db, [
        {
          customerId: w.harbId,
          seatId,
          calledNumber: '+5352001',
          startedAt: '2025-05-14T12:00:00Z',
          billsec: 90,
          country: 'CU',
          cost: 1.8,
        },
        {
          customerId: w.harbId,
          seatId,
          calledNumber: '+5352002',
          startedAt: '2025-05-14T12:10:00Z',
          billsec: 30,
          country: 'CU',
          cost: 0.6,
        },
        {
          customerId: w.harbId,
          calledNumber: '+18765550000',
          startedAt: '2025-05-14T12:20:00Z',
          billsec: 0,
          country: 'JM',
          cost: 0,
        },
        {
          customerId: w.harbId,
          calledNumber: '+5352003',
          startedAt: '2025-05-14T23:59:00Z',
          billsec: 60,
          country: 'CU',
          cost: 1.2,
        },
        {
          customerId: w.acmeId,
          calledNumber: '+5352004',
          startedAt: '2025-05-14T12:15:00Z',
          billsec: 600,
          country: 'CU',
          cost: 12,
        },
      ]);
      const byIds = expectStatus(
        await postEvent(t, w.tech, { dedupeKey: 'evidence', evidence: { cdrIds: [ids[0], Number(ids[1]), ids[4]] } }),
        201,
      );
      expect((await ticket(byIds.body.ticketId)).exposure).toEqual({ calls: 2, minutes: 2, cost: 2.4 });

      const byRange = expectStatus(
        await postEvent(t, w.tech, {
          dedupeKey: 'evidence',
          evidence: { from: '2025-05-14T12:00:00Z', to: '2025-05-14T12:30:00Z' },
        }),
        201,
      );
      expect(byRange.body.ticketId).toBe(byIds.body.ticketId);
      const tk = await ticket(byIds.body.ticketId);
      expect(tk.exposure).toEqual({ calls: 3, minutes: 2, cost: 2.4 });
      expect(tk.evidenceWindow.from).toBe('2025-05-14T12:00:00.000Z');
      // The client summary names the seat that placed the calls and summarises them.
      expect(tk.clientSummary).toContain('Front desk, DID +16175550142, extension 142');
      expect(tk.clientSummary).toContain('Calls: 3 calls, 2.0 minutes, $2.40');
      expect(tk.clientSummary).toMatch(/Destinations: Cuba \(\+53\) 2 calls \(2\.0 min\), Jamaica \(\+1\) 1 call/);

      // Named CDRs with their range (as detectors send them): only those calls join, not the range's others.
      const named = expectStatus(
        await postEvent(t, w.tech, {
          dedupeKey: 'evidence-named',
          evidence: { cdrIds: [ids[0]], from: '2025-05-14T12:00:00Z', to: '2025-05-14T12:30:00Z' },
        }),
        201,
      );
      expect((await ticket(named.body.ticketId)).exposure.calls).toBe(1);
    });

    it('a block event with restrictions restricts at once as the system actor, once per restriction', async () => {
      const block = {
        dedupeKey: 'blocked-group',
        severity: 'block',
        restrictions: [{ kind: 'group', value: 'harb009-boston' }],
      };
      const first = expectStatus(await postEvent(t, w.tech, block), 201);
      let tk = await ticket(first.body.ticketId);
      expect(tk).toMatchObject({ state: 'restricted', version: 2, severity: 'block' });
      expect(tk.restrictions).toEqual([
        expect.objectContaining({ kind: 'group', value: 'HARB009-BOSTON', status: 'active' }),
      ]);
      // Enterprise = the group named by the event.
      expect(tk.clientSummary.split('\n')[0]).toMatch(/^Potential Fraudulent Calls – Boston office – /);
      expect(tk.clientSummary).toContain('Warehouse, DID +16175550143, extension 143');

      const again = expectStatus(await postEvent(t, w.tech, block), 201);
      expect(again.body.ticketId).toBe(first.body.ticketId);
      tk = await ticket(first.body.ticketId);
      expect(tk).toMatchObject({ version: 2, eventCount: 2 });
      expect(tk.restrictions).toHaveLength(1);

      const more = await postEvent(t, w.tech, {
        ...block,
        restrictions: [...block.restrictions, { kind: 'ip', value: '198.51.100.7' }],
      });
      expectStatus(more, 201);
      tk = await ticket(first.body.ticketId);
      expect(tk).toMatchObject({ version: 3, eventCount: 3 });
      expect(tk.restrictions.map((r: any) => r.value)).toEqual(['HARB009-BOSTON', '198.51.100.7/32']);

      const warn = await postEvent(t, w.tech, {
        dedupeKey: 'warning-only',
        severity: 'warning',
        restrictions: [{ kind: 'destination', value: '+53' }],
      });
      expectStatus(warn, 201);
      expect(await ticket(warn.body.ticketId)).toMatchObject({ state: 'detected', restrictions: [] });
    });

    it('an event naming a seat titles the summary with the seat’s group', async () => {
      const r = await postEvent(t, w.tech, {
        dedupeKey: 'seat-named',
        kind: 'seat_threshold',
        restrictions: [{ kind: 'seat', value: FRONT_DESK.toUpperCase() }],
      });
      expectStatus(r, 201);
      const tk = await ticket(r.body.ticketId);
      expect(tk.clientSummary.split('\n')[0]).toMatch(/^Potential Fraudulent Calls – Boston office – /);
      expect(r.body.restrictions).toEqual([{ kind: 'seat', value: FRONT_DESK }]);
    });
  });

  describe('GET /api/events', () => {
    it('filters by customer, kind and time, pages, and confines customers to their own (without details)', async () => {
      const listed = { dedupeKey: 'listed', kind: 'new_destination', details: { country: 'CU' } };
      expectStatus(await postEvent(t, w.tech, listed), 201);
      expectStatus(
        await postEvent(t, w.tech, { dedupeKey: 'listed-acme', accountCode: 'ACME01', kind: 'new_destination' }),
        201,
      );

      const staff = await t.api('GET', '/api/events?kind=new_destination', { token: w.manager });
      expectStatus(staff, 200);
      expect(staff.body.items).toHaveLength(2);
      expect(staff.body.items[0]).toMatchObject({ kind: 'new_destination', ticketId: expect.any(String) });

      const harb = await t.api('GET', `/api/events?kind=new_destination&customerId=${w.harbId}`, { token: w.tech });
      expectStatus(harb, 200);
      expect(harb.body.items).toHaveLength(1);
      expect(harb.body.items[0].details).toEqual({ country: 'CU' });

      const own = await t.api('GET', '/api/events?kind=new_destination', { token: w.harbUser });
      expectStatus(own, 200);
      expect(own.body.items).toHaveLength(1);
      expect(own.body.items[0].customerId).toBe(w.harbId);
      expect(own.body.items[0]).not.toHaveProperty('details');
      const sneaky = await t.api('GET', `/api/events?customerId=${w.acmeId}`, { token: w.harbUser });
      expectStatus(sneaky, 200);
      expect(sneaky.body.items).toEqual([]);

      const future = await t.api('GET', '/api/events?since=2999-01-01T00:00:00Z', { token: w.tech });
      expectStatus(future, 200);
      expect(future.body.items).toEqual([]);

      const seen = new Set<string>();
      let cursor: string | null = null;
      do {
        const page: any = await t.api('GET', `/api/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`, {
          token: w.tech,
        });
        expectStatus(page, 200);
        page.body.items.forEach((e: any) => seen.add(e.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      const total = (await t.db.query(`SELECT count(*)::int AS n FROM detected_events`)).rows[0].n;
      expect(seen.size).toBe(total);
      expectError(await t.api('GET', '/api/events?kind=bogus', { token: w.tech }), 400, 'validation_failed');
    });
  });
});
