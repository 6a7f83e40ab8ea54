import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ticketsNamingQuery } from './event-rows.js';

const SEAT = '6175550142@harborview.voip.example.net';
const IP = '192.0.2.199';

describe('ticket observables (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const ids: Record<string, string> = {};
  const numbers: Record<string, string> = {};

  const observables = (token: string, id: string) => t.api('GET', `/api/tickets/${id}/observables`, { token });

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    const cases: [string, Record<string, unknown>][] = [
      ['older', { accountCode: 'HARB009', details: { ip: IP } }],
      ['acme', { accountCode: 'ACME01', details: { sourceIp: IP, countries: ['CU'] } }],
      ['unrelated', { accountCode: 'HARB009', details: { ips: ['198.51.100.5'], countries: ['LV'] } }],
      [
        'main',
        {
          accountCode: 'HARB009',
          details: {
            ruleName: 'International burst',
            warn: 10,
            block: 20,
            windowMinutes: 5,
            per: 'calls',
            seats: [SEAT],
            ips: [IP],
            destinations: ['+5321550101'],
            countries: ['CU'],
          },
        },
      ],
    ];
    for (const [name, body] of cases) {
      ids[name] = await openCase(t, w.tech, body);
      numbers[name] = expectStatus(await t.api('GET', `/api/tickets/${ids[name]}`, { token: w.tech }), 200).body.number;
    }
  });
  afterAll(() => t?.close());

  it("names what the events name, by the names people use, and links each to the other cases (any customer's)", async () => {
    const { items } = expectStatus(await observables(w.tech, ids.main), 200).body;
    const shown = items.map((o: { kind: string; label: string; otherTickets: { number: string }[] }) => [
      o.kind,
      o.label,
      o.otherTickets.map((x) => x.number),
    ]);
    expect(shown).toEqual([
      ['seat', `Front desk (${SEAT})`, []],
      ['ip', IP, [numbers.acme, numbers.older]],
      ['destination', '+5321550101 (Cuba)', []],
      ['country', 'Cuba', [numbers.acme]],
    ]);
    const ip = items.find((o: { kind: string }) => o.kind === 'ip');
    expect(ip.otherTickets[0]).toMatchObject({ customerName: 'Acme Dental', accountCode: 'ACME01', state: 'detected' });
    expect(ip.moreTickets).toBe(false);
  });

  it('a rule and its thresholds, and a carrier reference, are observables too', async () => {
    // A detector's event carries its rule id (POST /api/events takes none), and mail intake the carrier's reference.
    const rule = '6f1d6f1e-2f0a-4a53-9d0e-8c1b1f0c0a01';
    await t.db.query(`UPDATE detected_events SET rule_id = $1 WHERE ticket_id = ANY($2::uuid[])`, [
      rule,
      [ids.main, ids.unrelated],
    ]);
    await t.db.query(`UPDATE tickets SET external_refs = '{CARRIER-4711}' WHERE id = ANY($1::uuid[])`, [
      [ids.main, ids.older],
    ]);
    const { items } = expectStatus(await observables(w.engineer, ids.main), 200).body;
    const byKind = (kind: string) => items.find((o: { kind: string }) => o.kind === kind);
    expect(byKind('rule').label).toBe('‘International burst’: warns at 10, blocks at 20 calls in 5 min');
    expect(byKind('rule').otherTickets.map((x: { number: string }) => x.number)).toEqual([numbers.unrelated]);
    expect(byKind('carrier_ref')).toMatchObject({ value: 'CARRIER-4711', label: 'CARRIER-4711' });
    expect(byKind('carrier_ref').otherTickets.map((x: { number: string }) => x.number)).toEqual([numbers.older]);
  });

  it("suggests where the restrict dialog starts: the events' restrictions, else the seat, the IP, the calling code", async () => {
    const suggested = async (id: string) => expectStatus(await observables(w.tech, id), 200).body.suggestedRestrictions;
    expect(await suggested(ids.main)).toEqual([{ kind: 'seat', value: SEAT }]);
    expect(await suggested(ids.older)).toEqual([{ kind: 'ip', value: IP }]);
    const cuba = await openCase(t, w.tech, { details: { destinations: ['+5321550101'] } });
    expect(await suggested(cuba)).toEqual([{ kind: 'destination', value: '+53' }]);
    const named = await openCase(t, w.tech, {
      severity: 'warning',
      details: { seats: [SEAT] },
      restrictions: [{ kind: 'destination', value: '+5321' }],
    });
    expect(await suggested(named)).toEqual([{ kind: 'destination', value: '+5321' }]);
    expect(await suggested(ids.unrelated)).toEqual([{ kind: 'ip', value: '198.51.100.5' }]);
  });

  it('is the NOC’s: customers get 403 (their own case too), and a missing case is 404', async () => {
    expect((await observables(w.harbUser, ids.main)).status).toBe(403);
    expect((await observables(w.acmeUser, ids.acme)).status).toBe(403);
    const missing = await observables(w.tech, '00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('ticket_not_found');
  });

  it('the cross-case lookup is answered by the details index, not by reading every event', async () => {
    const client = await t.db.connect();
    try {
      // 20,000 more events (rolled back), so the plan is the one a real NOC's table gets.
      await client.query('BEGIN');
      await client.query(
        `INSERT INTO detected_events (customer_id, ticket_id, kind, severity, dedupe_key, summary, details, occurred_at)
         SELECT customer_id, id, 'threshold', 'warning', 'bulk', 'bulk',
                jsonb_build_object('ips', jsonb_build_array('10.0.' || (i / 250) || '.' || (i % 250))), now()
           FROM tickets, generate_series(1, 20000) AS i WHERE id = $1`,
        [ids.unrelated],
      );
      await client.query('ANALYZE detected_events');
      const { text, params } = ticketsNamingQuery({
        tags: [`ip:${IP}`, 'ip:10.0.3.7', 'country:CU', `seat:${SEAT}`],
        exceptTicketId: ids.main,
        perValue: 11,
      });
      const plan = await client.query(`EXPLAIN ${text}`, params);
      expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toContain('Bitmap Index Scan on idx_event_observables');
    } finally {
      await client.query('ROLLBACK');
      client.release();
    }
  });
});
