import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { customerMailContacts, type MailContact } from '../customers/customer-mail.js';
import type { AttachmentRef } from '../notifications/mail-attachments.js';
import { Outbox, type OutboxMessage } from '../notifications/outbox.js';
import type { PageRecipient } from '../oncall/pager.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import { activeStaffEmails } from '../users/staff-mail.js';
import { formatTicketNumber } from './case-kinds.js';
import { type CustomerMailTemplate, customerMail } from './customer-mail-templates.js';
import { hasLinkedCdrs } from './evidence-rows.js';
import { ReviewLinks } from './review-links.js';
import { type MailTicket, pageMail, pageSms, technicianMail } from './ticket-mail-templates.js';
import { SYSTEM_ACTOR } from './ticket-rows.js';
import { mailHead } from './ticket-read-rows.js';
import { writeTimeline } from './timeline-rows.js';

/** The case's evidence as mail attachments; tickets/ registers the renderers (tickets.module.ts). */
export const CASE_CALL_RECORDS = 'ticket.call_records_csv';
export const CASE_REPORT = 'ticket.customer_report_pdf';

/** Templates that carry the case's evidence (call records when it has any, and the report). */
const ATTACHING: ReadonlySet<CustomerMailTemplate> = new Set(['restricted']);

/** What a ticket change tells whom; rendered and addressed in the change's transaction. */
export type TicketMailIntent =
  | { kind: 'customer_mail'; template: CustomerMailTemplate; message?: string; restrictions?: RestrictionSpec[] }
  | { kind: 'technician_mail'; reason: string; verdict?: string; message?: string }
  | {
      kind: 'oncall_page';
      level: number;
      reason?: string;
      /** Each gets a mail and an SMS with their own acknowledge link. */
      recipients: PageRecipient[];
      nextLevelInMinutes: number | null;
    };

/**
 * Turns a ticket's mail intents into outbox messages. The outbox sits below the lifecycle: it gets
 * finished mails (recipients, subject, text), so it never reads tickets.
 */
