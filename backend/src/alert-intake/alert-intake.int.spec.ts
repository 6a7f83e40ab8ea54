import { readFileSync } from 'node:fs';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, eventually, openCase } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { freePort } from '../../test/free-port.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { responseSchema, schemaProblems } from '../../test/response-schema.js';

const eml = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const SEAT = '6175550142@harborview.voip.example.net';

describe('alert emails in (real PostgreSQL, real SMTP to the listener)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let smtpPort: number;

  const upload = (raw: Buffer | string, token = w.tech, type = 'message/rfc822') =>
    t.api('POST', '/api/alert-emails', { token, raw: raw as BodyInit, headers: { 'content-type': type } });
  const ticket = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
  const timeline = async (id: string, token = w.tech) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}/timeline?limit=500`, { token }), 200).body.items as {
      type: string;
      visibility: string;
      actor: { role: string; name: string };
      payload: Record<string, unknown>;
    }[];
  const smtp = () =>
    nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: false });
  const sendRaw = (raw: Buffer | string) =>
    smtp().sendMail({ envelope: { from: 'fwd@noc.example.com', to: ['alerts@tollgate.local'] }, raw });

  beforeAll(async () => {
    smtpPort = await freePort();
    t = await createTestApp({
      INBOUND_SMTP_PORT: String(smtpPort),
      INBOUND_MAIL_MAX_BYTES: String(64 * 1024),
      MAIL_FROM: 'Tollgate NOC <noc@carrier.example>',
    });
    w = await caseWorld(t);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a CARIBBEAN_FRAUD_ALERT with THIS USER WILL BE BLOCKED opens a restricted ticket: the seat intercepted upstream', async () => {
    const r = expectStatus(await upload(eml('caribbean-fraud-alert-user-blocked.eml')), 201).body;
    expect(r).toMatchObject({
      messageId: '<CFA.20250514T154907Z.6175550142.u@AS22.voip.example.net>',
      duplicate: false,
      status: 'processed',
      parsedAs: 'caribbean_fraud_alert',
    });
    expect(r.eventIds).toHaveLength(1);
    expect(r.ticketIds).toHaveLength(1);
    const tk = await ticket(r.ticketIds[0]);
    expect(tk).toMatchObject({ customerId: w.harbId, kind: 'carrier_alert', severity: 'block', state: 'restricted' });
    expect(tk.restrictions).toEqual([
      expect.objectContaining({
        kind: 'seat',
        value: SEAT,
        status: 'active',
        createdBy: 'Upstream carrier (AS22.voip.example.net)',
      }),
    ]);
    // The original mail is on the ticket as an internal note; the customer does not see it.
    const note = (await timeline(tk.id)).find((e) => e.type === 'note')!;
    expect(note.visibility).toBe('internal');
    expect(note.payload.body).toContain('From: internationalfraud@as22.voip.example.net');
    expect(note.payload.body).toContain('THIS USER WILL BE BLOCKED!!!');
    expect((await timeline(tk.id, w.harbUser)).some((e) => e.type === 'note')).toBe(false);

    // The same message again (a retry, a second forward) is answered as a duplicate and changes nothing.
    const again = expectStatus(await upload(eml('caribbean-fraud-alert-user-blocked.eml')), 201).body;
    expect(again).toMatchObject({ duplicate: true, eventIds: r.eventIds, ticketIds: r.ticketIds });
    expect((await ticket(tk.id)).eventCount).toBe(1);
  });

  it('below the block threshold (HTML only) it is a warning that opens a case without a restriction; HTML is sanitised', async () => {
    const r = expectStatus(await upload(eml('caribbean-seat-warning-html-only.eml')), 201).body;
    expect(r.parsedAs).toBe('caribbean_fraud_alert');
    const tk = await ticket(r.ticketIds[0]);
    expect(tk).toMatchObject({ customerId: w.harbId, severity: 'warning', state: 'detected', restrictions: [] });
    const note = (await timeline(tk.id)).find((e) => e.type === 'note')!;
    const html = (note.payload.email as { html: string }).html;
    expect(html).toContain('User ID: 6175550143@harborview.voip.example.net');
    for (const bad of ['<script', '<img', 'onerror', 'javascript:', '<iframe', 'tracker.example']) {
      expect(html).not.toContain(bad);
    }
  });

  it("a carrier NOC notice: restricted IP recorded, the CDR CSV imported as the case's evidence, a second notice joins", async () => {
    const raw = eml('carrier-noc-potential-fraud-event.eml');
    const r = expectStatus(await upload(raw), 201).body;
    expect(r.parsedAs).toBe('carrier_fraud_notice');
    const tk = await ticket(r.ticketIds[0]);
    expect(tk).toMatchObject({ customerId: w.harbId, state: 'restricted', externalRefs: ['NOC-2025091100342'] });
    expect(tk.restrictions).toEqual([
      expect.objectContaining({
        kind: 'ip',
        value: '203.0.113.77/32',
        createdBy: 'Upstream carrier (carrier.example.net)',
      }),
    ]);
    // 46 calls in the CSV, imported for the sub-account and linked as the evidence of the case.
    expect(tk.exposure.calls).toBe(46);
    expect(tk.exposure.cost).toBeCloseTo(25.61, 2);
    const csv = expectStatus(await t.api('GET', `/api/tickets/${tk.id}/cdrs.csv`, { token: w.tech }), 200).body;
    expect(csv).toContain('+37181431366');

    // A follow-up notice for the same carrier ticket (another Message-ID) joins the same case.
    const followUp = raw
      .toString('latin1')
      .replace(
        '<NOC-2025091100342.20250514T094619Z@noc.carrier.example.net>',
        '<NOC-2025091100342.followup@noc.carrier.example.net>',
      );
    const r2 = expectStatus(await upload(followUp), 201).body;
    expect(r2).toMatchObject({ duplicate: false, parsedAs: 'carrier_fraud_notice', ticketIds: [tk.id] });
    expect((await ticket(tk.id)).externalRefs).toEqual(['NOC-2025091100342']);
  });

  it('mail sent by SMTP to the listener opens the right ticket within seconds; the duplicate is ignored', async () => {
    const raw = eml('caribbean-group-blocked-alternative.eml');
    const info = await sendRaw(raw);
    expect(info.response).toMatch(/^250 .*caribbean_fraud_alert/);
    const list = await eventually(async () => {
      const l = expectStatus(await t.api('GET', `/api/tickets?customerId=${w.acmeId}`, { token: w.tech }), 200).body;
      expect(l.items).toHaveLength(1);
      return l;
    });
    const tk = await ticket(list.items[0].id);
    expect(tk.state).toBe('restricted');
    expect(tk.restrictions).toEqual([
      expect.objectContaining({ kind: 'group', value: 'ACME01-MAIN', status: 'active' }),
    ]);
    const dup = await sendRaw(raw);
    expect(dup.response).toMatch(/^250 Accepted duplicate /);
    expect((await ticket(tk.id)).eventCount).toBe(1);
  });

  it('anything else: a triage case for a known sender, quarantined with the reason for an unknown one', async () => {
    const fromContact = [
      'From: Dana Reyes <dana@harborview.example.com>',
      'To: noc@carrier.example',
      'Subject: Strange calls last night?',
      'Message-ID: <q1@harborview.example.com>',
      '',
      'Hi, our bill shows calls we did not make.',
      '',
    ].join('\r\n');
    const r = expectStatus(await upload(fromContact), 201).body;
    expect(r).toMatchObject({ status: 'processed', parsedAs: 'triage' });
    const tk = await ticket(r.ticketIds[0]);
    expect(tk).toMatchObject({ customerId: w.harbId, kind: 'external', severity: 'notify' });

    const stranger = fromContact
      .replace('dana@harborview.example.com', 'someone@elsewhere.example')
      .replace('<q1@', '<q2@');
    const q = expectStatus(await upload(stranger), 201).body;
    expect(q).toMatchObject({ status: 'quarantined', parsedAs: 'unknown', ticketIds: [] });
    expect(q.reason).toContain('someone@elsewhere.example');
    const listed = expectStatus(
      await t.api('GET', '/api/alert-emails?status=quarantined', { token: w.tech }),
      200,
    ).body;
    expect(listed.items.map((i: { id: string }) => i.id)).toContain(q.id);
    // The answers are exactly what the OpenAPI document (and so the web app's types) describes.
    const doc = expectStatus(await t.api('GET', '/api/docs-json'), 200).body;
    expect(schemaProblems(doc, responseSchema(doc, 'POST', '/api/alert-emails', 201), q)).toEqual([]);
    expect(schemaProblems(doc, responseSchema(doc, 'GET', '/api/alert-emails', 200), listed)).toEqual([]);
    const one = expectStatus(await t.api('GET', `/api/alert-emails/${q.id}`, { token: w.tech }), 200).body;
    expect(schemaProblems(doc, responseSchema(doc, 'GET', '/api/alert-emails/{id}', 200), one)).toEqual([]);
    expect(one).toEqual({ ...q, duplicate: false });
  });

  it('bad input is refused or quarantined with a reason, never a 500, and the listener carries on', async () => {
    expect(expectStatus(await upload(''), 400).body.code).toBe('alert_email_invalid');
    expect(expectStatus(await upload('\u0000\u0001 not mail at all'), 400).body.code).toBe('alert_email_invalid');
    expect(expectStatus(await upload('From: a@b.c\r\n\r\nx', w.tech, 'application/json'), 400).status).toBe(400);
    expect(expectStatus(await upload('From: a@b.c\r\n\r\nx', w.harbUser), 403).status).toBe(403);
    const big = `From: a@b.c\r\nSubject: big\r\n\r\n${'x'.repeat(70 * 1024)}\r\n`;
    expect(expectStatus(await upload(big), 413).body.code).toBe('alert_email_too_large');
    // Malformed MIME, invalid UTF-8, no Message-ID, hostile attachment names: stored, quarantined, not a crash.
    const g = expectStatus(await upload(eml('garbage.eml')), 201).body;
    expect(g).toMatchObject({ status: 'quarantined', messageId: null });
    expect(expectStatus(await upload(eml('garbage.eml')), 201).body).toMatchObject({ duplicate: true, id: g.id });
    // Over SMTP: too large is refused by the listener, which still takes the next message.
    await expect(sendRaw(big)).rejects.toThrow(/552|larger/);
    const ok = await sendRaw(
      'From: x@y.example\r\nSubject: after\r\nMessage-ID: <after-big@y.example>\r\n\r\nstill here\r\n',
    );
    expect(ok.response).toMatch(/^250 /);
  });

  it('a reply threads into its ticket as a customer message; a foreign sender is quarantined; an auto-reply gets no answer', async () => {
    const id = await openCase(t, w.tech);
    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+5321' }] }),
      200,
    );
    const { rows } = await t.db.query(`SELECT message_id FROM outbox WHERE ticket_id = $1`, [id]);
    expect(rows).toHaveLength(1);
    const sent = rows[0].message_id as string;
    const number = (await ticket(id)).number;
    const reply = (from: string, mid: string, extra = '') =>
      [
        `From: ${from}`,
        'To: noc@carrier.example',
        `Subject: Re: Action required`,
        `Message-ID: <${mid}@harborview.example.com>`,
        `In-Reply-To: ${sent}`,
        ...(extra ? [extra] : []),
        'Content-Type: multipart/mixed; boundary="b"',
        '',
        '--b',
        'Content-Type: text/plain',
        '',
        'We found a compromised phone and removed it.',
        '--b',
        'Content-Type: application/pdf',
        'Content-Disposition: attachment; filename="../../firewall\u202Efdp.exe"',
        'Content-Transfer-Encoding: base64',
        '',
        Buffer.from('%PDF-1.4 fake').toString('base64'),
        '--b--',
        '',
      ].join('\r\n');
    const r = expectStatus(await upload(reply('Dana Reyes <dana@harborview.example.com>', 'r1')), 201).body;
    expect(r).toMatchObject({ status: 'processed', parsedAs: 'reply', ticketIds: [id] });
    const seen = await timeline(id, w.harbUser);
    const msg = seen.find((e) => e.type === 'note' && e.actor.role === 'customer')!;
    expect(msg.payload.body).toContain('We found a compromised phone and removed it.');
    const files = expectStatus(await t.api('GET', `/api/tickets/${id}/attachments`, { token: w.harbUser }), 200).body;
    expect(files.items.map((f: { filename: string }) => f.filename)).toEqual(['firewallfdp.exe']);

    // By the hook alone, from a stranger: quarantined with the reason, the ticket unchanged.
    const before = (await timeline(id)).length;
    const foreign = reply('Mallory <mallory@evil.example>', 'r2')
      .replace(`In-Reply-To: ${sent}\r\n`, '')
      .replace('Re: Action required', `Re: [${number}] Action required`);
    const f = expectStatus(await upload(foreign), 201).body;
    expect(f).toMatchObject({ status: 'quarantined', parsedAs: 'reply', ticketIds: [] });
    expect(f.reason).toContain('mallory@evil.example');
    expect((await timeline(id)).length).toBe(before);

    // An out-of-office answer is kept for the NOC but sends nothing back.
    const outboxBefore = (await t.db.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n;
    const auto = reply('Dana Reyes <dana@harborview.example.com>', 'r3', 'Auto-Submitted: auto-replied');
    expect(expectStatus(await upload(auto), 201).body).toMatchObject({ parsedAs: 'auto_reply', ticketIds: [id] });
    expect((await t.db.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n).toBe(outboxBefore);
  });

  it('a DSN bounce marks the contact undeliverable and says so on the ticket', async () => {
    const id = await openCase(t, w.tech);
    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+5322' }] }),
      200,
    );
    const { rows } = await t.db.query(`SELECT message_id FROM outbox WHERE ticket_id = $1`, [id]);
    const dsn = eml('dsn-bounce.eml').toString().replace('{{ORIGINAL}}', rows[0].message_id);
    const r = expectStatus(await upload(dsn), 201).body;
    expect(r).toMatchObject({ status: 'processed', parsedAs: 'bounce', ticketIds: [id] });
    expect((await timeline(id)).map((e) => e.type)).toContain('mail_bounced');
    const c = expectStatus(await t.api('GET', `/api/customers/${w.harbId}`, { token: w.tech }), 200).body;
    expect(c.contacts[0]).toMatchObject({ email: 'dana@harborview.example.com', undeliverable: true });
  });
});
