import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { SAVED_FILTER_LIMIT, SavedFiltersService } from './saved-filters.service.js';

describe(SavedFiltersService.name, () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  const save = (token: string, body: unknown) => t.api('POST', '/api/tickets/filters', { token, body });
  const list = async (token: string) => {
    const r = await t.api('GET', '/api/tickets/filters', { token });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.items as { id: string; name: string; filter: Record<string, string> }[];
  };

  it('a technician saves the queue filter under a name and picks it again; it applies to the queue as saved', async () => {
    const filter = {
      state: 'open',
      owner: 'me',
      customerId: w.harbId,
      q: 'cuba',
      severity: 'urgent',
      sort: 'exposure',
      order: 'desc',
    };
    const created = await save(w.tech, { name: ' Harbor urgent ', filter });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ name: 'Harbor urgent', filter });

    const mine = await list(w.tech);
    expect(mine).toEqual([expect.objectContaining({ id: created.body.id, name: 'Harbor urgent', filter })]);

    // Its fields are the queue's own query: the queue takes them back as they are.
    const query = new URLSearchParams(mine[0].filter).toString();
    const queue = await t.api('GET', `/api/tickets?${query}`, { token: w.tech });
    expect(queue.status, JSON.stringify(queue.body)).toBe(200);
  });

  it('saving under a name already used replaces that filter (200); empty fields are left out', async () => {
    const first = await save(w.tech, { name: 'Mine', filter: { owner: 'me' } });
    expect(first.status).toBe(201);
    const again = await save(w.tech, { name: 'Mine', filter: { owner: 'me', sort: 'age', order: 'desc', q: '' } });
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ id: first.body.id, filter: { owner: 'me', sort: 'age', order: 'desc' } });
    expect(again.body.filter).not.toHaveProperty('q');
    expect((await list(w.tech)).filter((f) => f.name === 'Mine')).toHaveLength(1);
  });

  it("a user never sees, nor deletes, another's filters", async () => {
    const theirs = await save(w.admin, { name: 'Admin view', filter: { state: 'closed' } });
    expect(theirs.status).toBe(201);
    expect((await list(w.tech)).map((f) => f.name)).not.toContain('Admin view');
    expect((await list(w.admin)).map((f) => f.name)).toEqual(['Admin view']);
    expectError(
      await t.api('DELETE', `/api/tickets/filters/${theirs.body.id}`, { token: w.tech }),
      404,
      'saved_filter_not_found',
    );
    expect((await list(w.admin)).map((f) => f.name)).toEqual(['Admin view']);

    const deleted = await t.api('DELETE', `/api/tickets/filters/${theirs.body.id}`, { token: w.admin });
    expect(deleted.status).toBe(204);
    expect(await list(w.admin)).toEqual([]);
  });

  it('refuses bad input naming the field, customers, and more than the limit', async () => {
    expectError(await save(w.tech, { name: '', filter: {} }), 400, 'validation_failed', /name/);
    expectError(await save(w.tech, { name: '   ', filter: {} }), 400, 'validation_failed', /name/);
    expectError(await save(w.tech, { name: 'x' }), 400, 'validation_failed', /filter/);
    expectError(await save(w.tech, { name: 'x', filter: { sort: 'cost' } }), 400, 'validation_failed', /sort/);
    expectError(await save(w.tech, { name: 'x', filter: { limit: 5 } }), 400, 'validation_failed', /limit/);
    expectError(await save(w.tech, { name: 'x', filter: 'open' }), 400, 'validation_failed', /filter/);
    expectError(await t.api('DELETE', '/api/tickets/filters/not-a-uuid', { token: w.tech }), 400, 'validation_failed');
    expectError(await save(w.harbUser, { name: 'x', filter: {} }), 403, 'role_forbidden');

    for (let i = (await list(w.manager)).length; i < SAVED_FILTER_LIMIT; i++) {
      expect((await save(w.manager, { name: `view ${i}`, filter: { q: `${i}` } })).status).toBe(201);
    }
    expectError(await save(w.manager, { name: 'one more', filter: {} }), 400, 'saved_filter_limit', /name/);
    // Replacing one of them is still allowed.
    expect((await save(w.manager, { name: 'view 3', filter: { q: 'three' } })).status).toBe(200);
  });
});
