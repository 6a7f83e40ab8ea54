import type { Sql } from '../common/sql.js';

/** Who reads a customer's mail: its name for the greeting, and its contacts that have an address. */
export async function customerMailContacts(m: Sql, customerId: string): Promise<{ name: string; emails: string[] }> {
  const rows: { name: string; email: string | null }[] = await m.query(
    `SELECT c.name, k.email FROM customers c LEFT JOIN customer_contacts k ON k.customer_id = c.id
      WHERE c.id = $1 ORDER BY k.name, k.id`,
    [customerId],
  );
  return { name: rows[0]?.name ?? '', emails: unique(rows.map((r) => r.email)) };
}

export function unique(emails: (string | null)[]): string[] {
  return [...new Set(emails.filter((e): e is string => !!e))];
}
