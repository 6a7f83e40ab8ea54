import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { TicketBulkService } from './ticket-bulk.service.js';

describe(TicketBulkService.name, () => {
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

  const bulk = (token: string, body: unknown) => t.api('POST', '/api/tickets/bulk', { token, body });
  const ticket = async (id: string) => {
    const r = await t.api('GET', `/api/tickets/${id}`, { token: w.tech });
    expect(r.status).toBe(200);
    return r.body;
  };

  it('dismisses each case through the lifecycle; a closed one is refused and the others still close', async () => {
    const [a, b, c] = [await openCase(t, w.tech), await openCase(t, w.tech), await openCase(t, w.tech)];
    const closed = await act(t, w.tech, b, 'DISMISS', { reason: 'Closed before' });
    expect(closed.status).toBe(200);
    const unknown = '00000000-0000-4000-8000-000000000000';

    const r = await bulk(w.tech, { ids: [a, b, c, unknown, a], action: 'dismiss', reason: 'Test calls from the lab' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ done: 2, refused: 2 });
    expect(r.body.results).toEqual([
      { id: a, number: expect.stringMatching(/^FRD-\d+$/), ok: true, code: null, message: null },
      {
        id: b,
        number: expect.stringMatching(/^FRD-\d+$/),
        ok: false,
        code: 'event_not_allowed',
        message: expect.any(String),
      },
      { id: c, number: expect.any(String), ok: true, code: null, message: null },
      { id: unknown, number: null, ok: false, code: 'ticket_not_found', message: expect.any(String) },
    ]);
    for (const id of [a, c]) {
      const tk = await ticket(id);
      expect(tk.state).toBe('dismissed');
      const tl = await t.api('GET', `/api/tickets/${id}/timeline`, { token: w.tech });
      expect(JSON.stringify(tl.body.items)).toContain('Test calls from the lab');
    }
  });

  it('assigns many cases to one owner, and releases them', async () => {
    const cases = [await openCase(t, w.tech), await openCase(t, w.tech)];
    const r = await bulk(w.tech, { ids: cases, action: 'assign', userId: ids.engineer });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ done: 2, refused: 0 });
    for (const id of cases)
      expect(await ticket(id)).toMatchObject({ ownerId: ids.engineer, ownerName: 'engineer user' });

    const released = await bulk(w.admin, { ids: cases, action: 'assign', userId: null });
    expect(released.body).toMatchObject({ done: 2, refused: 0 });
    for (const id of cases) expect((await ticket(id)).ownerId).toBeNull();

    // An owner who cannot work cases is refused per case, with the single request's code.
    const refused = await bulk(w.tech, { ids: cases, action: 'assign', userId: ids.harbUser });
    expect(refused.body.refused).toBe(2);
    expect(refused.body.results.map((x: { code: string }) => x.code)).toEqual([
      'ticket_owner_invalid',
      'ticket_owner_invalid',
    ]);
  });

  it('refuses bad input naming the field, too many ids, and roles other than technician and admin', async () => {
    const id = await openCase(t, w.tech);
    expectError(await bulk(w.tech, { ids: [], action: 'dismiss', reason: 'x' }), 400, 'validation_failed', /ids/);
    expectError(await bulk(w.tech, { ids: ['nope'], action: 'dismiss', reason: 'x' }), 400, 'validation_failed', /ids/);
    const many = Array.from({ length: 101 }, () => id);
    expectError(await bulk(w.tech, { ids: many, action: 'dismiss', reason: 'x' }), 400, 'validation_failed', /ids/);
    expectError(await bulk(w.tech, { ids: [id], action: 'restrict' }), 400, 'validation_failed', /action/);
    expectError(await bulk(w.tech, { ids: [id], action: 'dismiss' }), 400, 'validation_failed', /reason/);
    expectError(await bulk(w.tech, { ids: [id], action: 'assign' }), 400, 'validation_failed', /userId/);
    expectError(await bulk(w.engineer, { ids: [id], action: 'dismiss', reason: 'x' }), 403, 'role_forbidden');
    expectError(await bulk(w.harbUser, { ids: [id], action: 'dismiss', reason: 'x' }), 403, 'role_forbidden');
    expect((await ticket(id)).state).toBe('detected');
  });

  it('lists the colleagues a case can be given to, for the NOC only, and gives cases to one of them', async () => {
    const listed = await t.api('GET', '/api/users/assignable', { token: w.tech });
    expect(listed.status).toBe(200);
    const names = listed.body.items.map((u: { id: string; role: string }) => [u.id, u.role]);
    expect(names).toContainEqual([ids.tech, 'technician']);
    expect(names).toContainEqual([ids.engineer, 'engineer']);
    expect(listed.body.items.every((u: { role: string }) => ['technician', 'engineer', 'admin'].includes(u.role))).toBe(
      true,
    );
    expect(listed.body.items.some((u: { id: string }) => u.id === ids.harbUser)).toBe(false);
    expectError(await t.api('GET', '/api/users/assignable', { token: w.harbUser }), 403, 'role_forbidden');
    // The admin's own user list stays the admin's.
    expectError(await t.api('GET', '/api/users', { token: w.tech }), 403, 'role_forbidden');

    const cases = [await openCase(t, w.tech), await openCase(t, w.tech)];
    const r = await bulk(w.tech, { ids: cases, action: 'assign', userId: ids.engineer });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ done: 2, refused: 0 });
    for (const id of cases) expect((await ticket(id)).ownerId).toBe(ids.engineer);
  });
});
