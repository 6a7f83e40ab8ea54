import { describe, expect, it } from 'vitest';
import { alertMail, alertSms, alertWanted } from './alert-mail.js';
import { defaultDetectionSettings } from './rule-rows.js';

const NOW = Date.parse('2026-03-05T21:10:00Z');

describe(alertWanted.name, () => {
  const settings = (minSeverity: 'notify' | 'warning' | 'urgent', snoozedUntil: Date | null = null) => {
    const s = defaultDetectionSettings('c1');
    return { ...s, alerts: { ...s.alerts, minSeverity, snoozedUntil } };
  };

  it('tells of events at or above the customer’s level, block included', () => {
    expect(alertWanted(settings('warning'), 'notify', NOW)).toBe(false);
    expect(alertWanted(settings('warning'), 'warning', NOW)).toBe(true);
    expect(alertWanted(settings('warning'), 'block', NOW)).toBe(true);
    expect(alertWanted(settings('urgent'), 'warning', NOW)).toBe(false);
    expect(alertWanted(settings('notify'), 'notify', NOW)).toBe(true);
  });

  it('tells nothing while snoozed, and again once the snooze has ended', () => {
    const until = new Date('2026-03-06T06:00:00Z');
    expect(alertWanted(settings('notify', until), 'block', NOW)).toBe(false);
    expect(alertWanted(settings('notify', until), 'block', until.getTime())).toBe(true);
  });
});

describe(alertMail.name, () => {
  const event = {
    id: 'e1',
    ticketId: 't1',
    customerId: 'c1',
    kind: 'baseline' as const,
    severity: 'urgent' as const,
    summary: 'Interstate calling is 2.1× normal for a Thursday at 14:00 (America/Chicago): 420 min',
    occurredAt: '2026-03-05T21:00:00Z',
  };
  const acme = { name: 'Acme Dental', accountCode: 'ACME01', timezone: 'America/Chicago' };

  it('greets the contact, carries the detector’s words and the link to the alert page, and claims nothing else', () => {
    const mail = alertMail(event, acme, 'Lee Park', 'warning', 'https://tollgate.example');
    expect(mail.subject).toBe(
      'Urgent alert for your account ACME01: Interstate calling is 2.1× normal for a Thursday at 14:00 (America/Chicago): 420 min',
    );
    expect(mail.text.startsWith('Hello Lee Park,\n')).toBe(true);
    expect(mail.text).toContain('for warnings and urgent alerts');
    // Severities are the NOC's names, not the customer's words.
    expect(mail.text).not.toMatch(/\b(urgent|warning|notify|block) alert\b|at warning or above/);
    expect(alertMail(event, acme, undefined, 'notify', 'https://x.example').text).toMatch(/^Hello Acme Dental,/);
    expect(mail.text).toContain('Interstate calling is 2.1× normal for a Thursday at 14:00 (America/Chicago): 420 min');
    expect(mail.text).toContain('https://tollgate.example/alerts/e1');
    expect(mail.text).toContain('https://tollgate.example/portal/alerts');
    expect(mail.text).not.toMatch(/SMS|text message/i);
  });

  it('fits an SMS with its link', () => {
    const sms = alertSms({ ...event, summary: 'x'.repeat(500) }, acme, 'https://tollgate.example');
    expect(sms.length).toBeLessThanOrEqual(320);
    expect(sms.startsWith('Tollgate urgent alert ACME01: ')).toBe(true);
    expect(sms.endsWith(' https://tollgate.example/alerts/e1')).toBe(true);
  });
});
