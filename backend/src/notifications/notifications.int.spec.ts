import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, eventually, openCase, startTestSmtp } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { OutboxQueue } from './outbox-queue.js';

const DANA = 'dana@harborview.example.com';

describe('outbox and mail (real PostgreSQL, in-process SMTP)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let worker: OutboxQueue;
  let scheduler: Scheduler;
  /** Runs the reminder timers that are due now. */
  const sweepReminders = async () => {
    const before = await remindedCount();
    await scheduler.runDue();
    return (await remindedCount()) - before;
  };
  const remindedCount = async () =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ticket_timeline WHERE type = 'customer_reminded'`)).rows[0].n;
  const mailsFor = (number: string) => smtp.mails.filter((m) => m.subject.includes(`[${number}]`));
  const ticket = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
  const numberOf = async (id: string) => (await ticket(id)).number;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp({
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Tollgate NOC <noc@carrier.example>',
      PUBLIC_URL: 'https://tollgate.carrier.example',
    });
    w = await caseWorld(t);
    worker = t.app.get(OutboxQueue);
    scheduler = t.app.get(Scheduler);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it("mails the customer's contacts when calls are restricted: ticket number in the subject, the restriction in the body", async () => {
    const id = await openCase(t, w.tech);
    const number = await numberOf(id);
    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', {
        restrictions: [
          { kind: 'ip', value: '203.0.113.77', reason: 'the attacking source' },
          { kind: 'destination', value: '+5321' },
        ],
        message: 'Please check the PBX at your Boston office.',
      }),
      200,
    );
    const [mail] = await eventually(() => {
      const m = mailsFor(number);
      expect(m).toHaveLength(1);
      return m;
    });
    expect(mail.to).toEqual([DANA]);
    expect(mail.from).toBe('noc@carrier.example');
    expect(mail.subject).toBe(
      `[${number}] Action required: calls restricted – Potential Fraudulent Calls – Harborview Logistics – May 14, 2025`,
    );
    expect(mail.text).toContain('Calls from the address 203.0.113.77');
    expect(mail.text).toContain('Calls to numbers starting +5321 (Cuba)');
    expect(mail.text).toContain('Please check the PBX at your Boston office.');
    expect(mail.text).toContain(`https://tollgate.carrier.example/portal/tickets/${id}`);
    await eventually(async () => {
      const { rows } = await t.db.query(`SELECT status, attempts FROM outbox WHERE ticket_id = $1`, [id]);
      expect(rows).toEqual([{ status: 'done', attempts: 1 }]);
    });
    // The Message-ID was chosen when the mail was queued, on MAIL_FROM's domain, and kept with it,
    // so a reply's In-Reply-To leads back to this ticket.
    const { rows: stored } = await t.db.query(`SELECT message_id FROM outbox WHERE ticket_id = $1`, [id]);
    expect(mail.messageId).toMatch(/^<[0-9a-f-]{36}@carrier\.example>$/);
    expect(stored).toEqual([{ message_id: mail.messageId }]);
    expect(mail.references).toEqual([`<ticket-${id}@carrier.example>`]);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('internal notes and reasons never reach the customer; customer-visible notes do', async () => {
    const id = await openCase(t, w.tech);
    const number = await numberOf(id);
    const secret = { body: 'SECRET: account flagged by credit control', visibility: 'internal' };
    expectStatus(await t.api('POST', `/api/tickets/${id}/notes`, { token: w.tech, body: secret }), 201);
    const shared = { body: 'We have paused calls to Cuba for now.', visibility: 'customer' };
    expectStatus(await t.api('POST', `/api/tickets/${id}/notes`, { token: w.tech, body: shared }), 201);
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+53' }] }), 200);
    expectStatus(await act(t, w.tech, id, 'DISMISS', { reason: 'SECRET dismissal reason' }), 200);
    const mails = await eventually(() => {
      const m = mailsFor(number);
      expect(m).toHaveLength(3);
      return m;
    });
    expect(mails.map((m) => m.subject.split(' – ')[0])).toEqual([
      `[${number}] Update on your case`,
      `[${number}] Action required: calls restricted`,
      `[${number}] Case closed: no action needed`,
    ]);
    expect(mails[0].text).toContain('We have paused calls to Cuba for now.');
    expect(mails[2].text).toContain('Calls to numbers starting +53 (Cuba)');
    expect(JSON.stringify(mails)).not.toContain('SECRET');
  });

  it('tells technicians when the customer answers, and pages engineers on escalation', async () => {
    const id = await openCase(t, w.tech);
    const number = await numberOf(id);
    expectStatus(await act(t, w.tech, id, 'ESCALATE', { reason: 'Fast-growing traffic to +882' }), 200);
    expectStatus(
      await act(t, w.harbUser, id, 'CUSTOMER_REVIEW', {
        verdict: 'legitimate',
        message: 'Our satellite phones',
        acceptCharges: true,
      }),
      200,
    );
    const mails = await eventually(() => {
      const m = mailsFor(number);
      expect(m).toHaveLength(2);
      return m;
    });
    const page = mails.find((m) => m.subject.includes('PAGE'))!;
    expect(page.to).toEqual(['oncall@noc.test']);
    expect(page.subject).toContain(`[${number}] PAGE level 1: Harborview Logistics`);
    expect(page.text).toContain('Fast-growing traffic to +882');
    const review = mails.find((m) => m.subject.includes('Customer review'))!;
    expect(review.to).toEqual(['tech@noc.test']);
    expect(review.text).toContain('Verdict: legitimate');
    expect(review.text).toContain('Our satellite phones');
    expect(review.text).toContain(`https://tollgate.carrier.example/tickets/${id}`);
  });

  it('retries a failed delivery with backoff and records the error', async () => {
    const id = await openCase(t, w.tech);
    const number = await numberOf(id);
    smtp.failNext(1);
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+7' }] }), 200);
    const failed = await eventually(async () => {
      const { rows } = await t.db.query(
        `SELECT status, attempts, last_error, next_attempt_at > now() + interval '20 seconds' AS backed_off
           FROM outbox WHERE ticket_id = $1`,
        [id],
      );
      expect(rows[0]).toMatchObject({
        status: 'pending',
        attempts: 1,
        backed_off: true,
        last_error: expect.any(String),
      });
      return rows[0];
    });
    expect(failed.last_error).toContain('mailbox temporarily unavailable');
    expect(mailsFor(number)).toHaveLength(0);

    // Time passes: the row is due again.
    await t.db.query(`UPDATE outbox SET next_attempt_at = now() WHERE ticket_id = $1`, [id]);
    worker.kick();
    await eventually(() => expect(mailsFor(number)).toHaveLength(1));
    await eventually(async () => {
      const { rows } = await t.db.query(`SELECT status, attempts, last_error FROM outbox WHERE ticket_id = $1`, [id]);
      expect(rows[0]).toEqual({ status: 'done', attempts: 2, last_error: null });
    });
  });

  it('reminds the customer once after CUSTOMER_REMINDER_HOURS in restricted', async () => {
    const id = await openCase(t, w.tech);
    const number = await numberOf(id);
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+881' }] }), 200);
    await eventually(() => expect(mailsFor(number)).toHaveLength(1));
    expect(await sweepReminders()).toBe(0);

    // 25 hours pass (the reminder timer was set for 24 hours after the restriction).
    const moved = await t.db.query(
      `UPDATE tickets SET waiting_since = now() - interval '25 hours' WHERE id = $1 RETURNING now() AS at`,
      [id],
    );
    await t.db.query(`UPDATE timers SET due_at = now() - interval '1 hour' WHERE dedupe_key = $1`, [id]);
    expect(await sweepReminders()).toBe(1);
    expect(await sweepReminders()).toBe(0);
    const reminder = await eventually(() => {
      const m = mailsFor(number);
      expect(m).toHaveLength(2);
      return m[1];
    });
    expect(reminder.subject).toContain('Reminder: your review is needed');
    expect(reminder.text).toContain('Calls to numbers starting +881');
    const { sla } = await ticket(id);
    // 25 hours, plus what the database's clock says has passed since (rounded to whole seconds).
    const { rows } = await t.db.query(`SELECT extract(epoch FROM now() - $1::timestamptz) AS s`, [moved.rows[0].at]);
    expect(sla.waitingOnCustomerSeconds).toBeGreaterThanOrEqual(25 * 3600);
    expect(sla.waitingOnCustomerSeconds).toBeLessThanOrEqual(25 * 3600 + Math.ceil(Number(rows[0].s)));
  });
});
