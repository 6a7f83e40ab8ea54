import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

/** A block case the customer reviewed as legitimate and the NOC confirmed: the next step is lifting. */
async function readyToLift(t: TestApp, w: CaseWorld): Promise<string> {
  const id = await openCase(t, w.tech, {
    severity: 'block',
    restrictions: [{ kind: 'seat', value: '6175550142@harborview.voip.example.net' }],
  });
  expectStatus(
    await act(t, w.harbUser, id, 'CUSTOMER_REVIEW', { verdict: 'legitimate', message: 'ours', acceptCharges: true }),
    200,
  );
  expectStatus(await act(t, w.tech, id, 'CONFIRM_CHARGES_ACCEPTED'), 200);
  return id;
}

describe('lifting with unticked checklist items (real PostgreSQL)', () => {
  describe('LIFT_REQUIRES_CHECKLIST=true', () => {
    let t: TestApp;
    let w: CaseWorld;
    beforeAll(async () => {
      t = await createTestApp({ LIFT_REQUIRES_CHECKLIST: 'true' });
      w = await caseWorld(t);
    });
    afterAll(() => t?.close());

    it('refuses the lift with a code naming the unticked items, and lifts once they are ticked', async () => {
      const id = await readyToLift(t, w);
      const refused = expectError(await act(t, w.tech, id, 'LIFT_RESTRICTIONS'), 409, 'ticket_checklist_incomplete');
      const { checklist, state, restrictions } = expectStatus(
        await t.api('GET', `/api/tickets/${id}`, { token: w.tech }),
        200,
      ).body;
      expect(refused.body.unticked).toEqual(checklist.map((i: { item: string }) => i.item));
      expect(refused.body.message).toContain(checklist[0].item);
      expect(state).toBe('charges_accepted');
      expect(restrictions[0].status).toBe('active');

      for (const item of checklist) {
        expectStatus(
          await t.api('PATCH', `/api/tickets/${id}/checklist/${item.id}`, {
            token: w.tech,
            body: { checked: true, finding: 'seen' },
          }),
          200,
        );
      }
      const lifted = expectStatus(await act(t, w.tech, id, 'LIFT_RESTRICTIONS'), 200).body;
      expect(lifted.state).toBe('restrictions_lifted');
    });

    it('a lift that is not allowed now still says so, not the checklist', async () => {
      const id = await openCase(t, w.tech);
      expectError(await act(t, w.tech, id, 'LIFT_RESTRICTIONS'), 409, 'event_not_allowed');
    });
  });

  describe('LIFT_REQUIRES_CHECKLIST unset (the web app asks instead)', () => {
    let t: TestApp;
    let w: CaseWorld;
    beforeAll(async () => {
      t = await createTestApp();
      w = await caseWorld(t);
    });
    afterAll(() => t?.close());

    it('lifts with the checklist unticked', async () => {
      const id = await readyToLift(t, w);
      expect(expectStatus(await act(t, w.tech, id, 'LIFT_RESTRICTIONS'), 200).body.state).toBe('restrictions_lifted');
    });
  });
});
