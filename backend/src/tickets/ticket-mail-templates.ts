// Staff mail bodies (customer mail: customer-mail-templates.ts).
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
  /** Absent: rendered from the text. */
  html?: string;
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
