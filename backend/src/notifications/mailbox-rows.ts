// The `mailbox` table: outgoing mail kept whole when there is no SMTP_URL.
import type { Sql } from '../common/sql.js';

export interface MailboxMessage {
  id: string;
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  attachments: { filename: string; contentType: string; sizeBytes: number }[];
  /** `sms`: an SMS kept because no SMS_GATEWAY_URL is set (`to` holds phone numbers). */
  channel: 'mail' | 'sms';
  sentAt: Date;
}

/** Keeps one outbox message; a retry of the same one (after a crash mid-send) keeps nothing more. */
export async function keepInMailbox(
  m: Sql,
  x: Omit<MailboxMessage, 'id' | 'sentAt'> & { outboxId: string; raw: Buffer },
): Promise<void> {
  await m.query(
    `INSERT INTO mailbox (outbox_id, message_id, from_address, to_addresses, subject, text_body, html_body, attachments,
                          channel, raw)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (outbox_id) DO NOTHING`,
    [x.outboxId, x.messageId, x.from, x.to, x.subject, x.text, x.html, JSON.stringify(x.attachments), x.channel, x.raw],
  );
}

/** Newest first. */
export function mailboxPage(m: Sql, limit: number, afterId: string | null): Promise<MailboxMessage[]> {
  return m.query(
    `SELECT id::text, message_id AS "messageId", from_address AS "from", to_addresses AS "to", subject,
            text_body AS text, html_body AS html, attachments, channel, created_at AS "sentAt"
       FROM mailbox WHERE ($1::bigint IS NULL OR id < $1) ORDER BY id DESC LIMIT $2`,
    [afterId, limit],
  );
}

/** The bytes as they would have gone out (a .eml). */
export async function mailboxRaw(m: Sql, id: string): Promise<Buffer | null> {
  const [row] = await m.query(`SELECT raw FROM mailbox WHERE id = $1`, [id]);
  return row?.raw ?? null;
}
