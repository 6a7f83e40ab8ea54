// Saving a customer's contacts (the form and the import): contacts are matched to the stored ones by address, so an
// unchanged address keeps its row (the id signed review links are bound to) and its undeliverable mark.
import type { Sql } from '../common/sql.js';

export interface ContactInput {
  name: string;
  email?: string | null;
  phone?: string | null;
}

/** Makes the customer's contacts exactly `contacts`; returns whether anything changed. */
export async function saveContacts(m: Sql, customerId: string, contacts: readonly ContactInput[]): Promise<boolean> {
  const have: { id: string; name: string; email: string | null; phone: string | null }[] = await m.query(
    `SELECT id, name, email, phone FROM customer_contacts WHERE customer_id = $1 ORDER BY id`,
    [customerId],
  );
  const free = new Map(have.map((h) => [h.id, h]));
  const matchOf = (c: ContactInput) => {
    const email = c.email?.toLowerCase() ?? null;
    const found = [...free.values()].find((h) =>
      email ? h.email?.toLowerCase() === email : !h.email && h.name === c.name && h.phone === (c.phone ?? null),
    );
    if (found) free.delete(found.id);
    return found;
  };
  let changed = false;
  const inserts: ContactInput[] = [];
  const updates: { id: string; c: ContactInput }[] = [];
  for (const c of contacts) {
    const h = matchOf(c);
    if (!h) inserts.push(c);
    else if (h.name !== c.name || h.phone !== (c.phone ?? null)) updates.push({ id: h.id, c });
  }
  if (free.size) {
    await m.query(`DELETE FROM customer_contacts WHERE id = ANY ($1::uuid[])`, [[...free.keys()]]);
    changed = true;
  }
  for (const { id, c } of updates) {
    await m.query(`UPDATE customer_contacts SET name = $2, phone = $3 WHERE id = $1`, [id, c.name, c.phone ?? null]);
    changed = true;
  }
  for (const c of inserts) {
    await m.query(`INSERT INTO customer_contacts (customer_id, name, email, phone) VALUES ($1, $2, $3, $4)`, [
      customerId,
      c.name,
      c.email?.toLowerCase() ?? null,
      c.phone ?? null,
    ]);
    changed = true;
  }
  return changed;
}
