// Customer mail: one per contact, greeting them by name, in the customer's words. Every sentence must be
// true of this mail: it names attachments only when they are attached, asks for a reply by email only when
// replies are read, and a mail about a closed case asks for nothing. Internal words (event names, restriction
// kinds, severities) never appear; countries are named.
import { customerRestriction } from '../common/customer-words.js';
import { type MailBlock, renderMailBody } from '../notifications/mail-html.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import type { MailTicket, RenderedMail } from './ticket-mail-templates.js';

/** Customer mail templates: the machine's, plus the reminder and customer-visible notes. */
export type CustomerMailTemplate =
  'restricted' | 'restrictions_added' | 'info_requested' | 'restrictions_lifted' | 'dismissed' | 'reminder' | 'note';

export interface CustomerMailContext {
  /** The contact greeted; the customer's name when the contact has none. */
  contactName: string;
  /** The case in the portal. */
  portalUrl: string;
  /** Whether replies by email reach the ticket (an inbound door is open). */
  repliesRead: boolean;
  /** What is attached to this very mail. */
  attached: { callRecords: boolean; report: boolean };
  /** Signed one-click links to the portal's review form, one choice preselected each. */
  reviewLinks?: { fraud: string; legitimate: string };
}

export interface CustomerMailInput {
  template: CustomerMailTemplate;
  message?: string;
  restrictions?: RestrictionSpec[];
}

/** A restriction as the customer reads it (the portal's and the PDF's words): what is blocked, countries by name. */
export function restrictionWords(r: RestrictionSpec): string {
  const words = customerRestriction(r);
  return words.charAt(0).toUpperCase() + words.slice(1);
}

interface Template {
  subject: string;
  intro: string;
  restrictionsHeading?: string;
  /** The customer is asked to review (fraud or legitimate). */
  asksReview?: boolean;
  /** The case is closed: the mail asks for nothing. */
  closed?: boolean;
}

const TEMPLATES: Record<CustomerMailTemplate, Template> = {
  restricted: {
    subject: 'Action required: calls restricted',
    intro:
      'We detected potentially fraudulent calls on your account and restricted the following to protect you from further charges.',
    restrictionsHeading: 'Restrictions in place:',
    asksReview: true,
  },
  restrictions_added: {
    subject: 'Action required: further restrictions',
    intro: 'The suspicious traffic continued, so we added the following restrictions.',
    restrictionsHeading: 'Restrictions added:',
    asksReview: true,
  },
  info_requested: {
    subject: 'More information needed',
    intro: 'We need more information before we can lift the restrictions on your account.',
  },
  restrictions_lifted: {
    subject: 'Restrictions lifted',
    intro: 'Your case is resolved and the following restrictions have been lifted.',
    restrictionsHeading: 'Lifted:',
    closed: true,
  },
  dismissed: {
    subject: 'Case closed: no action needed',
    intro: 'On review the traffic was not fraudulent. Any restrictions we placed have been lifted.',
    restrictionsHeading: 'Lifted:',
    closed: true,
  },
  reminder: {
    subject: 'Reminder: your review is needed',
    intro: 'Restrictions are still in place on your account while we wait for your review.',
    restrictionsHeading: 'Restrictions in place:',
    asksReview: true,
  },
  note: { subject: 'Update on your case', intro: 'We added an update to your case.' },
};

/** The client summary's first line is its title. */
export function summaryTitle(t: MailTicket): string {
  return t.clientSummary.split('\n', 1)[0]?.trim() || t.title;
}

function attachedSentence(a: CustomerMailContext['attached']): string {
  if (a.callRecords && a.report) return 'The call records of this case (CSV) and a report (PDF) are attached.';
  if (a.report) return 'A report of this case (PDF) is attached.';
  if (a.callRecords) return 'The call records of this case (CSV) are attached.';
  return '';
}

export function customerMail(t: MailTicket, ctx: CustomerMailContext, p: CustomerMailInput): RenderedMail {
  const tpl = TEMPLATES[p.template];
  const restrictions = (p.restrictions ?? []).map((r) => `  - ${restrictionWords(r)}`);
  const blocks: MailBlock[] = [`Hello ${ctx.contactName || t.customerName},`, tpl.intro];
  if (p.message?.trim()) blocks.push(p.message.trim());
  if (tpl.restrictionsHeading && restrictions.length) blocks.push([tpl.restrictionsHeading, ...restrictions]);
  if (t.clientSummary.trim()) blocks.push(t.clientSummary.trim());
  blocks.push(attachedSentence(ctx.attached));
  if (tpl.asksReview) {
    blocks.push(
      'Please tell us whether these calls were fraudulent (and the source is removed) or legitimate ' +
        '(and you accept the charges). Each link opens the review form of this case in the portal; you sign in first.',
    );
    blocks.push({
      links: ctx.reviewLinks
        ? [
            { label: 'It was fraud — the source is removed', url: ctx.reviewLinks.fraud },
            { label: 'It is legitimate — I accept the charges', url: ctx.reviewLinks.legitimate },
            { label: 'The case and its calls in the portal', url: ctx.portalUrl },
          ]
        : [{ label: 'Review the case in the portal', url: ctx.portalUrl }],
    });
  } else {
    blocks.push({ links: [{ label: 'The case in the portal', url: ctx.portalUrl }] });
  }
  if (!tpl.closed && ctx.repliesRead)
    blocks.push(`You can also answer by email: reply keeping [${t.number}] in the subject.`);
  blocks.push('Tollgate NOC');
  return { subject: `[${t.number}] ${tpl.subject} – ${summaryTitle(t)}`, ...renderMailBody(blocks) };
}