@Injectable()
export class TicketMail {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outbox: Outbox,
    private readonly reviewLinks: ReviewLinks,
  ) {}

  /** Replies are read when mail can come in: the SMTP listener or the IMAP poller. */
  private get repliesRead(): boolean {
    return this.config.inboundSmtpPort > 0 || !!this.config.imapUrl;
  }

  /** True when something was queued (the caller kicks the outbox after commit). */
  async enqueue(m: EntityManager, ticketId: string, intents: TicketMailIntent[]): Promise<boolean> {
    if (!intents.length) return false;
    const ticket = await this.mailTicket(m, ticketId);
    const messages: OutboxMessage[] = [];
    for (const i of intents) messages.push(...(await this.render(m, ticket, i)));
    await this.outbox.enqueue(m, messages);
    return true;
  }

  /** Pending pages are withdrawn once the escalation ends. */
  async withdrawPages(m: EntityManager, ticketId: string): Promise<void> {
    const why = 'escalation ended before the page was sent';
    await this.outbox.withdraw(m, ticketId, 'oncall_page', why);
    await this.outbox.withdraw(m, ticketId, 'oncall_sms', why);
  }

  private async render(
    m: EntityManager,
    t: MailTicket & { contacts: MailContact[] },
    i: TicketMailIntent,
  ): Promise<OutboxMessage[]> {
    const staffUrl = `${this.config.publicUrl}/tickets/${t.id}`;
    const thread = { ticketId: t.id, ticketNumber: t.number };
    switch (i.kind) {
      case 'customer_mail':
        return this.customerMails(m, t, i);
      case 'technician_mail': {
        const mail = technicianMail(t, staffUrl, i);
        // A new block or urgent case goes to the NOC's alert address when one is set.
        const alert = i.reason === 'new_case' && this.config.nocAlertEmails.length > 0;
        const to = {
          to: alert ? this.config.nocAlertEmails : await activeStaffEmails(m, 'technician'),
          noRecipient: 'no active technician',
        };
        return [{ kind: i.kind, ticketId: t.id, payload: { ...mail, ...to, thread } }];
      }
      case 'oncall_page': {
        if (!i.recipients.length) {
          const mail = pageMail(t, staffUrl, { level: i.level, reason: i.reason, ackUrl: staffUrl });
          return [
            { kind: i.kind, ticketId: t.id, payload: { ...mail, to: [], noRecipient: 'no active engineer to page' } },
          ];
        }
        // The on-call rota chose the recipients; each link acknowledges as that engineer.
        return i.recipients.flatMap((r): OutboxMessage[] => {
          const text = {
            level: i.level,
            reason: i.reason,
            ackUrl: `${this.config.publicUrl}/ack/${r.ackToken}`,
            nextLevelInMinutes: i.nextLevelInMinutes,
          };
          return [
            { kind: 'oncall_page', ticketId: t.id, payload: { ...pageMail(t, staffUrl, text), to: [r.email], thread } },
            {
              kind: 'oncall_sms',
              ticketId: t.id,
              payload: { ...pageSms(t, text), to: r.phone ? [r.phone] : [], noRecipient: `${r.name} has no phone` },
            },
          ];
        });
      }
    }
  }

  /**
   * One mail per contact with an address, greeting them by name, with review links bound to them. Contacts whose
   * mail bounced are held back, and the ticket's timeline says who was skipped.
   */
  private async customerMails(
    m: EntityManager,
    t: MailTicket & { contacts: MailContact[] },
    i: Extract<TicketMailIntent, { kind: 'customer_mail' }>,
  ): Promise<OutboxMessage[]> {
    const withEmail = t.contacts.filter((c) => c.email);
    const held = withEmail.filter((c) => c.undeliverable);
    if (held.length) {
      await writeTimeline(m, {
        ticketId: t.id,
        actor: SYSTEM_ACTOR,
        type: 'mail_withheld',
        payload: {
          template: i.template,
          recipients: held.map((c) => ({ name: c.name, email: c.email })),
          reason: 'marked undeliverable (an earlier mail bounced)',
        },
        visibility: 'internal',
      });
    }
    const to = withEmail.filter((c) => !c.undeliverable);
    const thread = { ticketId: t.id, ticketNumber: t.number };
    if (!to.length) {
      const noRecipient = held.length
        ? 'every contact of the customer is marked undeliverable'
        : 'the customer has no contact email';
      return [
        { kind: 'customer_mail', ticketId: t.id, payload: { subject: '', text: '', to: [], noRecipient, thread } },
      ];
    }
    const attachments: AttachmentRef[] = [];
    if (ATTACHING.has(i.template)) {
      if (await hasLinkedCdrs(m, t.id)) attachments.push({ renderer: CASE_CALL_RECORDS, key: t.id });
      attachments.push({ renderer: CASE_REPORT, key: t.id });
    }
    const attached = {
      callRecords: attachments.some((a) => a.renderer === CASE_CALL_RECORDS),
      report: attachments.some((a) => a.renderer === CASE_REPORT),
    };
    return to.map((c): OutboxMessage => {
      const mail = customerMail(
        t,
        {
          contactName: c.name,
          // Customers read their tickets in the portal; staff in the workspace.
          portalUrl: `${this.config.publicUrl}/portal/tickets/${t.id}`,
          repliesRead: this.repliesRead,
          attached,
          reviewLinks: {
            fraud: this.reviewLinks.url(t.id, c.id, 'fraudulent'),
            legitimate: this.reviewLinks.url(t.id, c.id, 'legitimate'),
          },
        },
        i,
      );
      return {
        kind: 'customer_mail',
        ticketId: t.id,
        payload: { ...mail, to: [c.email!], thread, ...(attachments.length && { attachments }) },
      };
    });
  }

  /** The ticket as its mails show it, with its customer's name and contacts read once. */
  private async mailTicket(m: EntityManager, ticketId: string): Promise<MailTicket & { contacts: MailContact[] }> {
    const r = await mailHead(m, ticketId);
    const { name, contacts } = await customerMailContacts(m, r.customer_id);
    return {
      id: r.id,
      number: formatTicketNumber(r.number),
      title: r.title,
      customerName: name,
      clientSummary: r.client_summary,
      contacts,
    };
  }
}
