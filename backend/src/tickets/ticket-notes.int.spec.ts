import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('ticket notes under concurrency (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('a customer posting while a technician writes internal notes gets back its own note, never the internal one', async () => {
    const id = await openCase(t, w.tech);
    const note = (token: string, body: string, visibility: 'customer' | 'internal') =>
      t.api('POST', `/api/tickets/${id}/notes`, { token, body: { body, visibility } });
    const pairs = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        Promise.all([
          note(w.harbUser, `customer question ${i}`, 'customer'),
          note(w.tech, `INTERNAL reseller suspected ${i}`, 'internal'),
        ]),
      ),
    );
    pairs.forEach(([customer, internal], i) => {
      expect(customer.status, JSON.stringify(customer.body)).toBe(201);
      expect(internal.status, JSON.stringify(internal.body)).toBe(201);
      expect(customer.body).toMatchObject({
        type: 'note',
        visibility: 'customer',
        payload: { body: `customer question ${i}` },
      });
      expect(JSON.stringify(customer.body)).not.toContain('INTERNAL');
      expect(internal.body).toMatchObject({
        visibility: 'internal',
        payload: { body: `INTERNAL reseller suspected ${i}` },
      });
    });
    // Each answer is its own row: 100 distinct timeline ids.
    expect(new Set(pairs.flat().map((r) => r.body.id)).size).toBe(100);
  });
});
