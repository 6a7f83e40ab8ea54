import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, eventually, openCase, startTestSmtp } from '../../test/cases.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('a new block or urgent case reaches the NOC by mail at once (real SMTP)', () => {
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp({ SMTP_URL: smtp.url, NOC_ALERT_EMAIL: 'noc-alerts@carrier.test, duty@carrier.test' });
    w = await caseWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  const alerts = () => smtp.mails.filter((m) => m.subject.includes('New case needs a technician'));

  it("mails the NOC's alert addresses for a new urgent case, with the ticket's link", async () => {
    const id = await openCase(t, w.tech, { severity: 'urgent', summary: 'IRSF burst to Latvia from 192.0.2.199' });
    const ticket = await t.api('GET', `/api/tickets/${id}`, { token: w.tech });
    expect(ticket.status).toBe(200);
    const mail = await eventually(() => {
      const found = alerts().find((m) => m.subject.startsWith(`[${ticket.body.number}]`));
      expect(found).toBeDefined();
      return found!;
    });
    expect(mail.to).toEqual(['noc-alerts@carrier.test', 'duty@carrier.test']);
    expect(mail.subject).toBe(
      `[${ticket.body.number}] New case needs a technician – IRSF burst to Latvia from 192.0.2.199`,
    );
    expect(mail.text).toContain(`/tickets/${id}`);
    expect(mail.text).toContain('Message: IRSF burst to Latvia from 192.0.2.199');
  });

  it('does not mail for a warning, nor for a further event on an open case', async () => {
    const before = alerts().length;
    const warning = await openCase(t, w.tech, { severity: 'warning', summary: 'A few calls to Cuba' });
    const again = await openCase(t, w.tech, { severity: 'block', summary: 'Block A', dedupeKey: 'one-episode' });
    expect(warning).not.toBe(again);
    // The same episode again: the case grows, nobody is mailed a second time.
    const same = await openCase(t, w.tech, { severity: 'block', summary: 'Block A again', dedupeKey: 'one-episode' });
    expect(same).toBe(again);
    await eventually(() => expect(alerts().length).toBe(before + 1));
    // Give a stray second mail the time to arrive before saying there is none.
    await new Promise((r) => setTimeout(r, 1500));
    expect(alerts().length).toBe(before + 1);
  });
});
