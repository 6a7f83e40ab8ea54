import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, eventually, openCase } from '../../test/cases.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

interface StreamEvent {
  event: string;
  data: { ticketId?: string; customerId?: string; created?: boolean; severity?: string; internal?: boolean };
}

/** Reads `GET /api/tickets/stream` as a browser's EventSource would, collecting its events. */
async function openStream(t: TestApp, token: string) {
  const abort = new AbortController();
  const res = await fetch(`${t.baseUrl}/api/tickets/stream`, {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal: abort.signal,
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
  const events: StreamEvent[] = [];
  const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const frame = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const field = (name: string) =>
            frame
              .split('\n')
              .filter((l) => l.startsWith(`${name}:`))
              .map((l) => l.slice(name.length + 1).trim())
              .join('\n');
          if (field('data')) events.push({ event: field('event') || 'message', data: JSON.parse(field('data')) });
        }
      }
    } catch {
      // aborted
    }
  })();
  return { events, close: () => abort.abort() };
}

describe('the live queue stream (real PostgreSQL notifications)', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('a technician hears of a new case and of its changes, as they commit', async () => {
    const stream = await openStream(t, w.tech);
    try {
      const id = await openCase(t, w.tech, { severity: 'block' });
      await eventually(() =>
        expect(stream.events).toContainEqual({
          event: 'ticket',
          data: expect.objectContaining({ ticketId: id, customerId: w.harbId, created: true, severity: 'block' }),
        }),
      );
      const note = await t.api('POST', `/api/tickets/${id}/notes`, {
        token: w.tech,
        body: { body: 'called the PBX owner', visibility: 'internal' },
      });
      expect(note.status).toBe(201);
      await eventually(() =>
        expect(stream.events).toContainEqual({
          event: 'ticket',
          data: expect.objectContaining({ ticketId: id, created: false, internal: true }),
        }),
      );
    } finally {
      stream.close();
    }
  });

  it("a customer user hears only of its own cases' changes it may see", async () => {
    const harb = await openStream(t, w.harbUser);
    try {
      const acmeCase = await openCase(t, w.tech, { accountCode: 'ACME01' });
      const harbCase = await openCase(t, w.tech);
      const internal = await t.api('POST', `/api/tickets/${harbCase}/notes`, {
        token: w.tech,
        body: { body: 'INTERNAL: reseller suspected', visibility: 'internal' },
      });
      expect(internal.status).toBe(201);
      const visible = await t.api('POST', `/api/tickets/${harbCase}/notes`, {
        token: w.tech,
        body: { body: 'We blocked the calls to Cuba', visibility: 'customer' },
      });
      expect(visible.status).toBe(201);
      // Notifications arrive in commit order: once the visible note's has arrived, every earlier one has too.
      await eventually(() =>
        expect(harb.events.filter((e) => e.data.ticketId === harbCase && !e.data.created).length).toBeGreaterThan(0),
      );
      const seen = harb.events.filter((e) => e.event === 'ticket');
      expect(seen.map((e) => e.data.ticketId)).not.toContain(acmeCase);
      expect(seen.every((e) => e.data.customerId === w.harbId && e.data.internal === false)).toBe(true);
      expect(seen).toContainEqual({
        event: 'ticket',
        data: expect.objectContaining({ ticketId: harbCase, created: true }),
      });
    } finally {
      harb.close();
    }
  });

  it('a stream needs a signed-in caller', async () => {
    const res = await fetch(`${t.baseUrl}/api/tickets/stream`);
    expect(res.status).toBe(401);
  });
});
