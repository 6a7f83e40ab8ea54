import { describe, expect, it } from 'vitest';
import {
  type CustomerMailContext,
  type CustomerMailTemplate,
  customerMail,
  restrictionWords,
} from './customer-mail-templates.js';
import type { MailTicket } from './ticket-mail-templates.js';

const ticket: MailTicket = {
  id: 't-1',
  number: 'FRD-000123',
  title: 'Calls to Cuba over the block threshold',
  customerName: 'Harborview Logistics',
  clientSummary: 'Potential Fraudulent Calls – Boston office – May 14, 2025\n\nThree calls to Cuba.',
};
const portalUrl = 'https://tollgate.example/portal/tickets/t-1';
const ctx: CustomerMailContext = {
  contactName: 'Dana Reyes',
  portalUrl,
  repliesRead: false,
  attached: { callRecords: false, report: false },
  reviewLinks: {
    fraud: 'https://tollgate.example/portal/review/f.sig',
    legitimate: 'https://tollgate.example/portal/review/l.sig',
  },
};
const ALL: CustomerMailTemplate[] = [
  'restricted',
  'restrictions_added',
  'info_requested',
  'restrictions_lifted',
  'dismissed',
  'reminder',
  'note',
];
/** The NOC's own words: event names, restriction kinds, severities, states. */
const INTERNAL = /\b(RESTRICT|LIFT|DISMISS|CUSTOMER_REVIEW|destination_class|ip|seat|block|urgent|notify)\b|→|->/;

describe(customerMail.name, () => {
  it('greets the contact by name, keeps the ticket number in the subject and lists the restrictions in words', () => {
    const sut = customerMail(ticket, ctx, {
      template: 'restricted',
      message: 'Please reset the desk phone.',
      restrictions: [
        { kind: 'ip', value: '203.0.113.77/32' },
        { kind: 'seat', value: '6175550142@harb.example.net' },
        { kind: 'destination', value: '+5321' },
        { kind: 'destination_class', value: 'premium' },
      ],
    });
    expect(sut.subject).toBe(
      '[FRD-000123] Action required: calls restricted – Potential Fraudulent Calls – Boston office – May 14, 2025',
    );
    expect(sut.text.startsWith('Hello Dana Reyes,\n')).toBe(true);
    expect(sut.text).toContain(
      'Restrictions in place:\n' +
        '  - Calls from the address 203.0.113.77\n' +
        '  - Calls by the user 6175550142@harb.example.net\n' +
        '  - Calls to numbers starting +5321 (Cuba)\n' +
        '  - Calls to expensive destinations',
    );
    expect(sut.text).toContain('Please reset the desk phone.');
    expect(sut.text).toContain('Three calls to Cuba.');
    expect(sut.html).toContain('<p>Hello Dana Reyes,</p>');
    expect(sut.html).toContain(
      '<a href="https://tollgate.example/portal/review/f.sig">It was fraud — the source is removed</a>',
    );
    expect(sut.html).toContain(
      '<a href="https://tollgate.example/portal/review/l.sig">It is legitimate — I accept the charges</a>',
    );
  });

  it('names attachments only when they are attached', () => {
    const none = customerMail(ticket, ctx, { template: 'restricted' });
    expect(none.text).not.toMatch(/attach/i);
    const both = customerMail(
      ticket,
      { ...ctx, attached: { callRecords: true, report: true } },
      { template: 'restricted' },
    );
    expect(both.text).toContain('The call records of this case (CSV) and a report (PDF) are attached.');
    const report = customerMail(
      ticket,
      { ...ctx, attached: { callRecords: false, report: true } },
      { template: 'restricted' },
    );
    expect(report.text).toContain('A report of this case (PDF) is attached.');
    expect(report.text).not.toMatch(/call records.*attached/i);
  });

  it('offers an answer by email only when replies are read, and a closed case asks for nothing', () => {
    for (const template of ALL) {
      const off = customerMail(ticket, ctx, { template });
      expect(off.text, template).not.toMatch(/reply|answer by email/i);
      const on = customerMail(ticket, { ...ctx, repliesRead: true }, { template });
      const closed = template === 'restrictions_lifted' || template === 'dismissed';
      expect(/answer by email/.test(on.text), template).toBe(!closed);
      if (closed) {
        expect(on.text, template).not.toMatch(/your review|please tell us|It was fraud/i);
        expect(on.text).toContain(portalUrl);
      }
    }
  });

  it('uses none of the NOC’s words, in any template', () => {
    for (const template of ALL) {
      const sut = customerMail(
        ticket,
        { ...ctx, attached: { callRecords: true, report: true }, repliesRead: true },
        {
          template,
          restrictions: [
            { kind: 'ip', value: '203.0.113.0/24' },
            { kind: 'account', value: 'HARB009' },
            { kind: 'destination_class', value: 'international' },
          ],
        },
      );
      expect(sut.text, template).not.toMatch(INTERNAL);
      expect(sut.subject, template).not.toMatch(INTERNAL);
    }
  });

  it('falls back to the ticket title when the summary is empty, and to the customer when the contact has no name', () => {
    const sut = customerMail({ ...ticket, clientSummary: '' }, { ...ctx, contactName: '' }, { template: 'reminder' });
    expect(sut.subject).toBe('[FRD-000123] Reminder: your review is needed – Calls to Cuba over the block threshold');
    expect(sut.text.startsWith('Hello Harborview Logistics,')).toBe(true);
  });
});

describe(restrictionWords.name, () => {
  it('names countries only where the prefix is that precise', () => {
    expect(restrictionWords({ kind: 'destination', value: '+53' })).toBe('Calls to numbers starting +53 (Cuba)');
    expect(restrictionWords({ kind: 'destination', value: '+1' })).toBe('Calls to numbers starting +1');
    expect(restrictionWords({ kind: 'destination', value: '+1876' })).toBe('Calls to numbers starting +1876 (Jamaica)');
    expect(restrictionWords({ kind: 'destination', value: '+881' })).toBe('Calls to numbers starting +881');
  });
});
