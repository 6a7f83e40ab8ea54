import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
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

  it('finds a case by the IP, seat, number or country its events and restrictions name', async () => {
    const id = await openCase(t, w.tech, {
      summary: 'Burst of premium calls',
      details: { ips: ['198.51.100.77'], seats: ['6175550142@harborview.voip.example.net'], countries: ['LV'] },
      restrictions: [{ kind: 'destination', value: '+37181' }],
    });
    for (const q of ['198.51.100.77', '6175550142@harborview', '+37181', 'latvia', 'Latv']) {
      expect(
        (await queue(q)).map((r) => r.id),
        q,
      ).toContain(id);
    }
    expect((await queue('Lithuania')).map((r) => r.id)).not.toContain(id);
    // A restriction a technician placed, named by no event.
    const other = await openCase(t, w.tech, { summary: 'Odd traffic' });
    const restricted = await act(t, w.tech, other, 'RESTRICT', {
      restrictions: [{ kind: 'ip', value: '203.0.113.99', reason: 'named in the carrier alert' }],
    });
    expect(restricted.status, JSON.stringify(restricted.body)).toBe(200);
    expect((await queue('203.0.113.99')).map((r) => r.id)).toEqual([other]);
    // A customer user searches only its own cases, with the same words.
    const asAcme = expectStatus(
      await t.api('GET', `/api/tickets?q=${encodeURIComponent('198.51.100.77')}`, { token: w.acmeUser }),
      200,
    ).body.items;
    expect(asAcme).toEqual([]);
  });

  it('a % in the customer search matches no customer whose name has none', async () => {
    const list = expectStatus(await t.api('GET', '/api/customers?q=%25', { token: w.tech }), 200).body.items;
    expect(list).toEqual([]);
  });
});
