import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('search takes the words literally (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let withPercent: string;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    withPercent = await openCase(t, w.tech, { summary: 'Spend at 140% of the daily cap' });
    await openCase(t, w.tech, { summary: 'Calls to Cuba above the block threshold', dedupeKey: 'cuba_burst' });
  });
  afterAll(() => t.close());

  const queue = async (q: string) =>
    expectStatus(await t.api('GET', `/api/tickets?q=${encodeURIComponent(q)}`, { token: w.tech }), 200).body.items as {
      id: string;
      title: string;
    }[];

  it('a % or _ in the queue search matches that character, not any text', async () => {
    expect((await queue('%')).map((r) => r.id)).toEqual([withPercent]);
    expect((await queue('0% of')).map((r) => r.id)).toEqual([withPercent]);
    // An unescaped _ would match the space in "Cuba above".
    expect((await queue('Cuba_above')).map((r) => r.id)).toEqual([]);
    expect((await queue('a_bur')).map((r) => r.title)).toEqual(['Calls to Cuba above the block threshold']);
  });

  it('a % in the customer search matches no customer whose name has none', async () => {
    const list = expectStatus(await t.api('GET', '/api/customers?q=%25', { token: w.tech }), 200).body.items;
    expect(list).toEqual([]);
  });
});
