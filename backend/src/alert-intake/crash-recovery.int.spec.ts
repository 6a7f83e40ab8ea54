import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { insertInbound } from './inbound-email-rows.js';
import { contentHash, rawMessageId } from './mail-message.js';

const eml = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));

describe('alert mail stored before a crash (real PostgreSQL, a restarted app)', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await createTestApp({ INBOUND_SMTP_PORT: '0' });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('is handled when the app starts again, once: a retry of the same message is a duplicate', async () => {
    // The listener stored the bytes, then the process died before handling them: the row is still `received`.
    const raw = eml('caribbean-group-blocked-alternative.eml');
    const messageId = rawMessageId(raw)!;
    const id = await insertInbound(t.app.get(DataSource), {
      dedupeKey: `message-id:${messageId.toLowerCase()}`,
      messageId,
      contentHash: contentHash(raw),
      via: 'smtp',
      raw,
      by: null,
    });
    expect(id).toBeTruthy();
    const before = expectStatus(await t.api('GET', '/api/tickets', { token: w.tech }), 200).body.items;
    expect(before).toEqual([]);

    await t.restart();

    const stored = expectStatus(await t.api('GET', `/api/alert-emails/${id}`, { token: w.tech }), 200).body;
    expect(stored).toMatchObject({ status: 'processed', parsedAs: 'caribbean_fraud_alert', duplicate: false });
    expect(stored.ticketIds).toHaveLength(1);
    const ticket = expectStatus(await t.api('GET', `/api/tickets/${stored.ticketIds[0]}`, { token: w.tech }), 200).body;
    expect(ticket).toMatchObject({ customerId: w.acmeId, kind: 'carrier_alert', state: 'restricted' }); // group ACME01-MAIN

    // The forwarder retries the message it never saw acknowledged: nothing is handled twice.
    const retry = expectStatus(
      await t.api('POST', '/api/alert-emails', {
        token: w.tech,
        raw: raw as unknown as BodyInit,
        headers: { 'content-type': 'message/rfc822' },
      }),
      201,
    ).body;
    expect(retry).toMatchObject({ duplicate: true, ticketIds: stored.ticketIds });
    const after = expectStatus(await t.api('GET', '/api/tickets', { token: w.tech }), 200).body.items;
    expect(after.map((x: { id: string }) => x.id)).toEqual(stored.ticketIds);

    // A second restart finds nothing left to handle.
    await t.restart();
    const again = expectStatus(await t.api('GET', '/api/tickets', { token: w.tech }), 200).body.items;
    expect(again).toHaveLength(1);
  });
});
