import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  act,
  caseWorld,
  type CaseWorld,
  eventually,
  openCase,
  type ReceivedMail,
  startTestSmtp,
} from '../../test/cases.js';
import { insertCdrs } from '../../test/cdrs.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';

const DANA = 'dana@harborview.example.com';
const SAM = 'sam@harborview.example.com';

describe('customer mail: greeting, evidence attached, signed review links, undeliverable contacts', () => {
  let t: TestApp;
  let w: CaseWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  const clock = new ManualClock(new Date());
  const mailsFor = (number: string) => smtp.mails.filter((m) => m.subject.includes(`[${number}]`));
  const numberOf = async (id: string) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body.number as string;
  const linkOf = (mail: ReceivedMail, label: string) => {
    const m = new RegExp(`<a href="([^"]+)">${label}</a>`).exec(mail.html);
    expect(m, `a link "${label}" in the HTML part`).not.toBeNull();
    return m![1];
  };
  const tokenOf = (url: string) => url.replace('https://tollgate.carrier.example/portal/review/', '');
  const harbCustomer = async () =>
    expectStatus(await t.api('GET', `/api/customers/${w.harbId}`, { token: w.admin }), 200).body;
  const saveContacts = async (contacts: { name: string; email?: string; phone?: string }[]) =>
    expectStatus(await t.api('PATCH', `/api/customers/${w.harbId}`, { token: w.admin, body: { contacts } }), 200);

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp(
      {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Tollgate NOC <noc@carrier.example>',
        PUBLIC_URL: 'https://tollgate.carrier.example',
      },
      { clock },
    );
    w = await caseWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('the restrict mail greets each contact by name, has an HTML part, and carries the call records and the report it announces', async () => {
    await saveContacts([
      { name: 'Dana Reyes', email: DANA, phone: '+16175550100' },
      { name: 'Sam Ortiz', email: SAM },
    ]);
    const cdrIds = await insertCdrs(t.db, [
      {
        customerId: w.harbId,
        callerNumber: '+16175550142',
        calledNumber: '+5321550101',
        startedAt: '2025-05-14T10:00:00Z',
        billsec: 300,
        country: 'CU',
        cost: 6.15,
      },
      {
        customerId: w.harbId,
        callerNumber: '+16175550142',
        calledNumber: '+5321550102',
        startedAt: '2025-05-14T10:07:00Z',
        billsec: 240,
        country: 'CU',
        cost: 4.92,
      },
    ]);
    const id = await openCase(t, w.tech, { evidence: { cdrIds } });
    const number = await numberOf(id);
    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+5321' }] }),
      200,
    );
    const mails = await eventually(() => {
      const m = mailsFor(number);
      expect(m).toHaveLength(2);
      return m;
    });
    const byTo = Object.fromEntries(mails.map((m) => [m.to[0], m]));
    expect(byTo[DANA].text.startsWith('Hello Dana Reyes,\n')).toBe(true);
    expect(byTo[SAM].text.startsWith('Hello Sam Ortiz,\n')).toBe(true);
    for (const mail of mails) {
      expect(mail.html).toContain('Calls to numbers starting +5321 (Cuba)');
      expect(mail.text).toContain('The call records of this case (CSV) and a report (PDF) are attached.');
      expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
        [`${number}-cdrs.csv`, 'text/csv'],
        [`${number}-report.pdf`, 'application/pdf'],
      ]);
      const csv = mail.attachments[0].content.toString('utf8');
      expect(csv.split('\r\n')[0]).toMatch(/^call_id,started_at,/);
      expect(csv).toContain('+5321550101');
      expect(csv).toContain('+5321550102');
      expect(mail.attachments[1].content.subarray(0, 5).toString()).toBe('%PDF-');
      // No inbound door in this test: the mail does not offer an answer by email.
      expect(mail.text).not.toMatch(/reply|answer by email/i);
      expect(mail.text).not.toMatch(/\bRESTRICT\b|destination_class|\bblock\b/);
    }
    // Each contact's links are their own.
    expect(linkOf(byTo[DANA], 'It was fraud — the source is removed')).not.toBe(
      linkOf(byTo[SAM], 'It was fraud — the source is removed'),
    );
  });

  it('a mail that announces an attachment always has it; a case without calls attaches only the report', async () => {
    const id = await openCase(t, w.tech);
    const number = await numberOf(id);
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+676' }] }), 200);
    expectStatus(await act(t, w.tech, id, 'DISMISS', { reason: 'a known test' }), 200);
    const mails = await eventually(() => {
      const m = mailsFor(number);
      expect(m).toHaveLength(4);
      return m;
    });
    const restricted = mails.filter((m) => m.subject.includes('Action required'));
    for (const mail of restricted) {
      expect(mail.text).toContain('A report of this case (PDF) is attached.');
      expect(mail.attachments.map((a) => a.filename)).toEqual([`${number}-report.pdf`]);
    }
    // Over every mail received so far: "attached" is said only with an attachment.
    for (const mail of smtp.mails) {
      if (/attached/i.test(mail.text)) expect(mail.attachments.length, mail.subject).toBeGreaterThan(0);
    }
    // The mail of a closed case asks for nothing.
    const lifted = mails.filter((m) => m.subject.includes('Case closed'));
    expect(lifted).toHaveLength(2);
    for (const mail of lifted) {
      expect(mail.text).not.toMatch(/your review|It was fraud|please tell us/i);
      expect(mail.attachments).toEqual([]);
    }
  });

  it('a signed review link opens its ticket with the choice for that customer only; altered, expired or foreign links give nothing', async () => {
    const id = await openCase(t, w.tech);
    const number = await numberOf(id);
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+881' }] }), 200);
    const mail = await eventually(() => {
      const m = mailsFor(number).find((x) => x.to[0] === DANA);
      expect(m).toBeDefined();
      return m!;
    });
    const fraud = tokenOf(linkOf(mail, 'It was fraud — the source is removed'));
    const legit = tokenOf(linkOf(mail, 'It is legitimate — I accept the charges'));
    expect(expectStatus(await t.api('GET', `/api/review-links/${fraud}`, { token: w.harbUser }), 200).body).toEqual({
      ticketId: id,
      verdict: 'fraudulent',
    });
    expect(expectStatus(await t.api('GET', `/api/review-links/${legit}`, { token: w.harbUser }), 200).body).toEqual({
      ticketId: id,
      verdict: 'legitimate',
    });
    // Sign-in is required.
    expectStatus(await t.api('GET', `/api/review-links/${fraud}`), 401);
    // Altered: the choice swapped under the same signature, or the signature changed.
    const [body, sig] = fraud.split('.');
    const swapped = Buffer.from(Buffer.from(body, 'base64url').toString().replace('fraudulent', 'legitimate')).toString(
      'base64url',
    );
    const flipped = sig.slice(0, -2) + (sig.endsWith('AA') ? 'BB' : 'AA');
    for (const bad of [`${swapped}.${sig}`, `${body}.${flipped}`, 'not-a-link', `${body}.${sig}.x`]) {
      expectError(await t.api('GET', `/api/review-links/${bad}`, { token: w.harbUser }), 404, 'review_link_invalid');
    }
    // Another customer's user learns nothing, not even that the link is genuine.
    const foreign = await t.api('GET', `/api/review-links/${fraud}`, { token: w.acmeUser });
    expectError(foreign, 404, 'review_link_invalid');
    expect(JSON.stringify(foreign.body)).not.toContain(id);

    // 15 days later (REVIEW_LINK_DAYS is 14), the link has expired.
    clock.advance(15 * 86_400_000);
    const harbUser = await t.login('portal@harborview.example.com', 'a-long-password-1');
    expectError(await t.api('GET', `/api/review-links/${fraud}`, { token: harbUser }), 410, 'review_link_expired');
    const acmeUser = await t.login('portal@acme-dental.example.com', 'a-long-password-1');
    expectError(await t.api('GET', `/api/review-links/${fraud}`, { token: acmeUser }), 404, 'review_link_invalid');
    clock.advance(-15 * 86_400_000);
  });

  it('holds mail back from an undeliverable contact, says so on the ticket, and saving the contacts keeps the mark', async () => {
    await t.db.query(
      `UPDATE customer_contacts SET undeliverable_at = now(), undeliverable_reason = '550 5.1.1 no such user'
        WHERE email = $1`,
      [SAM],
    );
    // The contacts are saved again with Sam unchanged and Dana's phone edited: Sam keeps the mark.
    await saveContacts([
      { name: 'Dana Reyes', email: DANA, phone: '+16175550199' },
      { name: 'Sam Ortiz', email: SAM },
    ]);
    const contacts = (await harbCustomer()).contacts;
    expect(contacts.map((c: any) => [c.email, c.undeliverable])).toEqual([
      [DANA, false],
      [SAM, true],
    ]);

    const id = await openCase(t, w.tech);
    const number = await numberOf(id);
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+7' }] }), 200);
    await eventually(() => expect(mailsFor(number).map((m) => m.to)).toEqual([[DANA]]));
    const timeline = expectStatus(await t.api('GET', `/api/tickets/${id}/timeline`, { token: w.tech }), 200).body.items;
    const held = timeline.find((e: any) => e.type === 'mail_withheld');
    expect(held).toMatchObject({
      visibility: 'internal',
      payload: { recipients: [{ name: 'Sam Ortiz', email: SAM }] },
    });
    // The customer does not see the NOC's note.
    const portal = expectStatus(await t.api('GET', `/api/tickets/${id}/timeline`, { token: w.harbUser }), 200).body
      .items;
    expect(portal.some((e: any) => e.type === 'mail_withheld')).toBe(false);

    // A new address is a new contact: no mark.
    await saveContacts([
      { name: 'Dana Reyes', email: DANA },
      { name: 'Sam Ortiz', email: 'sam.ortiz@harborview.example.com' },
    ]);
    expect((await harbCustomer()).contacts.map((c: any) => c.undeliverable)).toEqual([false, false]);
  });
});
