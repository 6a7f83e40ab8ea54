// Plain-text mail bodies. Only customer-facing text goes into customer mail: the client summary,
// restriction values and messages a technician wrote for the customer — never notes or reasons.
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';

/** Customer mail templates: the machine's, plus the reminder and customer-visible notes. */
export type CustomerMailTemplate =
  'restricted' | 'restrictions_added' | 'info_requested' | 'restrictions_lifted' | 'dismissed' | 'reminder' | 'note';

export interface MailTicket {
  id: string;
  number: string;
  title: string;
  customerName: string;
  clientSummary: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
}

const RESTRICTION_LABEL: Record<RestrictionSpec['kind'], string> = {
  ip: 'Source IP',
  seat: 'Seat (user)',
  group: 'Group',
  destination: 'Destination prefix',
  destination_class: 'Destination class',
  account: 'Whole account',
};

/** The client summary's first line is its title. */
export function summaryTitle(t: MailTicket): string {
  return t.clientSummary.split('\n', 1)[0]?.trim() || t.title;
}

function restrictionLines(list: RestrictionSpec[] | undefined): string[] {
  return (list ?? []).map((r) => `  - ${RESTRICTION_LABEL[r.kind]}: ${r.value}`);
}

const CUSTOMER: Record<CustomerMailTemplate, { subject: string; intro: string; restrictionsHeading?: string }> = {
  restricted: {
    subject: 'Action required: calls restricted',
    intro:
      'We detected potentially fraudulent calls on your account and restricted the following to protect you from further charges.',
    restrictionsHeading: 'Restrictions in place:',
  },
  restrictions_added: {
    subject: 'Action required: further restrictions',
    intro: 'The suspicious traffic continued, so we added the following restrictions.',
    restrictionsHeading: 'Restrictions added:',
  },
  info_requested: {
    subject: 'More information needed',
    intro: 'We need more information before we can lift the restrictions on your account.',
  },
  restrictions_lifted: {
    subject: 'Restrictions lifted',
    intro: 'Your case is resolved and the following restrictions have been lifted.',
    restrictionsHeading: 'Lifted:',
  },
  dismissed: {
    subject: 'Case closed: no action needed',
    intro: 'On review the traffic was not fraudulent. Any restrictions we placed have been lifted.',
    restrictionsHeading: 'Lifted:',
  },
  reminder: {
    subject: 'Reminder: your review is needed',
    intro:
      'Restrictions are still in place on your account while we wait for your review. Please tell us whether the calls were fraudulent (and the source is removed) or legitimate (and you accept the charges).',
    restrictionsHeading: 'Restrictions in place:',
  },
  note: { subject: 'Update on your case', intro: 'The NOC added an update to your case.' },
};

export function customerMail(
  t: MailTicket,
  portalUrl: string,
  p: { template: CustomerMailTemplate; message?: string; restrictions?: RestrictionSpec[] },
): RenderedMail {
  const tpl = CUSTOMER[p.template];
  const lines = [`Hello ${t.customerName},`, '', tpl.intro, ''];
  if (p.message?.trim()) lines.push(p.message.trim(), '');
  const restrictions = restrictionLines(p.restrictions);
  if (tpl.restrictionsHeading && restrictions.length) lines.push(tpl.restrictionsHeading, ...restrictions, '');
  if (t.clientSummary.trim()) lines.push('----', t.clientSummary.trim(), '----', '');
  lines.push(
    `Review the case and its call records in the portal: ${portalUrl}`,
    `To answer by email, reply keeping [${t.number}] in the subject.`,
    '',
    'Tollgate NOC',
  );
  return { subject: `[${t.number}] ${tpl.subject} – ${summaryTitle(t)}`, text: lines.join('\n') };
}

const TECHNICIAN_SUBJECT: Record<string, string> = {
  customer_reviewed: 'Customer review received',
  customer_note: 'Customer added a note',
  escalation_acknowledged: 'Escalation acknowledged',
  escalation_resolved: 'Escalation resolved',
  new_case: 'New case needs a technician',
};

export function technicianMail(
  t: MailTicket,
  ticketUrl: string,
  p: { reason: string; verdict?: string; message?: string },
): RenderedMail {
  const lines = [`${TECHNICIAN_SUBJECT[p.reason] ?? p.reason} on ${t.number} (${t.customerName}).`, ''];
  if (p.verdict) lines.push(`Verdict: ${p.verdict}`);
  if (p.message?.trim()) lines.push(`Message: ${p.message.trim()}`);
  lines.push('', `Open the ticket: ${ticketUrl}`);
  return {
    subject: `[${t.number}] ${TECHNICIAN_SUBJECT[p.reason] ?? p.reason} – ${t.title}`,
    text: lines.join('\n'),
  };
}

export interface PageText {
  level: number;
  reason?: string;
  /** Acknowledges with one tap, without signing in: the link is the engineer's own. */
  ackUrl: string;
  /** When the next level is paged if nobody acknowledges; absent at the last level. */
  nextLevelInMinutes?: number | null;
}

export function pageMail(t: MailTicket, ticketUrl: string, p: PageText): RenderedMail {
  return {
    subject: `[${t.number}] PAGE level ${p.level}: ${t.customerName} – ${t.title}`,
    text: [
      `You are paged (level ${p.level}) for ${t.number}, ${t.customerName}.`,
      p.reason ? `Reason: ${p.reason}` : '',
      p.nextLevelInMinutes ? `Unacknowledged, the next level is paged in ${p.nextLevelInMinutes} minutes.` : '',
      '',
      `Acknowledge (works from a phone, no sign-in): ${p.ackUrl}`,
      `The ticket in Tollgate: ${ticketUrl}`,
    ]
      .filter((line, i, all) => line !== '' || all[i - 1] !== '')
      .join('\n'),
  };
}

/** The SMS text of a page: short enough for one message with its link. */
export function pageSms(t: MailTicket, p: PageText): RenderedMail {
  return {
    subject: `PAGE ${t.number} L${p.level}`,
    text: `Tollgate PAGE L${p.level} ${t.number} ${t.customerName}. Ack: ${p.ackUrl}`,
  };
}
