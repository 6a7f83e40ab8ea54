import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, eventually, openCase, postEvent, startTestSmtp } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';
import { Scheduler } from '../scheduler/scheduler.js';

const MINUTE = 60_000;
// Tuesday 24 March 2026, 10:00 in Berlin: business hours, ben's week (ana 16th, ben 23rd, cho 30th).
const TUESDAY_MORNING = '2026-03-24T09:00:00Z';
// Saturday 28 March 2026, 23:00 in Berlin.
const SATURDAY_NIGHT = '2026-03-28T22:00:00Z';

describe('on-call rota and escalation (real PostgreSQL, in-process SMTP, moved clock)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  const clock = new ManualClock(TUESDAY_MORNING);
  const ids: Record<'ana' | 'ben' | 'cho', string> = { ana: '', ben: '', cho: '' };
  const email = { ana: 'oncall@noc.test', ben: 'ben@noc.test', cho: 'cho@noc.test' };

  const setup = (over: Record<string, unknown> = {}) => ({
    timezone: 'Europe/Berlin',
    rotation: {
      engineers: [ids.ana, ids.ben, ids.cho],
      handoffDay: 'monday',
      handoffTime: '09:00',
      startDate: '2026-03-16',
    },
    overrides: [],
    businessHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' },
    policy: {
      levels: [{ ackTimeoutMinutes: 15 }, { ackTimeoutMinutes: 15 }, { ackTimeoutMinutes: 30 }],
      repeat: false,
    },
    ...over,
  });
  const putSetup = async (body: unknown) =>
    expectStatus(await t.api('PUT', '/api/oncall', { token: w.admin, body }), 200).body;
  const ticket = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
  const pagesFor = (number: string) => smtp.mails.filter((m) => m.subject.includes(number));
  const pageMails = (number: string) => pagesFor(number).filter((m) => m.subject.startsWith(`[${number}] PAGE`));
  const ackToken = (text: string) => /\/ack\/([A-Za-z0-9_-]+)/.exec(text)![1];
  const sweep = () => t.app.get(Scheduler).runDue();

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp(
      { SMTP_URL: smtp.url, PUBLIC_URL: 'https://tollgate.carrier.example', TIMER_SWEEP_MS: '0' },
      { clock },
    );
    w = await caseWorld(t);
    for (const who of ['ben', 'cho'] as const) {
      const body = {
        email: email[who],
        password: 'a-long-password-1',
        name: `${who} engineer`,
        role: 'engineer',
        ...(who === 'ben' && { phone: '+16175550122' }),
      };
      expectStatus(await t.api('POST', '/api/users', { token: w.admin, body }), 201);
    }
    const { rows } = await t.db.query(`SELECT id, email FROM users WHERE role = 'engineer'`);
    for (const who of ['ana', 'ben', 'cho'] as const) ids[who] = rows.find((r) => r.email === email[who]).id;
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('an admin sets the rota; everyone on staff sees who is on call now, until when, and who is next', async () => {
    const before = expectStatus(await t.api('GET', '/api/oncall', { token: w.engineer }), 200).body;
    expect(before).toMatchObject({ updatedAt: null, rotation: { engineers: [] } });
    expectStatus(await t.api('PUT', '/api/oncall', { token: w.tech, body: setup() }), 403);
    const saved = await putSetup(setup());
    expect(saved.rotation.engineers).toEqual([ids.ana, ids.ben, ids.cho]);
    expect(saved.updatedAt).toBe(clock.now().toISOString());

    const now = expectStatus(await t.api('GET', '/api/oncall/now', { token: w.manager }), 200).body;
    expect(now).toEqual({
      engineer: { id: ids.ben, name: 'ben engineer', email: email.ben },
      // The next hand-off is Monday 09:00 Berlin summer time: 07:00 UTC.
      until: '2026-03-30T07:00:00.000Z',
      next: { id: ids.cho, name: 'cho engineer' },
      override: false,
      businessHours: true,
    });
    // An override for ana wins tonight.
    await putSetup(
      setup({ overrides: [{ userId: ids.ana, from: '2026-03-24T17:00:00Z', to: '2026-03-25T07:00:00Z' }] }),
    );
    clock.set('2026-03-24T20:00:00Z');
    const tonight = expectStatus(await t.api('GET', '/api/oncall/now', { token: w.tech }), 200).body;
    expect(tonight).toMatchObject({ engineer: { id: ids.ana }, until: '2026-03-25T07:00:00.000Z', override: true });
    expect(tonight.next).toEqual({ id: ids.ben, name: 'ben engineer' });
    await putSetup(setup());
    clock.set(TUESDAY_MORNING);
  });

  it('refuses overlapping overrides, a zero time-out and someone who is not an engineer, naming each', async () => {
    await putSetup(setup());
    const overlap = await t.api('PUT', '/api/oncall', {
      token: w.admin,
      body: setup({
        overrides: [
          { userId: ids.ana, from: '2026-04-01T00:00:00Z', to: '2026-04-03T00:00:00Z' },
          { userId: ids.cho, from: '2026-04-02T00:00:00Z', to: '2026-04-04T00:00:00Z' },
        ],
      }),
    });
    expectStatus(overlap, 400);
    expect(overlap.body.code).toBe('oncall_overrides_overlap');
    expect(JSON.stringify(overlap.body.message)).toContain('overrides overlap');

    const zero = await t.api('PUT', '/api/oncall', {
      token: w.admin,
      body: setup({ policy: { levels: [{ ackTimeoutMinutes: 0 }], repeat: false } }),
    });
    expectStatus(zero, 400);
    expect(zero.body.code).toBe('oncall_setup_invalid');
    expect(JSON.stringify(zero.body.message)).toContain('ackTimeoutMinutes must be at least 1');

    const { rows } = await t.db.query(`SELECT id FROM users WHERE email = 'tech@noc.test'`);
    const notEngineer = await t.api('PUT', '/api/oncall', {
      token: w.admin,
      body: setup({ rotation: { ...setup().rotation, engineers: [ids.ana, rows[0].id] } }),
    });
    expectStatus(notEngineer, 400);
    expect(notEngineer.body.code).toBe('oncall_engineer_unknown');
    expect(JSON.stringify(notEngineer.body.message)).toContain(rows[0].id);
    // Nothing of the refused setups was kept.
    const kept = expectStatus(await t.api('GET', '/api/oncall', { token: w.admin }), 200).body;
    expect(kept.rotation.engineers).toEqual([ids.ana, ids.ben, ids.cho]);
  });

  it('ESCALATE pages the engineer on call; the time-out pages level 2 from the snapshot; the link acknowledges', async () => {
    clock.set(TUESDAY_MORNING);
    await putSetup(setup());
    const id = await openCase(t, w.tech);
    const { number } = await ticket(id);
    expectStatus(await act(t, w.tech, id, 'ESCALATE', { reason: 'Traffic to +882 doubling every hour' }), 200);

    const [level1] = await eventually(() => {
      const m = pageMails(number);
      expect(m).toHaveLength(1);
      return m;
    });
    expect(level1.to).toEqual([email.ben]);
    expect(level1.subject).toContain(`[${number}] PAGE level 1`);
    expect(level1.text).toContain('Traffic to +882 doubling every hour');
    expect(level1.text).toContain('the next level is paged in 15 minutes');
    expect(level1.text).toMatch(
      /Acknowledge \(works from a phone, no sign-in\): https:\/\/tollgate\.carrier\.example\/ack\//,
    );
    // The SMS goes to Ben's phone (no SMS_GATEWAY_URL here: the built-in mailbox keeps it, marked SMS).
    const sms = await eventually(async () => {
      const { rows } = await t.db.query(
        `SELECT to_addresses AS "to", text_body AS text FROM mailbox WHERE channel = 'sms' AND text_body LIKE $1`,
        [`%${number}%`],
      );
      expect(rows).toHaveLength(1);
      return rows[0];
    });
    expect(sms.to).toEqual(['+16175550122']);
    expect(sms.text).toContain('/ack/');
    expect(pagesFor(number).filter((m) => m.subject.startsWith('PAGE '))).toEqual([]);

    const paging = await ticket(id);
    expect(paging).toMatchObject({ escalation: 'paging', escalationLevel: 1 });
    expect(paging.paged).toEqual([
      { level: 1, engineer: { id: ids.ben, name: 'ben engineer' }, pagedAt: TUESDAY_MORNING.replace('Z', '.000Z') },
    ]);

    // The admin rewrites the rota meanwhile: the running escalation keeps its own.
    await putSetup(
      setup({
        rotation: { ...setup().rotation, engineers: [ids.ana] },
        policy: { levels: [{ ackTimeoutMinutes: 60 }], repeat: true },
      }),
    );

    clock.advance(14 * MINUTE);
    await sweep();
    expect((await ticket(id)).escalationLevel).toBe(1);
    clock.advance(1 * MINUTE);
    await sweep();
    const level2 = await eventually(() => {
      const m = pageMails(number);
      expect(m).toHaveLength(2);
      return m[1];
    });
    expect(level2.to).toEqual([email.cho]);
    expect(level2.subject).toContain('PAGE level 2');
    // The reason travels with every level.
    expect(level2.text).toContain('Traffic to +882 doubling every hour');
    const timedOut = await ticket(id);
    expect(timedOut).toMatchObject({ escalation: 'paging', escalationLevel: 2 });
    expect(timedOut.paged.map((p: { engineer: { id: string } }) => p.engineer.id)).toEqual([ids.ben, ids.cho]);

    const open = expectStatus(await t.api('GET', '/api/oncall/escalations', { token: w.engineer }), 200).body.items;
    const mine = open.find((e: { ticketId: string }) => e.ticketId === id);
    expect(mine).toMatchObject({ level: 2, acknowledgedAt: null, ticketNumber: number });
    expect(mine.policy.levels).toHaveLength(3);

    // cho taps the link on their phone: GET shows the page, POST acknowledges as cho.
    const token = ackToken(level2.text);
    const shown = expectStatus(await t.api('GET', `/api/pages/${token}`), 200).body;
    expect(shown).toMatchObject({ ticketNumber: number, level: 2, escalation: 'paging', engineerName: 'cho engineer' });
    const ackAt = clock.advance(2 * MINUTE);
    const acked = expectStatus(await t.api('POST', `/api/pages/${token}/acknowledge`), 200).body;
    expect(acked.escalation).toBe('engaged');
    // A second tap changes nothing.
    expect(expectStatus(await t.api('POST', `/api/pages/${token}/acknowledge`), 200).body.escalation).toBe('engaged');
    const timeline = expectStatus(await t.api('GET', `/api/tickets/${id}/timeline`, { token: w.tech }), 200).body.items;
    const ack = timeline.find((e: { type: string }) => e.type === 'ACKNOWLEDGE');
    expect(ack.actor).toMatchObject({ id: ids.cho, role: 'engineer', name: 'cho engineer' });
    expect(ack.at).toBe(ackAt.toISOString());

    // Acknowledged: no level 3, however long nobody else does anything.
    clock.advance(120 * MINUTE);
    await sweep();
    await new Promise((r) => setTimeout(r, 300));
    expect(pageMails(number)).toHaveLength(2);
    expect((await ticket(id)).escalationLevel).toBe(2);
    const after = expectStatus(await t.api('GET', '/api/oncall/escalations', { token: w.engineer }), 200).body.items;
    expect(after.find((e: { ticketId: string }) => e.ticketId === id).acknowledgedAt).toBe(ackAt.toISOString());

    expectStatus(await t.api('POST', '/api/pages/not-a-real-link-at-all-0000/acknowledge'), 404);
    await putSetup(setup());
  });

  it('a restart between the page and its time-out loses nothing', async () => {
    clock.set(TUESDAY_MORNING);
    await putSetup(setup());
    const id = await openCase(t, w.tech);
    const { number } = await ticket(id);
    expectStatus(await act(t, w.tech, id, 'ESCALATE', { reason: 'Nobody answers the phone' }), 200);
    await eventually(() => expect(pageMails(number)).toHaveLength(1));
    await t.restart();
    clock.advance(15 * MINUTE);
    await sweep();
    const level2 = await eventually(() => {
      const m = pageMails(number);
      expect(m).toHaveLength(2);
      return m[1];
    });
    expect(level2.to).toEqual([email.cho]);
    expect((await ticket(id)).escalationLevel).toBe(2);
  });

  it('an urgent case outside business hours pages on call by itself; inside them it does not', async () => {
    await putSetup(setup());
    clock.set(TUESDAY_MORNING);
    const day = await openCase(t, w.tech, { severity: 'urgent' });
    expect((await ticket(day)).escalation).toBe('idle');

    clock.set(SATURDAY_NIGHT);
    const night = await openCase(t, w.tech, { severity: 'urgent', summary: 'Calls to Somalia at 23:00' });
    const paged = await ticket(night);
    expect(paged).toMatchObject({ escalation: 'paging', escalationLevel: 1 });
    const [page] = await eventually(() => {
      const m = pageMails(paged.number);
      expect(m).toHaveLength(1);
      return m;
    });
    expect(page.to).toEqual([email.ben]);
    expect(page.text).toContain('urgent case outside business hours: Calls to Somalia at 23:00');
    const timeline = expectStatus(await t.api('GET', `/api/tickets/${night}/timeline`, { token: w.tech }), 200).body;
    expect(timeline.items.find((e: { type: string }) => e.type === 'ESCALATE').actor.role).toBe('system');
  });

  it('restricts a block case nobody acknowledged within autoRestrictAfterMinutes, and not one that was', async () => {
    clock.set(SATURDAY_NIGHT);
    await putSetup(setup({ policy: { ...setup().policy, autoRestrictAfterMinutes: 10 } }));
    const blockCase = async (dedupeKey: string) => {
      // The warning names the restriction; the block event that follows names none, so nothing restricts at once.
      const warn = { dedupeKey, severity: 'warning', restrictions: [{ kind: 'destination', value: '+25261' }] };
      expectStatus(await postEvent(t, w.tech, warn), 201);
      const block = expectStatus(await postEvent(t, w.tech, { dedupeKey, severity: 'block' }), 201).body;
      return block.ticketId as string;
    };
    const ignored = await blockCase(`ignored-${Date.now()}`);
    const answered = await blockCase(`answered-${Date.now()}`);
    for (const id of [ignored, answered]) {
      expect(await ticket(id)).toMatchObject({
        state: 'detected',
        escalation: 'paging',
        severity: 'block',
        restrictions: [],
      });
    }
    expectStatus(await act(t, w.engineer, answered, 'ACKNOWLEDGE'), 200);

    clock.advance(9 * MINUTE);
    await sweep();
    expect((await ticket(ignored)).state).toBe('detected');
    clock.advance(1 * MINUTE);
    await sweep();
    const restricted = await ticket(ignored);
    expect(restricted.state).toBe('restricted');
    expect(restricted.restrictions).toEqual([
      expect.objectContaining({
        kind: 'destination',
        value: '+25261',
        status: 'active',
        createdBy: 'Tollgate fraud detection',
      }),
    ]);
    expect(await ticket(answered)).toMatchObject({ state: 'detected', restrictions: [] });
    await putSetup(setup());
  });
});
