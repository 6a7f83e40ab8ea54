import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('case owners: take, assign, release (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    for (const who of ['tech', 'engineer', 'harbUser'] as const) {
      const me = await t.api('GET', '/api/auth/me', { token: w[who] });
      expect(me.status).toBe(200);
      ids[who] = me.body.id;
    }
  });
  afterAll(() => t.close());

  const assign = (token: string, ticketId: string, userId: unknown) =>
    t.api('POST', `/api/tickets/${ticketId}/assign`, { token, body: { userId } });
  const queue = async (token: string, owner: string) => {
    const r = await t.api('GET', `/api/tickets?state=open&owner=${owner}&limit=200`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as { id: string; ownerId: string | null; ownerName: string | null }[];
  };
  const timelineTypes = async (token: string, ticketId: string) => {
    const r = await t.api('GET', `/api/tickets/${ticketId}/timeline?limit=200`, { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return (r.body.items as { type: string; payload: Record<string, unknown> }[]).map((e) => e.type);
  };

  it('a technician takes a case: the queue shows the owner, "My cases" lists it, the timeline says so', async () => {
    const id = await openCase(t, w.tech);
    expect((await queue(w.tech, 'none')).map((c) => c.id)).toContain(id);

    const taken = await assign(w.tech, id, ids.tech);
    expect(taken.status, JSON.stringify(taken.body)).toBe(200);
    expect(taken.body).toMatchObject({ id, ownerId: ids.tech, ownerName: 'tech user' });
    expect(taken.body.acknowledgedAt).not.toBeNull();

    const mine = await queue(w.tech, 'me');
    expect(mine.find((c) => c.id === id)).toMatchObject({ ownerId: ids.tech, ownerName: 'tech user' });
    expect((await queue(w.tech, 'none')).map((c) => c.id)).not.toContain(id);
    expect((await queue(w.tech, ids.tech)).map((c) => c.id)).toContain(id);

    // Taking it again changes nothing and writes nothing.
    expect((await assign(w.tech, id, ids.tech)).status).toBe(200);
    expect((await timelineTypes(w.tech, id)).filter((x) => x === 'assigned')).toHaveLength(1);
  });

  it('a case passes to an engineer and is released; the customer never sees who works it', async () => {
    const id = await openCase(t, w.tech);
    const toEngineer = await assign(w.admin, id, ids.engineer);
    expect(toEngineer.status, JSON.stringify(toEngineer.body)).toBe(200);
    expect(toEngineer.body.ownerId).toBe(ids.engineer);

    const asCustomer = await t.api('GET', `/api/tickets/${id}`, { token: w.harbUser });
    expect(asCustomer.status).toBe(200);
    expect(asCustomer.body).toMatchObject({ ownerId: null, ownerName: null });
    expect(await timelineTypes(w.harbUser, id)).not.toContain('assigned');

    const released = await assign(w.tech, id, null);
    expect(released.status, JSON.stringify(released.body)).toBe(200);
    expect(released.body).toMatchObject({ ownerId: null, ownerName: null });
    expect(await timelineTypes(w.tech, id)).toEqual(expect.arrayContaining(['assigned', 'released']));
    expect((await queue(w.tech, 'none')).map((c) => c.id)).toContain(id);
  });

  it('refuses an owner who cannot work the case, and callers who may not assign', async () => {
    const id = await openCase(t, w.tech);
    expectError(await assign(w.tech, id, ids.harbUser), 400, 'ticket_owner_invalid', /userId/);
    expectError(await assign(w.tech, id, '00000000-0000-4000-8000-000000000000'), 400, 'ticket_owner_invalid');
    expectError(await assign(w.tech, id, 'me'), 400, 'validation_failed', /userId/);
    expectError(
      await t.api('POST', `/api/tickets/${id}/assign`, { token: w.tech, body: {} }),
      400,
      'validation_failed',
      /userId/,
    );
    expect((await assign(w.harbUser, id, ids.harbUser)).status).toBe(403);
    expect((await assign(w.engineer, id, ids.engineer)).status).toBe(403);
    // Nothing was written by the refused calls.
    const now = await t.api('GET', `/api/tickets/${id}`, { token: w.tech });
    expect(now.status).toBe(200);
    expect(now.body.ownerId).toBeNull();
    expect(await timelineTypes(w.tech, id)).not.toContain('assigned');
  });

  it('the owner filter is validated', async () => {
    expectError(
      await t.api('GET', '/api/tickets?owner=everyone', { token: w.tech }),
      400,
      'validation_failed',
      /owner/,
    );
  });

  it('exports the queue as filtered to CSV: the NOC sees owners, a customer only its own cases and no owners', async () => {
    const id = await openCase(t, w.tech, { summary: '=HYPERLINK("http://evil.example") calls to Cuba' });
    expect((await assign(w.tech, id, ids.tech)).status).toBe(200);
    const mine = await fetch(`${t.baseUrl}/api/tickets/export.csv?owner=me`, {
      headers: { authorization: `Bearer ${w.tech}` },
    });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(mine.headers.get('content-disposition')).toMatch(/attachment; filename="?tickets-\d{4}-\d{2}-\d{2}\.csv"?/);
    const lines = (await mine.text()).trim().split('\r\n');
    expect(lines[0]).toBe(
      'number,severity,state,customer,account_code,title,waits_on,owner,escalation,escalation_level,' +
        'exposure_calls,exposure_minutes,exposure_cost,first_call_at,last_call_at,opened_at,updated_at,closed_at',
    );
    const row = lines.find((l) => l.includes('HYPERLINK'))!;
    // A title from outside never reaches a spreadsheet as a formula.
    expect(row).toContain(`"'=HYPERLINK(""http://evil.example"") calls to Cuba"`);
    expect(row).toContain(',tech user,');
    expect(lines.length - 1).toBe((await queue(w.tech, 'me')).length);

    const asCustomer = await fetch(`${t.baseUrl}/api/tickets/export.csv?state=open`, {
      headers: { authorization: `Bearer ${w.acmeUser}` },
    });
    expect(asCustomer.status).toBe(200);
    const customerLines = (await asCustomer.text()).trim().split('\r\n');
    expect(customerLines[0]).not.toContain('owner');
    expect(customerLines.slice(1).every((l) => l.includes(',ACME01,'))).toBe(true);
    expect(customerLines.join('\n')).not.toContain('HYPERLINK');
  });
});
