// The `ticket_attachments` table.
import type { Sql } from '../common/sql.js';

export interface TicketAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  visibility: 'internal' | 'customer';
  createdAt: Date;
}

/** Oldest first; only customer-visible files when `customerOnly`. */
export function attachmentsOf(m: Sql, ticketId: string, customerOnly: boolean): Promise<TicketAttachment[]> {
  return m.query(
    `SELECT id, filename, content_type AS "contentType", size_bytes AS "sizeBytes", visibility, created_at AS "createdAt"
       FROM ticket_attachments
      WHERE ticket_id = $1 AND ($2::boolean IS FALSE OR visibility = 'customer')
      ORDER BY created_at, id`,
    [ticketId, customerOnly],
  );
}

/** Stores a file on the ticket; returns its id. */
export async function insertAttachment(
  m: Sql,
  a: {
    ticketId: string;
    filename: string;
    contentType: string;
    content: Buffer;
    visibility: 'internal' | 'customer';
    createdBy: string | null;
  },
): Promise<string> {
  const [row] = await m.query(
    `INSERT INTO ticket_attachments (ticket_id, filename, content_type, size_bytes, visibility, content, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
    [a.ticketId, a.filename, a.contentType, a.content.length, a.visibility, a.content, a.createdBy],
  );
  return row.id;
}
