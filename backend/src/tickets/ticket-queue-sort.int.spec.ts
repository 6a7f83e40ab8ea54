import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { QUEUE_SORTS, type QueueSort } from './queue-sorts.js';
import { CASE_STATES } from './ticket-machine.types.js';

interface Row {
  id: string;
  number: string;
  severity: string;
  state: string;
  waitsOn: string | null;
  customerName: string;
  ownerName: string | null;
  escalation: string;
  escalationLevel: number;
  exposure: { cost: number };
  firstCallAt: string | null;
  lastCallAt: string | null;
  openedAt: string;
}

const SEVERITY_RANK: Record<string, number> = { notify: 1, warning: 2, urgent: 3, block: 4 };
const ESCALATION_RANK: Record<string, number> = { idle: 0, engaged: 1, paging: 2 };
const WAITS_RANK = (w: string | null) => (w === 'noc' ? 0 : w === 'customer' ? 1 : 2);
const time = (s: string | null) => (s === null ? null : Date.parse(s));

/** The oracle: each sort's values in its ascending order (null: after every value, in both orders). */
const VALUES: Record<QueueSort, (r: Row) => (number | string | null)[]> = {
  severity: (r) => [SEVERITY_RANK[r.severity]],
  number: (r) => [Number(r.number.replace('FRD-', ''))],
  state: (r) => [CASE_STATES.indexOf(r.state as never)],
  waitsOn: (r) => [WAITS_RANK(r.waitsOn)],
  customer: (r) => [r.customerName],
  owner: (r) => [r.ownerName],
  escalation: (r) => [r.escalationLevel, ESCALATION_RANK[r.escalation]],
  exposure: (r) => [r.exposure.cost],
  firstCallAt: (r) => [time(r.firstCallAt)],
  lastCallAt: (r) => [time(r.lastCallAt)],
  age: (r) => [r.firstCallAt === null ? null : -time(r.firstCallAt)!],
  openedAt: (r) => [time(r.openedAt)],
};

function expectedOrder(rows: Row[], sort: QueueSort, order: 'asc' | 'desc'): string[] {
  const sign = order === 'desc' ? -1 : 1;
  const cmp = (a: Row, b: Row): number => {
    const va = VALUES[sort](a);
    const vb = VALUES[sort](b);
    for (let i = 0; i < va.length; i++) {
      const [x, y] = [va[i], vb[i]];
      if (x === y) continue;
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    }
    // Ties: the oldest case first, then the id.
    const opened = time(a.openedAt)! - time(b.openedAt)!;
    if (sort !== 'openedAt' && opened !== 0) return opened;
    return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  };
  return [...rows].sort(cmp).map((r) => r.id);
}

