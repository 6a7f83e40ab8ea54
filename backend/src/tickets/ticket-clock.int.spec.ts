import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';

const HOUR = 3_600_000;

describe('case work takes its times from the one clock (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  // An hour ahead of the database, so a time taken from the wrong source shows.
  const clock = new ManualClock(new Date(Date.now() + HOUR));

  beforeAll(async () => {
    t = await createTestApp({}, { clock });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  const ticket = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
  const timeline = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}/timeline`, { token: w.tech }), 200).body.items as {
      type: string;
      at: string;
    }[];

  it('a note, a checklist tick, a summary edit and a transition are stamped with the clock', async () => {
    const id = await openCase(t, w.tech);
    const noteAt = clock.now();
    const note = { body: 'Called the customer', visibility: 'internal' };
    expectStatus(await t.api('POST', `/api/tickets/${id}/notes`, { token: w.tech, body: note }), 201);

    const tickAt = clock.advance(60_000);
    const item = (await ticket(id)).checklist[0];
    const tick = { checked: true, finding: 'International dialling was on' };
    const ticked = expectStatus(
      await t.api('PATCH', `/api/tickets/${id}/checklist/${item.id}`, { token: w.tech, body: tick }),
      200,
    ).body;
    expect(new Date(ticked.checkedAt)).toEqual(tickAt);

    const summaryAt = clock.advance(60_000);
    expectStatus(
      await t.api('PATCH', `/api/tickets/${id}/client-summary`, { token: w.tech, body: { clientSummary: 'Edited' } }),
      200,
    );
    const restrictAt = clock.advance(60_000);
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+53' }] }), 200);

    const at = Object.fromEntries((await timeline(id)).map((e) => [e.type, new Date(e.at).getTime()]));
    expect(at).toMatchObject({
      note: noteAt.getTime(),
      checklist: tickAt.getTime(),
      client_summary_edited: summaryAt.getTime(),
      RESTRICT: restrictAt.getTime(),
    });
    // The first NOC action (the note) ends time-to-acknowledge: about an hour after the database opened it.
    const sla = (await ticket(id)).sla;
    expect(sla.acknowledgeSeconds).toBeGreaterThan(3590);
    expect(sla.acknowledgeSeconds).toBeLessThan(3660);
  });
});
