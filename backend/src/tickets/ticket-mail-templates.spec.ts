import { describe, expect, it } from 'vitest';
import { type MailTicket, pageMail, pageSms, technicianMail } from './ticket-mail-templates.js';

const ticket: MailTicket = {
  id: 't-1',
  number: 'FRD-000123',
  title: 'Calls to Cuba over the block threshold',
  customerName: 'Harborview Logistics',
  clientSummary: 'Potential Fraudulent Calls – Boston office – May 14, 2025\n\nThree calls to Cuba.',
};
const url = 'https://tollgate.example/tickets/t-1';

describe('staff mail', () => {
  it('tells technicians about a review and pages engineers with the level', () => {
    const review = technicianMail(ticket, url, {
      reason: 'customer_reviewed',
      verdict: 'fraudulent',
      message: 'reset',
    });
    expect(review.subject).toBe('[FRD-000123] Customer review received – Calls to Cuba over the block threshold');
    expect(review.text).toContain('Verdict: fraudulent');
    const ackUrl = 'https://noc.example/ack/abc';
    const page = pageMail(ticket, url, { level: 2, reason: 'nobody answered', ackUrl, nextLevelInMinutes: 15 });
    expect(page.subject).toBe(
      '[FRD-000123] PAGE level 2: Harborview Logistics – Calls to Cuba over the block threshold',
    );
    expect(page.text).toContain('Reason: nobody answered');
    expect(page.text).toContain(`Acknowledge (works from a phone, no sign-in): ${ackUrl}`);
    expect(page.text).toContain('the next level is paged in 15 minutes');
    const sms = pageSms(ticket, { level: 2, ackUrl });
    expect(sms.text).toBe(`Tollgate PAGE L2 FRD-000123 Harborview Logistics. Ack: ${ackUrl}`);
    expect(sms.text.length).toBeLessThanOrEqual(160);
  });
});