describe('the queue sorted on each column, paged by cursor (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let all: Row[];
  let harbIds: string[];

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    const me = await t.api('GET', '/api/auth/me', { token: w.tech });
    expect(me.status).toBe(200);

    // Nine cases over two customers: severities, states, owners, escalations, exposure and call times with
    // ties and nulls (three have no calls, two share an exposure and two an opening time).
    const severities = ['warning', 'urgent', 'notify', 'warning', 'urgent', 'warning', 'block', 'notify', 'warning'];
    const ids: string[] = [];
    for (const [i, severity] of severities.entries()) {
      const accountCode = i % 3 === 0 ? 'ACME01' : 'HARB009';
      const block = severity === 'block' ? { restrictions: [{ kind: 'destination', value: '+88216' }] } : {};
      ids.push(await openCase(t, w.tech, { severity, accountCode, ...block }));
    }
    const cost = [12.5, 300, 0, 12.5, 80, 7.25, 950, 0, 45];
    const day = (hhmm: string | null) => (hhmm === null ? null : `2025-05-14T${hhmm}:00Z`);
    const first = ['08:00', '06:00', null, '08:00', '00:15', '07:00', null, null, '07:00'].map(day);
    const last = ['09:00', '10:30', null, '09:30', '01:00', '07:40', null, null, '10:30'].map(day);
    for (const [i, id] of ids.entries()) {
      await t.db.query(
        `UPDATE tickets SET exposure_cost = $2, first_call_at = $3, last_call_at = $4,
                opened_at = timestamptz '2025-05-14T10:00:00Z' + $5 * interval '1 minute' + interval '123 microseconds'
          WHERE id = $1`,
        [id, cost[i], first[i], last[i], i === 4 ? 3 : i],
      );
    }
    await t.db.query(
      `UPDATE tickets SET escalation = 'paging',
              snapshot = jsonb_set(snapshot, '{context,escalationLevel}', to_jsonb($2::int)) WHERE id = $1`,
      [ids[1], 2],
    );
    await t.db.query(
      `UPDATE tickets SET escalation = 'engaged',
              snapshot = jsonb_set(snapshot, '{context,escalationLevel}', to_jsonb(2)) WHERE id = $1`,
      [ids[5]],
    );
    for (const [i, userId] of [
      [0, me.body.id],
      [3, me.body.id],
    ] as const) {
      const r = await t.api('POST', `/api/tickets/${ids[i]}/assign`, { token: w.tech, body: { userId } });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const dismissed = await act(t, w.tech, ids[8], 'DISMISS', { reason: 'Test traffic' });
    expect(dismissed.status, JSON.stringify(dismissed.body)).toBe(200);

    const r = await t.api('GET', '/api/tickets?limit=500', { token: w.tech });
    expect(r.status).toBe(200);
    all = r.body.items;
    expect(all).toHaveLength(9);
    harbIds = all.filter((x) => x.customerName.startsWith('Harbor')).map((x) => x.id);
    expect(all.find((x) => x.id === ids[6])).toMatchObject({ state: 'restricted', waitsOn: 'customer' });
    expect(all.find((x) => x.id === ids[8])).toMatchObject({ state: 'dismissed', waitsOn: null });
    expect(all.find((x) => x.id === ids[1])).toMatchObject({ escalation: 'paging', escalationLevel: 2 });
  });
  afterAll(() => t.close());

  /** Every page of the queue, `limit` at a time, following nextCursor. */
  async function walk(token: string, query: string, limit: number): Promise<string[]> {
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages++) {
      const url = `/api/tickets?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const r = await t.api('GET', url, { token });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      seen.push(...r.body.items.map((x: Row) => x.id));
      cursor = r.body.nextCursor;
      if (!cursor) return seen;
    }
    throw new Error('the cursor never ended');
  }

  it.each(QUEUE_SORTS.flatMap((sort) => (['asc', 'desc'] as const).map((order) => [sort, order] as const)))(
    'sort=%s&order=%s: the whole order, and the same order two at a time across pages',
    async (sort, order) => {
      const expected = expectedOrder(all, sort, order);
      expect(await walk(w.tech, `sort=${sort}&order=${order}`, 500)).toEqual(expected);
      expect(await walk(w.tech, `sort=${sort}&order=${order}`, 2)).toEqual(expected);
    },
  );

  it('without a sort: most severe first, then the oldest; with a sort and no order: ascending', async () => {
    expect(await walk(w.tech, '', 3)).toEqual(expectedOrder(all, 'severity', 'desc'));
    expect(await walk(w.tech, 'sort=exposure', 4)).toEqual(expectedOrder(all, 'exposure', 'asc'));
  });

  it('filters and sort together; a customer user stays within its own cases under every sort', async () => {
    const open = all.filter((r) => r.state !== 'dismissed');
    expect(await walk(w.tech, 'state=open&sort=lastCallAt&order=desc', 2)).toEqual(
      expectedOrder(open, 'lastCallAt', 'desc'),
    );
    const harb = all.filter((r) => harbIds.includes(r.id));
    for (const sort of ['exposure', 'firstCallAt', 'owner', 'customer'] as const) {
      expect(await walk(w.harbUser, `sort=${sort}&order=desc`, 2)).toEqual(expectedOrder(harb, sort, 'desc'));
    }
    // An Acme case id does not leak through a cursor built by hand either: the scope is in the query.
    const r = await t.api('GET', `/api/tickets?sort=exposure&customerId=${w.acmeId}`, { token: w.harbUser });
    expect(r.status).toBe(200);
    expect(r.body.items).toEqual([]);
  });

  it('refuses a bad sort, a bad order, and a cursor issued for another sort', async () => {
    expectError(await t.api('GET', '/api/tickets?sort=cost', { token: w.tech }), 400, 'validation_failed', /sort/);
    expectError(
      await t.api('GET', '/api/tickets?sort=age&order=up', { token: w.tech }),
      400,
      'validation_failed',
      /order/,
    );
    const first = await t.api('GET', '/api/tickets?sort=exposure&limit=2', { token: w.tech });
    expect(first.status).toBe(200);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    expectError(
      await t.api('GET', `/api/tickets?sort=owner&limit=2&cursor=${first.body.nextCursor}`, { token: w.tech }),
      400,
      'cursor_invalid',
    );
    expectError(
      await t.api('GET', `/api/tickets?sort=exposure&order=desc&limit=2&cursor=${first.body.nextCursor}`, {
        token: w.tech,
      }),
      400,
      'cursor_invalid',
    );
  });

  it('the CSV export is the view: the same filters and the same order, with the new columns', async () => {
    const r = await t.api('GET', '/api/tickets/export.csv?sort=exposure&order=desc&state=open', { token: w.tech });
    expect(r.status).toBe(200);
    const lines = (r.body as string).trim().split(/\r?\n/);
    expect(lines[0]).toBe(
      'number,severity,state,customer,account_code,title,waits_on,owner,escalation,escalation_level,' +
        'exposure_calls,exposure_minutes,exposure_cost,first_call_at,last_call_at,opened_at,updated_at,closed_at',
    );
    const open = all.filter((x) => x.state !== 'dismissed');
    const numbers = expectedOrder(open, 'exposure', 'desc').map((id) => all.find((x) => x.id === id)!.number);
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(numbers);
    expect(lines[1]).toContain(',customer,');

    const asCustomer = await t.api('GET', '/api/tickets/export.csv?sort=firstCallAt', { token: w.harbUser });
    expect(asCustomer.status).toBe(200);
    const customerLines = (asCustomer.body as string).trim().split(/\r?\n/);
    expect(customerLines[0]).not.toContain('owner');
    const harb = all.filter((x) => harbIds.includes(x.id));
    expect(customerLines.slice(1).map((l) => l.split(',')[0])).toEqual(
      expectedOrder(harb, 'firstCallAt', 'asc').map((id) => all.find((x) => x.id === id)!.number),
    );
  });
});
