// The `ticket_attachments` table.
import type { Sql } from '../common/sql.js';

export interface TicketAttachment {
  id: string;
  filename: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
  visibility: 'internal' | 'customer';
  /** Who uploaded it (null: it came with an email). */
  uploadedBy: { name: string; role: string } | null;
  createdAt: Date;
}

const COLUMNS = `a.id, a.filename, a.content_type AS "contentType", a.size_bytes AS "sizeBytes", a.sha256, a.visibility,
  CASE WHEN u.id IS NULL THEN NULL ELSE json_build_object('name', u.name, 'role', u.role) END AS "uploadedBy",
  a.created_at AS "createdAt"`;

/** Oldest first; only customer-visible files when `customerOnly`. */
export function attachmentsOf(m: Sql, ticketId: string, customerOnly: boolean): Promise<TicketAttachment[]> {
  return m.query(
    `SELECT ${COLUMNS}
       FROM ticket_attachments a LEFT JOIN users u ON u.id = a.created_by
      WHERE a.ticket_id = $1 AND ($2::boolean IS FALSE OR a.visibility = 'customer')
      ORDER BY a.created_at, a.id`,
    [ticketId, customerOnly],
  );
}

/** One file of the ticket with its bytes, or undefined (another ticket's, or internal when `customerOnly`). */
export async function attachmentFile(
  m: Sql,
  ticketId: string,
  id: string,
  customerOnly: boolean,
): Promise<(TicketAttachment & { content: Buffer }) | undefined> {
  const [row] = await m.query(
    `SELECT ${COLUMNS}, a.content
       FROM ticket_attachments a LEFT JOIN users u ON u.id = a.created_by
      WHERE a.id = $1 AND a.ticket_id = $2 AND ($3::boolean IS FALSE OR a.visibility = 'customer')`,
    [id, ticketId, customerOnly],
  );
  return row;
}

/** Stores a file on the ticket (PostgreSQL computes its sha256); returns its id. */
export async function insertAttachment(
  m: Sql,
  a: {
    ticketId: string;
    filename: string;
    contentType: string;
    content: Buffer;
    visibility: 'internal' | 'customer';
    createdBy: string | null;
    /** From the app's clock; the database's now() when omitted. */
    at?: Date;
  },
): Promise<string> {
  const [row] = await m.query(
    `INSERT INTO ticket_attachments (ticket_id, filename, content_type, size_bytes, visibility, content, created_by, sha256, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, encode(sha256($6::bytea), 'hex'), coalesce($8::timestamptz, now()))
     RETURNING id`,
    [a.ticketId, a.filename, a.contentType, a.content.length, a.visibility, a.content, a.createdBy, a.at ?? null],
  );
  return row.id;
}
