import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, eventually, openCase } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';
import { Scheduler } from '../scheduler/scheduler.js';

const SWITCH_TOKEN = 'switch-token-for-resync';

describe('the enforcement index resyncs inventory changes through a durable timer (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const clock = new ManualClock(new Date());
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const authorize = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/enforcement/authorize', { headers: sw, body }), 200).body;

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN, TIMER_SWEEP_MS: '0' }, { clock });
    w = await caseWorld(t);
    await t.app.get(Scheduler).runDue(); // the boot-time resync
    const id = await openCase(t, w.tech);
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+53' }] }), 200);
  });
  afterAll(() => t.close());

  it('learns an IP added to a customer without a notification at the next resync, not before', async () => {
    const call = { sourceIp: '198.51.100.200', callee: '+5372345678' };
    // An address nobody owns: Harborview's +53 block applies (fail closed).
    expect((await authorize(call)).decision).toBe('deny');

    // The address becomes Acme's behind the app's back (no NOTIFY).
    await t.db.query(
      `INSERT INTO customer_ips (customer_id, cidr) SELECT id, '198.51.100.200/32' FROM customers WHERE account_code = 'ACME01'`,
    );
    expect(await t.app.get(Scheduler).runDue()).toBe(0); // not due yet
    expect((await authorize(call)).decision).toBe('deny');

    clock.advance(61_000);
    expect(await t.app.get(Scheduler).runDue()).toBeGreaterThanOrEqual(1);
    // The NOTIFY reaches this instance's listener: the call is now Acme's, and Acme has no +53 block.
    await eventually(async () => expect((await authorize(call)).decision).toBe('allow'));
  });
});
