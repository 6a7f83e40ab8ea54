import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { customerMailContacts } from '../customers/customer-mail.js';
import { Outbox, type OutboxMessage } from '../notifications/outbox.js';
import type { PageRecipient } from '../oncall/pager.js';
import { activeStaffEmails } from '../users/staff-mail.js';
import { formatTicketNumber } from './case-kinds.js';
import { mailHead } from './ticket-read-rows.js';
import {
  type CustomerMailTemplate,
  customerMail,
  type MailTicket,
  pageMail,
  pageSms,
  technicianMail,
} from './ticket-mail-templates.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';

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
  ) {}

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
    t: MailTicket & { contactEmails: string[] },
    i: TicketMailIntent,
  ): Promise<OutboxMessage[]> {
    const staffUrl = `${this.config.publicUrl}/tickets/${t.id}`;
    const thread = { ticketId: t.id, ticketNumber: t.number };
    switch (i.kind) {
      case 'customer_mail': {
        // Customers read their tickets in the portal; staff in the workspace.
        const mail = customerMail(t, `${this.config.publicUrl}/portal/tickets/${t.id}`, i);
        const to = { to: t.contactEmails, noRecipient: 'the customer has no contact email' };
        return [{ kind: i.kind, ticketId: t.id, payload: { ...mail, ...to, thread } }];
      }
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
            // No SMS gateway yet: the SMS kind is delivered to the engineer's email (see notifications.module.ts).
            { kind: 'oncall_sms', ticketId: t.id, payload: { ...pageSms(t, text), to: [r.email] } },
          ];
        });
      }
    }
  }

  /** The ticket as its mails show it, with its customer's name and contacts read once. */
  private async mailTicket(m: EntityManager, ticketId: string): Promise<MailTicket & { contactEmails: string[] }> {
    const r = await mailHead(m, ticketId);
    const { name, emails } = await customerMailContacts(m, r.customer_id);
    return {
      id: r.id,
      number: formatTicketNumber(r.number),
      title: r.title,
      customerName: name,
      clientSummary: r.client_summary,
      contactEmails: emails,
    };
  }
}
