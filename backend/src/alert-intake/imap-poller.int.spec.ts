import { readFileSync } from 'node:fs';
import { ImapFlow } from 'imapflow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, eventually } from '../../test/cases.js';
import { startDovecot } from '../../test/dovecot.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const eml = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('the IMAP poller against a real dovecot', () => {
  let imap: Awaited<ReturnType<typeof startDovecot>>;
  let t: TestApp;
  let w: CaseWorld;
  let mailbox: ImapFlow;

  beforeAll(async () => {
    imap = await startDovecot();
    mailbox = new ImapFlow({
      host: '127.0.0.1',
      port: imap.port,
      secure: false,
      auth: { user: 'alerts', pass: 'imap-secret' },
      logger: false,
    });
    await mailbox.connect();
    t = await createTestApp({ IMAP_URL: imap.url(), IMAP_MOVE_TO: 'Handled' });
    w = await caseWorld(t);
  });
  afterAll(async () => {
    await t?.close();
    await mailbox?.logout().catch(() => undefined);
    await imap?.close();
  });

  it('picks up an alert from the NOC mailbox, opens the ticket, and moves the message to the handled folder', async () => {
    await mailbox.append('INBOX', eml('caribbean-fraud-alert-user-blocked.eml'));
    const ticket = await eventually(async () => {
      const l = expectStatus(await t.api('GET', `/api/tickets?customerId=${w.harbId}`, { token: w.tech }), 200).body;
      expect(l.items).toHaveLength(1);
      return l.items[0];
    }, 15_000);
    expect(ticket).toMatchObject({ kind: 'carrier_alert', state: 'restricted' });
    await eventually(async () => {
      const stored = expectStatus(await t.api('GET', '/api/alert-emails', { token: w.tech }), 200).body.items;
      expect(stored).toEqual([expect.objectContaining({ via: 'imap', parsedAs: 'caribbean_fraud_alert' })]);
      const count = async (folder: string) => {
        const status = await mailbox.status(folder, { messages: true });
        return status ? status.messages : null;
      };
      expect(await count('INBOX')).toBe(0);
      expect(await count('Handled')).toBe(1);
    }, 10_000);
  });
});
