import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, eventually, openCase, startTestSmtp } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { freePort } from '../../test/free-port.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { OutboxQueue } from './outbox-queue.js';

describe('outgoing mail over real SMTP, through an outage', () => {
  let t: TestApp;
  let w: CaseWorld;
  let port: number;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>> | null = null;

  beforeAll(async () => {
    port = await freePort();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Tollgate NOC <noc@carrier.example>',
      PUBLIC_URL: 'https://tollgate.carrier.example',
    });
    w = await caseWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp?.close();
  });

  it('with the mail server down, notifications wait in the outbox; after it is back, each arrives exactly once', async () => {
    const ids: string[] = [];
    for (const prefix of ['+5331', '+5332', '+5333']) {
      const id = await openCase(t, w.tech);
      expectStatus(
        await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: prefix }] }),
        200,
      );
      ids.push(id);
    }
    // Every attempt failed (nothing listens): still pending, nothing lost.
    await eventually(async () => {
      const { rows } = await t.db.query(`SELECT status, attempts FROM outbox WHERE ticket_id = ANY ($1)`, [ids]);
      expect(rows).toHaveLength(3);
      for (const r of rows) expect(r).toMatchObject({ status: 'pending', attempts: 1 });
    });

    smtp = await startTestSmtp(port);
    // The retry is due later; bring it forward instead of waiting out the back-off.
    await t.db.query(`UPDATE outbox SET next_attempt_at = now() WHERE ticket_id = ANY ($1)`, [ids]);
    t.app.get(OutboxQueue).kick();
    await eventually(async () => {
      const { rows } = await t.db.query(`SELECT status FROM outbox WHERE ticket_id = ANY ($1)`, [ids]);
      expect(rows.map((r: { status: string }) => r.status)).toEqual(['done', 'done', 'done']);
    });
    // Another sweep sends nothing twice.
    t.app.get(OutboxQueue).kick();
    await t.app.get(OutboxQueue).idle();
    const { rows: stored } = await t.db.query(`SELECT message_id FROM outbox WHERE ticket_id = ANY ($1) ORDER BY id`, [
      ids,
    ]);
    expect(smtp.mails.map((m) => m.messageId).sort()).toEqual(
      stored.map((r: { message_id: string }) => r.message_id).sort(),
    );

    const mail = smtp.mails[0];
    const number = expectStatus(await t.api('GET', `/api/tickets/${ids[0]}`, { token: w.tech }), 200).body.number;
    expect(mail.subject).toMatch(new RegExp(`^\\[${number}\\] Action required`));
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    // Text and HTML, with the portal link clickable in the HTML.
    expect(mail.text).toContain(`https://tollgate.carrier.example/portal/tickets/${ids[0]}`);
    expect(mail.html).toContain(`<a href="https://tollgate.carrier.example/portal/tickets/${ids[0]}">`);
  });
});
