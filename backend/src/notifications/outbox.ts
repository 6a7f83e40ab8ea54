import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Sql } from '../common/sql.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { AttachmentRef } from './mail-attachments.js';

/**
 * Kinds of outgoing message, each delivered by its own handler with its own retry policy.
 * The mail kinds differ only in their policy and in who reads them.
 */
export type OutboxKind = 'customer_mail' | 'technician_mail' | 'oncall_page' | 'oncall_sms' | 'customer_sms';

/**
 * A mail (or an SMS: `to` holds phone numbers, `text` the body) as it will be sent: rendered and addressed when
 * the change that caused it committed.
 */
export interface MailPayload {
  to: string[];
  subject: string;
  text: string;
  /** The HTML part; absent: rendered from the text. */
  html?: string;
  /** Rendered at send time by the renderer each names (the text says they are attached). */
  attachments?: AttachmentRef[];
  /** Why nobody is addressed (`to` is empty): recorded as the skip reason. */
  noRecipient?: string;
  /** Mails about one ticket thread together in the recipient's client. */
  thread?: { ticketId: string; ticketNumber: string };
}

export interface OutboxMessage {
  kind: OutboxKind;
  /** Null for messages about no ticket (a blacklist alert, a rota reminder). */
  ticketId: string | null;
  payload: MailPayload;
}

/** The domain of MAIL_FROM: Message-IDs and thread roots live there. */
export function mailDomain(mailFrom: string): string {
  const m = /@([^>\s]+)>?\s*$/.exec(mailFrom);
  return m ? m[1].toLowerCase() : 'tollgate.local';
}

/** Writes messages in the caller's transaction, so a message exists if and only if the change committed. */
@Injectable()
export class Outbox {
  private readonly domain: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.domain = mailDomain(config.mailFrom);
  }

  /** Each message gets its Message-ID now, so a retry resends the same one and a reply can find its ticket. */
  async enqueue(m: EntityManager, messages: OutboxMessage[]): Promise<void> {
    if (!messages.length) return;
    await m.query(
      `INSERT INTO outbox (kind, ticket_id, payload, message_id)
       SELECT * FROM unnest($1::text[], $2::uuid[], $3::jsonb[], $4::text[])`,
      [
        messages.map((x) => x.kind),
        messages.map((x) => x.ticketId),
        messages.map((x) => JSON.stringify(x.payload)),
        messages.map(() => `<${randomUUID()}@${this.domain}>`),
      ],
    );
  }

  /** Pending messages of a kind for a ticket are withdrawn (a page once the escalation ended). */
  async withdraw(m: EntityManager, ticketId: string, kind: OutboxKind, reason: string): Promise<void> {
    await m.query(
      `UPDATE outbox SET status = 'skipped', last_error = $3, done_at = now()
        WHERE ticket_id = $1 AND kind = $2 AND status = 'pending'`,
      [ticketId, kind, reason],
    );
  }
}

/** Messages waiting or given up, by kind (the Prometheus gauges). */
export async function outboxBacklog(
  m: Pick<EntityManager, 'query'>,
): Promise<{ kind: string; status: string; n: number }[]> {
  return m.query(
    `SELECT kind, status, count(*)::int AS n FROM outbox WHERE status IN ('pending', 'failed') GROUP BY kind, status`,
  );
}

/** The ticket of the newest outgoing message among these Message-IDs (a reply's In-Reply-To and References). */
export async function ticketOfMessageIds(m: Sql, messageIds: readonly string[]): Promise<string | null> {
  if (!messageIds.length) return null;
  const [row] = await m.query(
    `SELECT ticket_id AS "ticketId" FROM outbox WHERE message_id = ANY ($1::text[]) AND ticket_id IS NOT NULL
      ORDER BY id DESC LIMIT 1`,
    [messageIds],
  );
  return row?.ticketId ?? null;
}

/** Whether this Message-ID is one of ours (our own mail, forwarded or looped back). */
export async function isOutgoingMessageId(m: Sql, messageId: string): Promise<boolean> {
  const [row] = await m.query(`SELECT 1 FROM outbox WHERE message_id = $1 LIMIT 1`, [messageId]);
  return !!row;
}
