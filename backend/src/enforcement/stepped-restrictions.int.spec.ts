import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, eventually, openCase } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';
import { Scheduler } from '../scheduler/scheduler.js';

const SWITCH_TOKEN = 'switch-token-for-steps';
const HOUR = 3_600_000;

describe('stepped and expiring restrictions: destination classes, expiresAt restored by a timer (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const clock = new ManualClock(new Date());
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const call = { accountCode: 'HARB009', sourceIp: '203.0.113.10', caller: 'harb-142' };
  const authorize = async (callee: string) =>
    expectStatus(await t.api('POST', '/api/enforcement/authorize', { headers: sw, body: { ...call, callee } }), 200)
      .body;
  const blocklist = async (query = '') =>
    expectStatus(await t.api('GET', `/api/enforcement/blocklist${query}`, { headers: sw }), 200).body;
  const ticket = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
  const runTimers = () => t.app.get(Scheduler).runDue();

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN, TIMER_SWEEP_MS: '0' }, { clock });
    w = await caseWorld(t);
    await runTimers();
  });
  afterAll(() => t.close());

  it('a NANP-only dial plan for 12 hours: international and Caribbean calls refused, then restored by the timer; a permanent step stays', async () => {
    const id = await openCase(t, w.tech);
    const in12h = new Date(clock.now().getTime() + 12 * HOUR).toISOString();
    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', {
        restrictions: [
          { kind: 'destination_class', value: 'international', expiresAt: in12h },
          { kind: 'destination_class', value: 'caribbean', expiresAt: in12h },
          { kind: 'destination', value: '+882', expiresAt: in12h },
        ],
      }),
      200,
    );
    const tk = await ticket(id);
    expect(tk.restrictions).toEqual([
      expect.objectContaining({
        kind: 'destination_class',
        value: 'international',
        expiresAt: in12h,
        status: 'active',
      }),
      expect.objectContaining({ kind: 'destination_class', value: 'caribbean', expiresAt: in12h, status: 'active' }),
      expect.objectContaining({ kind: 'destination', value: '+882', expiresAt: in12h, status: 'active' }),
    ]);
    await eventually(async () => expect((await authorize('011 44 20 7946 0000')).decision).toBe('deny'));
    const denied = await authorize('011 44 20 7946 0000');
    expect(denied.restriction).toEqual({
      kind: 'destination_class',
      value: 'international',
      source: tk.number,
      expiresAt: in12h,
    });
    expect((await authorize('+18765550100')).decision).toBe('deny');
    expect((await authorize('+16175550199')).decision).toBe('allow');
    expect((await authorize('911')).emergency).toBe(true);
    expect((await blocklist()).destinationClasses).toEqual([
      { account: 'HARB009', value: 'caribbean', expiresAt: in12h },
      { account: 'HARB009', value: 'international', expiresAt: in12h },
    ]);
    expect(await blocklist('?format=text&kind=destination_class')).toBe(
      `HARB009 caribbean expires=${in12h}\nHARB009 international expires=${in12h}\n`,
    );

    // A technician keeps the Caribbean step for good: placing it again without expiresAt makes it permanent.
    const before = (await blocklist()).version;
    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination_class', value: 'caribbean' }] }),
      200,
    );
    expect((await ticket(id)).restrictions[1]).toMatchObject({ value: 'caribbean', expiresAt: null });
    await eventually(async () => expect((await blocklist()).version).toBeGreaterThan(before));

    // Not yet due.
    clock.advance(12 * HOUR - 60_000);
    await runTimers();
    expect((await authorize('011 44 20 7946 0000')).decision).toBe('deny');

    clock.advance(120_000);
    await runTimers();
    await eventually(async () => expect((await authorize('011 44 20 7946 0000')).decision).toBe('allow'));
    expect((await authorize('+88213000000')).decision).toBe('allow');
    expect((await authorize('+18765550100')).decision).toBe('deny');
    const after = await ticket(id);
    expect(after.restrictions.map((r: { value: string; status: string }) => `${r.value} ${r.status}`)).toEqual([
      'international lifted',
      'caribbean active',
      '+882 lifted',
    ]);
    expect(after.restrictions[0].liftedBy).toBe('Tollgate (restriction expired)');
    const timeline = expectStatus(await t.api('GET', `/api/tickets/${id}/timeline`, { token: w.tech }), 200).body;
    const entries = (timeline.items ?? timeline) as { type: string }[];
    expect(entries.filter((e) => e.type === 'restriction_expired')).toHaveLength(2);

    // The lifecycle's lift still lifts everything, the permanent step included.
    expectStatus(await act(t, w.tech, id, 'DISMISS', { reason: 'the customer moved the PBX behind a new SBC' }), 200);
    await eventually(async () => expect((await authorize('+18765550100')).decision).toBe('allow'));
  });

  it('refuses an expiry in the past and a class that does not exist, naming the field', async () => {
    const id = await openCase(t, w.tech);
    const past = new Date(clock.now().getTime() - HOUR).toISOString();
    expectError(
      await act(t, w.tech, id, 'RESTRICT', {
        restrictions: [{ kind: 'destination_class', value: 'international', expiresAt: past }],
      }),
      400,
      'restriction_value_invalid',
    );
    const bad = await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination_class', value: 'mars' }] });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toContain(
      'is not a destination class (international, caribbean, premium)',
    );
  });
});
