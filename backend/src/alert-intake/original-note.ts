// A mail kept on its ticket as a note (the original of an alert, a customer's reply, a quarantined message attached
// by a technician): its text, its sanitised HTML, and its attachments as the ticket's files.
import type { EntityManager } from 'typeorm';
import { insertAttachment } from '../tickets/attachment-rows.js';
import type { CaseActor } from '../tickets/ticket-rows.js';
import { writeTimeline } from '../tickets/timeline-rows.js';
import type { MailMessage } from './mail-message.js';

/** The message on the ticket's timeline, with its attachments as the ticket's files. */
export async function keepOriginal(
  m: EntityManager,
  ticketId: string,
  mail: MailMessage,
  actor: CaseActor,
  visibility: 'internal' | 'customer',
  automatic: string | null = null,
): Promise<void> {
  const files: { id: string; filename: string; contentType: string; sizeBytes: number }[] = [];
  for (const a of mail.attachments.slice(0, 50)) {
    const id = await insertAttachment(m, {
      ticketId,
      filename: a.filename,
      contentType: a.contentType.slice(0, 200),
      content: a.content,
      visibility,
      createdBy: null,
    });
    files.push({ id, filename: a.filename, contentType: a.contentType, sizeBytes: a.content.length });
  }
  const head = [
    `From: ${mail.fromName ? `${mail.fromName} <${mail.fromAddress}>` : (mail.fromAddress ?? '(none)')}`,
    `Subject: ${mail.subject || '(no subject)'}`,
    ...(mail.date ? [`Date: ${mail.date}`] : []),
    ...(files.length ? [`Attachments: ${files.map((f) => f.filename).join(', ')}`] : []),
    ...(automatic ? [`Automatic reply (${automatic})`] : []),
  ].join('\n');
  await writeTimeline(m, {
    ticketId,
    actor,
    type: 'note',
    payload: {
      body: `${head}\n\n${mail.text.trim()}`.slice(0, 100_000),
      email: {
        messageId: mail.messageId,
        from: mail.fromAddress,
        subject: mail.subject,
        date: mail.date,
        html: mail.html?.slice(0, 200_000) ?? null,
        attachments: files,
      },
    },
    visibility,
  });
}
