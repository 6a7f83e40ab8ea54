import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../../test/expect-status.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

describe('rate deck upload (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp();
    admin = await t.login(ADMIN.email, ADMIN.password);
  });
  afterAll(() => t.close());

  it('keeps a multi-byte character whole when the upload splits it across two chunks', async () => {
    const bytes = Buffer.from('+225,Côte d’Ivoire mobile,0.31\n+371,Latvija,0.05\n', 'utf8');
    const cut = bytes.indexOf(Buffer.from('ô')) + 1; // between the two bytes of "ô"
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(bytes.subarray(0, cut));
        await new Promise((r) => setTimeout(r, 50));
        controller.enqueue(bytes.subarray(cut));
        controller.close();
      },
    });
    const res = await fetch(`${t.baseUrl}/api/rate-deck`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(res.status, await res.clone().text()).toBe(201);
    const deck = expectStatus(await t.api('GET', '/api/rate-deck', { token: admin }), 200).body.items;
    expect(deck.map((d: { prefix: string; description: string }) => [d.prefix, d.description])).toEqual(
      expect.arrayContaining([
        ['225', 'Côte d’Ivoire mobile'],
        ['371', 'Latvija'],
      ]),
    );
  });
});
