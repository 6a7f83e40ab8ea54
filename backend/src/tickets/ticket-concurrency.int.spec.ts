import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, openCase, postEvent } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('ticket concurrency (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const timelineCount = async (id: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ticket_timeline WHERE ticket_id = $1`, [id])).rows[0].n;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('50 parallel events at one version: exactly one 200, 49 × 409, one new timeline entry', async () => {
    const id = await openCase(t, w.tech);
    const before = await timelineCount(id);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        t.api('POST', `/api/tickets/${id}/events`, {
          token: w.tech,
          body: { type: 'RESTRICT', version: 1, restrictions: [{ kind: 'destination', value: `+8820${i}` }] },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.body.message).toBe('stale version, current is 2');
      expect(r.body.allowedEvents).toContain('RESTRICT');
    }
    expect(await timelineCount(id)).toBe(before + 1);
    const { rows } = await t.db.query(`SELECT version, state FROM tickets WHERE id = $1`, [id]);
    expect(rows[0]).toEqual({ version: 2, state: 'restricted' });
    const restrictions = await t.db.query(`SELECT count(*)::int AS n FROM restrictions WHERE ticket_id = $1`, [id]);
    expect(restrictions.rows[0].n).toBe(1);
  });

  it('no lost update: 10 technicians each add a restriction, retrying on 409 until theirs lands', async () => {
    const id = await openCase(t, w.tech);
    const before = await timelineCount(id);
    const worker = async (i: number) => {
      for (let attempt = 0; ; attempt++) {
        const now = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200);
        const r = await t.api('POST', `/api/tickets/${id}/events`, {
          token: w.tech,
          body: {
            type: 'RESTRICT',
            version: now.body.version,
            restrictions: [{ kind: 'destination', value: `+2399${String(i).padStart(2, '0')}` }],
          },
        });
        if (r.status === 200) return attempt;
        expect(r.status).toBe(409);
        expect(r.body.code).toBe('ticket_stale_version');
      }
    };
    const attempts = await Promise.all(Array.from({ length: 10 }, (_, i) => worker(i)));
    expect(attempts.some((a) => a > 0)).toBe(true); // they really did collide

    const ticket = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
    expect(ticket.version).toBe(11);
    expect(ticket.restrictions.filter((r: any) => r.status === 'active')).toHaveLength(10);
    expect(await timelineCount(id)).toBe(before + 10);
    const { rows } = await t.db.query(
      `SELECT snapshot->'context'->>'activeRestrictions' AS n FROM tickets WHERE id = $1`,
      [id],
    );
    expect(Number(rows[0].n)).toBe(10);
    // The chain of versions has no gaps and no repeats: one RESTRICT per version step.
    const steps = await t.db.query(
      `SELECT count(*)::int AS n FROM ticket_timeline WHERE ticket_id = $1 AND type = 'RESTRICT'`,
      [id],
    );
    expect(steps.rows[0].n).toBe(10);
  });

  it('two simultaneous events with one dedupe key open exactly one ticket', async () => {
    for (const n of [2, 10]) {
      const dedupeKey = `race-${n}-${Date.now()}`;
      const results = await Promise.all(Array.from({ length: n }, () => postEvent(t, w.tech, { dedupeKey })));
      expect(results.map((r) => r.status)).toEqual(Array(n).fill(201));
      expect(new Set(results.map((r) => r.body.ticketId)).size).toBe(1);
      const { rows } = await t.db.query(
        `SELECT count(*)::int AS tickets, max(event_count) AS events FROM tickets WHERE dedupe_key = $1`,
        [dedupeKey],
      );
      expect(rows[0]).toEqual({ tickets: 1, events: n });
    }
  });
});
