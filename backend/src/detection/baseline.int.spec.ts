import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, eventually, startTestSmtp } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { HEADER } from '../../test/cdrs.js';

const INTERSTATE = '+14155550100'; // Chicago → San Francisco
const INTERNATIONAL = '+442079460000';

/** `count` ten-minute calls from Acme's reception, one a minute from `startIso`. */
function calls(prefix: string, startIso: string, count: number, to = INTERSTATE): string[] {
  return Array.from({ length: count }, (_, i) => {
    const start = new Date(Date.parse(startIso) + i * 60_000);
    const answer = new Date(start.getTime() + 1000).toISOString();
    const end = new Date(start.getTime() + 601_000).toISOString();
    return `${prefix}-${i},${start.toISOString()},ACME01,192.0.2.20,acme-111,+13125550111,${to},${answer},${end},601,600,ANSWERED,200,`;
  });
}

describe('baseline rules on a schedule (real PostgreSQL, durable timers, mail)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  // Thursday 2026-03-05, 15:10 in Chicago: the 14:00 hour has just ended.
  const clock = new ManualClock('2026-03-05T21:10:00Z');

  const importCsv = async (lines: string[]) =>
    expectStatus(
      await t.api('POST', '/api/cdrs/import', {
        token: w.tech,
        raw: [HEADER, ...lines].join('\n') + '\n',
        headers: { 'content-type': 'text/csv' },
      }),
      201,
    ).body;
  /** One scheduled run: the baseline timer is due every 5 minutes of the clock. */
  const runTimer = async () => {
    clock.advance(5 * 60_000);
    await t.app.get(Scheduler).runDue();
  };
  const events = async () =>
    expectStatus(await t.api('GET', `/api/events?customerId=${w.acmeId}&kind=baseline`, { token: w.admin }), 200).body
      .items as { id: string; ticketId: string | null; severity: string; summary: string; dedupeKey: string }[];
  const alertMails = () => smtp.mails.filter((m) => m.to.includes('alerts@acme-dental.example.com'));

  beforeAll(async () => {
    smtp = await startTestSmtp();
    t = await createTestApp(
      {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'noc@carrier.example',
        PUBLIC_URL: 'https://tollgate.carrier.example',
        TIMER_SWEEP_MS: '0',
      },
      { clock },
    );
    w = await caseWorld(t);
    // Four previous Thursdays: 200 interstate minutes between 14:00 and 15:00 in Chicago (20:00 UTC in winter).
    const history = ['2026-02-05', '2026-02-12', '2026-02-19', '2026-02-26'].flatMap((d) =>
      calls(`hist-${d}`, `${d}T20:00:00Z`, 20),
    );
    expect(await importCsv(history)).toMatchObject({ imported: 80, rejected: 0 });
    expectStatus(
      await t.api('PATCH', `/api/customers/${w.acmeId}/detection`, {
        token: w.acmeUser,
        body: { alerts: { contacts: [{ name: 'Alerts', email: 'alerts@acme-dental.example.com' }] } },
      }),
      200,
    );
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('a surge over the weekday-hour normal opens one case, escalated by a later run, in plain words', async () => {
    expectStatus(
      await t.api('POST', '/api/rules', {
        token: w.admin,
        body: { name: 'Baselines', kind: 'baseline', scope: 'global', params: {} },
      }),
      201,
    );
    // 300 minutes this Thursday at 14:00: +50 % over the normal of 200.
    await importCsv(calls('today-a', '2026-03-05T20:00:00Z', 30));
    await runTimer();
    const [warning] = await events();
    expect(warning).toMatchObject({ severity: 'warning', dedupeKey: 'baseline:interstate:2026-03-05' });
    expect(warning.summary).toBe(
      "Interstate calling is 1.5× normal for a Thursday at 14:00 (America/Chicago): 300 min against a normal of 200 min (ACME01; mean of 4 previous Thursdays); rule 'Baselines' notifies at +25 %, warns at +50 % and is urgent at +100 %",
    );
    expect(warning.ticketId).toBeTruthy();

    // Late CDRs of the same hour take it to 420 minutes (2.1×): the same ticket becomes urgent.
    await importCsv(calls('today-b', '2026-03-05T20:30:00Z', 12));
    await runTimer();
    const [urgent, first] = await events();
    expect(first.id).toBe(warning.id);
    expect(urgent).toMatchObject({ severity: 'urgent', ticketId: warning.ticketId });
    expect(urgent.summary).toMatch(
      /^Interstate calling is 2\.1× normal for a Thursday at 14:00 \(America\/Chicago\): 420 min against a normal of 200 min/,
    );
    const ticket = expectStatus(await t.api('GET', `/api/tickets/${urgent.ticketId}`, { token: w.tech }), 200).body;
    expect(ticket).toMatchObject({ severity: 'urgent', kind: 'baseline' });

    // Another run, and another: nothing new.
    await runTimer();
    await runTimer();
    expect(await events()).toHaveLength(2);

    // A backtest of the rule over that day runs the same evaluation over the stored hours: it sees the 14:00
    // hour whole (420 min, urgent) and stores nothing.
    const rules = expectStatus(await t.api('GET', '/api/rules', { token: w.admin }), 200).body.items;
    const rule = rules.find((r: { name: string }) => r.name === 'Baselines');
    const backtest = expectStatus(
      await t.api('POST', '/api/rules/backtest', {
        token: w.tech,
        body: {
          rule: { id: rule.id, name: rule.name, kind: 'baseline', scope: 'global', params: rule.params },
          from: '2026-03-05T06:00:00Z',
          to: '2026-03-05T21:00:00Z',
        },
      }),
      200,
    ).body;
    expect(backtest.events.map((e: { severity: string; dedupeKey: string }) => [e.severity, e.dedupeKey])).toEqual([
      ['urgent', 'baseline:interstate:2026-03-05'],
    ]);
    expect(backtest.events[0].summary).toBe(urgent.summary);
    expect(await events()).toHaveLength(2);

    // The alert contact got both, with the words and the link to the alert page.
    await eventually(() => expect(alertMails()).toHaveLength(2));
    const mail = alertMails().find((m) => m.text.includes('2.1×'))!;
    expect(mail.subject).toMatch(/^Urgent alert for your account ACME01: Interstate calling is 2\.1× normal/);
    expect(mail.text).toContain(urgent.summary);
    expect(mail.text).toContain(`https://tollgate.carrier.example/alerts/${urgent.id}`);
    expect(mail.text).toContain('alert contact of ACME01, for warnings and urgent alerts');
  });

  it('the alert page shows the words and that day’s minutes per hour against the normal, to its customer only', async () => {
    const [urgent] = await events();
    const page = expectStatus(await t.api('GET', `/api/alerts/${urgent.id}`, { token: w.acmeUser }), 200).body;
    expect(page).toMatchObject({
      id: urgent.id,
      accountCode: 'ACME01',
      severity: 'urgent',
      summary: urgent.summary,
      chart: { timezone: 'America/Chicago', day: '2026-03-05', jurisdiction: 'interstate' },
    });
    expect(page.chart.hours).toHaveLength(24);
    expect(page.chart.hours[14]).toMatchObject({
      label: '14:00',
      startsAt: '2026-03-05T20:00:00.000Z',
      minutes: 420,
      normal: 200,
    });
    expect(page.chart.hours[13]).toMatchObject({ minutes: 0, normal: 0 });
    // Later that day has not happened yet on the clock.
    expect(page.chart.hours[20]).toMatchObject({ minutes: null });
    expectStatus(await t.api('GET', `/api/alerts/${urgent.id}`, { token: w.tech }), 200);
    expectError(
      await t.api('GET', `/api/alerts/${urgent.id}`, { token: w.harbUser }),
      404,
      'detection_alert_not_found',
    );
    expectError(
      await t.api('GET', '/api/alerts/00000000-0000-4000-8000-000000000000', { token: w.admin }),
      404,
      'detection_alert_not_found',
    );
  });

  it('a snoozed customer raises nothing for the rest of the day; ending the snooze lets it through', async () => {
    expectStatus(await t.api('POST', `/api/customers/${w.acmeId}/detection/snooze`, { token: w.acmeUser }), 200);
    // 45 international minutes at 14:00, where Acme never called abroad.
    await importCsv(
      calls('abroad', '2026-03-05T20:10:00Z', 5, INTERNATIONAL).map((l) => l.replace(',601,600,', ',541,540,')),
    );
    await runTimer();
    expect(await events()).toHaveLength(2);

    expectStatus(await t.api('DELETE', `/api/customers/${w.acmeId}/detection/snooze`, { token: w.acmeUser }), 200);
    await runTimer();
    const [abroad] = await events();
    expect(abroad).toMatchObject({ severity: 'urgent', dedupeKey: 'baseline:international:2026-03-05' });
    expect(abroad.summary).toMatch(
      /^International calling is far above normal for a Thursday at 14:00 \(America\/Chicago\): 45 min against a normal of 0 min/,
    );
    await eventually(() => expect(alertMails()).toHaveLength(3));
  });
});
