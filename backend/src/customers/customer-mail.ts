import type { Sql } from '../common/sql.js';

export interface MailContact {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  /** Its mail bounced (a permanent failure): mail to it is held back. */
  undeliverable: boolean;
}

/** Who reads a customer's mail: its name, and its contacts (each greeted by name). */
export async function customerMailContacts(
  m: Sql,
  customerId: string,
): Promise<{ name: string; contacts: MailContact[] }> {
  const rows: ({ customer_name: string } & Partial<MailContact>)[] = await m.query(
    `SELECT c.name AS customer_name, k.id, k.name, k.email, k.phone, k.undeliverable_at IS NOT NULL AS undeliverable
       FROM customers c LEFT JOIN customer_contacts k ON k.customer_id = c.id
      WHERE c.id = $1 ORDER BY k.name, k.id`,
    [customerId],
  );
  return {
    name: rows[0]?.customer_name ?? '',
    contacts: rows.filter((r) => r.id).map(({ customer_name: _c, ...k }) => k as MailContact),
  };
}

/** Whether the contact is (still) one of the customer's. */
export async function isContactOf(m: Sql, contactId: string, customerId: string): Promise<boolean> {
  const [row] = await m.query(`SELECT 1 FROM customer_contacts WHERE id::text = $1 AND customer_id = $2`, [
    contactId,
    customerId,
  ]);
  return !!row;
}
