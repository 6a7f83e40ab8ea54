// The `inbound_emails` table: every inbound message, stored whole before it is parsed.
import { returnedRows, type Sql } from '../common/sql.js';

export type InboundVia = 'smtp' | 'imap' | 'upload';
export type InboundStatus = 'received' | 'processed' | 'quarantined' | 'ignored';

export interface InboundEmailRow {
  id: string;
  messageId: string | null;
  via: InboundVia;
  sizeBytes: number;
  fromAddress: string | null;
  subject: string | null;
  status: InboundStatus;
  parsedAs: string | null;
  reason: string | null;
  eventIds: string[];
  ticketIds: string[];
  receivedAt: Date;
  processedAt: Date | null;
}

const COLUMNS = `id, message_id AS "messageId", via, size_bytes AS "sizeBytes", from_address AS "fromAddress", subject,
  status, parsed_as AS "parsedAs", reason, event_ids::text[] AS "eventIds", ticket_ids::text[] AS "ticketIds",
  received_at AS "receivedAt", processed_at AS "processedAt"`;

/** Stores the message unless one with the same key is stored; returns the new row's id, or null for a duplicate. */
export async function insertInbound(
  m: Sql,
  e: {
    dedupeKey: string;
    messageId: string | null;
    contentHash: string;
    via: InboundVia;
    raw: Buffer;
    by: string | null;
  },
): Promise<string | null> {
  const rows: { id: string }[] = await m.query(
    `INSERT INTO inbound_emails (dedupe_key, message_id, content_hash, via, raw, size_bytes, received_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (dedupe_key) DO NOTHING RETURNING id`,
    [e.dedupeKey, e.messageId, e.contentHash, e.via, e.raw, e.raw.length, e.by],
  );
  return rows[0]?.id ?? null;
}

export async function inboundByKey(m: Sql, dedupeKey: string): Promise<InboundEmailRow | null> {
  const [row] = await m.query(`SELECT ${COLUMNS} FROM inbound_emails WHERE dedupe_key = $1`, [dedupeKey]);
  return row ?? null;
}

export async function inboundById(m: Sql, id: string): Promise<InboundEmailRow | null> {
  const [row] = await m.query(`SELECT ${COLUMNS} FROM inbound_emails WHERE id = $1`, [id]);
  return row ?? null;
}

export async function inboundRaw(m: Sql, id: string): Promise<Buffer | null> {
  const [row] = await m.query(`SELECT raw FROM inbound_emails WHERE id = $1`, [id]);
  return row?.raw ?? null;
}

/** Messages stored but never handled (the process stopped mid-ingest), oldest first. */
export async function unhandledInbound(m: Sql, limit = 100): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `SELECT id FROM inbound_emails WHERE status = 'received' ORDER BY received_at, id LIMIT $1`,
    [limit],
  );
  return rows.map((r) => r.id);
}

/** Records how a message was handled; only a message still `received` (handled once). */
export async function finishInbound(
  m: Sql,
  id: string,
  r: {
    status: Exclude<InboundStatus, 'received'>;
    parsedAs: string;
    reason: string | null;
    fromAddress: string | null;
    subject: string | null;
    eventIds: string[];
    ticketIds: string[];
  },
): Promise<boolean> {
  const rows = returnedRows<{ id: string }>(
    await m.query(
      `UPDATE inbound_emails SET status = $2, parsed_as = $3, reason = $4, from_address = $5, subject = $6,
              event_ids = $7::uuid[], ticket_ids = $8::uuid[], processed_at = now()
        WHERE id = $1 AND status = 'received' RETURNING id`,
      [id, r.status, r.parsedAs, r.reason, r.fromAddress, r.subject, r.eventIds, r.ticketIds],
    ),
  );
  return rows.length > 0;
}

/** Newest first, optionally of one status. */
export function inboundPage(
  m: Sql,
  q: { status: InboundStatus | null; limit: number; after: [string, string] | null },
): Promise<InboundEmailRow[]> {
  return m.query(
    `SELECT ${COLUMNS} FROM inbound_emails
      WHERE ($1::text IS NULL OR status = $1)
        AND ($2::timestamptz IS NULL OR (received_at, id) < ($2::timestamptz, $3::uuid))
      ORDER BY received_at DESC, id DESC LIMIT $4`,
    [q.status, q.after?.[0] ?? null, q.after?.[1] ?? null, q.limit],
  );
}

/** A quarantined message placed on a ticket by a technician; false when it is not (or no longer) quarantined. */
export async function releaseQuarantined(
  m: Sql,
  id: string,
  r: { ticketId: string; reason: string },
): Promise<boolean> {
  const rows = returnedRows<{ id: string }>(
    await m.query(
      `UPDATE inbound_emails SET status = 'processed', parsed_as = 'attached', reason = $3, ticket_ids = ARRAY[$2::uuid],
              processed_at = now()
        WHERE id = $1 AND status = 'quarantined' RETURNING id`,
      [id, r.ticketId, r.reason.slice(0, 2000)],
    ),
  );
  return rows.length > 0;
}
