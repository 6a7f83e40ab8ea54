import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaribbeanAlert, parseCarrierNotice } from './carrier-alerts.js';
import { rawMessageId, readMailMessage, safeFilename } from './mail-message.js';
import { automaticMailReason, permanentFailures } from './mail-rules.js';

const eml = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url));
const read = async (name: string) => readMailMessage(eml(name));

describe('carrier alert emails', () => {
  it('reads the plain-text CARIBBEAN_FRAUD_ALERT for a seat, with its calls and the upstream block', async () => {
    const mail = await read('caribbean-fraud-alert-user-blocked.eml');
    // The subject is folded over two lines in the raw header.
    expect(mail.subject).toBe('CARIBBEAN_FRAUD_ALERT: User 6175550142@harborview.voip.example.net (HARB009-BOSTON)');
    const sut = parseCaribbeanAlert(mail.subject, mail.text)!;
    expect(sut).toMatchObject({
      applicationServer: 'AS22.voip.example.net',
      alertTime: '2025-05-14T15:49:07.000Z',
      userCallThreshold: 8,
      groupCallThreshold: 50,
      userBlockThreshold: 15,
      groupBlockThreshold: 100,
      serviceProviderId: 'sp-noc-example',
      groupId: 'HARB009-BOSTON',
      userId: '6175550142@harborview.voip.example.net',
      totalCalls: 20,
      caribbeanCalls: 19,
      blocked: 'user',
    });
    expect(sut.calls).toHaveLength(19);
    expect(sut.calls[0]).toEqual({ at: '2025-05-14T15:02:00.000Z', number: '+12685550169' });
    expect(sut.calls.at(-1)).toEqual({ at: '2025-05-14T15:47:00.000Z', number: '+12685550169' });
  });

  it('reads a group alert from multipart/alternative with quoted-printable text and an encoded, folded subject', async () => {
    const mail = await read('caribbean-group-blocked-alternative.eml');
    expect(mail.messageId).toBe('<CFA.20250515T123000Z.ACME01-MAIN.g@AS15.voip.example.net>');
    const sut = parseCaribbeanAlert(mail.subject, mail.text)!;
    expect(sut).toMatchObject({ groupId: 'ACME01-MAIN', userId: null, blocked: 'group', caribbeanCalls: 101 });
    expect(sut.calls.map((c) => c.number)).toEqual(['+18765550121', '+18095550142']);
    expect(mail.html).not.toContain('script');
  });

  it('reads an HTML-only base64 warning below the block threshold, and sanitises its HTML', async () => {
    const mail = await read('caribbean-seat-warning-html-only.eml');
    const sut = parseCaribbeanAlert(mail.subject, mail.text)!;
    expect(sut).toMatchObject({
      userId: '6175550143@harborview.voip.example.net',
      groupId: 'HARB009-BOSTON',
      blocked: null,
      totalCalls: 11,
      caribbeanCalls: 9,
    });
    expect(sut.calls).toEqual([
      { at: '2025-05-14T14:01:00.000Z', number: '+18765550121' },
      { at: '2025-05-14T14:14:10.000Z', number: '+18095550142' },
    ]);
    // No scripts, handlers, javascript: URLs, iframes or remote loads; plain links stay.
    expect(mail.html).toContain('<a href="https://carrier.example.net/t/1"');
    for (const bad of ['<img', 'onerror', 'javascript:', '<iframe', 'tracker.example', '<style', '<script']) {
      expect(mail.html).not.toContain(bad);
    }
  });

  it("reads the carrier NOC's potential fraud notice: its ticket, sub-account, window, restricted IPs and CDR CSV", async () => {
    const mail = await read('carrier-noc-potential-fraud-event.eml');
    const sut = parseCarrierNotice(mail.subject, mail.text)!;
    expect(sut).toEqual({
      format: 'carrier_fraud_notice',
      carrierTicket: 'NOC-2025091100342',
      subAccount: 'HARB009',
      eventType: 'Potential fraud event - high-cost international destinations',
      openedAt: '2025-05-14T09:46:19.000Z',
      window: { from: '2025-05-14T09:11:00.000Z', to: '2025-05-14T09:21:06.000Z' },
      restrictedIps: ['203.0.113.77'],
      callsInQuestion: 46,
    });
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0].filename).toBe('NOC-2025091100342-cdrs.csv');
    expect(mail.attachments[0].content.toString().split('\r\n')[0]).toMatch(/^Start Time \(UTC\),Call ID,/);
    expect(parseCaribbeanAlert(mail.subject, mail.text)).toBeNull();
  });

  it('reads a garbage message without throwing, and makes hostile attachment names safe', async () => {
    const mail = await read('garbage.eml');
    expect(rawMessageId(eml('garbage.eml'))).toBeNull();
    expect(parseCaribbeanAlert(mail.subject, mail.text)).toBeNull();
    expect(parseCarrierNotice(mail.subject, mail.text)).toBeNull();
    // eslint-disable-next-line no-control-regex -- control characters are what must be gone
    for (const a of mail.attachments) expect(a.filename).toMatch(/^[^/\\\u0000-\u001f\u202e]+$/);
    expect(safeFilename('../../etc/passwd')).toBe('passwd');
    expect(safeFilename('invoice\u202Egpj.exe')).toBe('invoicegpj.exe');
    expect(safeFilename('..\\..\\x<y>.pdf')).toBe('x_y_.pdf');
    expect(safeFilename('...')).toBe('attachment');
  });

  it('reads a DSN bounce: a permanent failure for the contact, and automatic mail nothing answers', async () => {
    const mail = await read('dsn-bounce.eml');
    expect(permanentFailures(mail)).toEqual([
      {
        recipient: 'dana@harborview.example.com',
        reason: 'smtp; 550 5.1.1 <dana@harborview.example.com>: Recipient address rejected: User unknown'.replace(
          /^/,
          '5.1.1 ',
        ),
      },
    ]);
    expect(automaticMailReason(mail)).toBe('Auto-Submitted: auto-replied');
  });
});

describe('loop and noise rules (RFC 3834)', () => {
  const base = Buffer.from('From: Dana <dana@harborview.example.com>\r\nSubject: Re: [FRD-000001] x\r\n\r\nhello\r\n');
  const withHeader = (h: string) => Buffer.concat([Buffer.from(`${h}\r\n`), base]);
  it.each([
    ['Auto-Submitted: auto-replied', 'Auto-Submitted: auto-replied'],
    ['Precedence: bulk', 'Precedence: bulk'],
    ['Precedence: list', 'Precedence: list'],
    ['Precedence: junk', 'Precedence: junk'],
    ['X-Loop: helpdesk@harborview.example.com', 'X-Loop: helpdesk@harborview.example.com'],
    ['Return-Path: <>', 'empty Return-Path'],
  ])('%s is automatic mail', async (header, reason) => {
    expect(automaticMailReason(await readMailMessage(withHeader(header)))).toBe(reason);
  });

  it('mail from mailer-daemon or postmaster is automatic; a person with Auto-Submitted: no is not', async () => {
    const daemon = Buffer.from('From: MAILER-DAEMON@mx.example.com\r\nSubject: x\r\n\r\nx\r\n');
    expect(automaticMailReason(await readMailMessage(daemon))).toBe('sent by mailer-daemon@mx.example.com');
    expect(automaticMailReason(await readMailMessage(withHeader('Auto-Submitted: no')))).toBeNull();
    expect(automaticMailReason(await readMailMessage(base))).toBeNull();
  });
});
