// How inbound mail names a customer, matched as CDRs and authorize match (docs/architecture.md "Not there yet":
// the customer tables have no owner yet, so new readers go through modules like this one).
import { foldAccountCode } from '../common/account-code.js';
import type { Sql } from '../common/sql.js';

export interface CustomerRef {
  id: string;
  accountCode: string;
}

/** The customer with this account code (compared folded, as everywhere). */
export async function customerByAccountCode(m: Sql, code: string): Promise<CustomerRef | null> {
  const [row] = await m.query(
    `SELECT id, account_code AS "accountCode" FROM customers WHERE lower(account_code) = $1`,
    [foldAccountCode(code)],
  );
  return row ?? null;
}

/** The seats with this platform user id (an alert's "User ID"), with their customer and group; any customer. */
export function seatsByUserId(
  m: Sql,
  userId: string,
): Promise<{ customerId: string; accountCode: string; userId: string; groupExternalId: string | null }[]> {
  return m.query(
    `SELECT s.customer_id AS "customerId", c.account_code AS "accountCode", s.user_id AS "userId",
            g.external_id AS "groupExternalId"
       FROM seats s JOIN customers c ON c.id = s.customer_id LEFT JOIN customer_groups g ON g.id = s.group_id
      WHERE lower(s.user_id) = lower($1)`,
    [userId],
  );
}

/** The groups with this external id (an alert's "Group ID"); any customer. */
export function groupsByExternalId(
  m: Sql,
  externalId: string,
): Promise<{ customerId: string; accountCode: string; externalId: string }[]> {
  return m.query(
    `SELECT g.customer_id AS "customerId", c.account_code AS "accountCode", g.external_id AS "externalId"
       FROM customer_groups g JOIN customers c ON c.id = g.customer_id
      WHERE lower(g.external_id) = lower($1)`,
    [externalId],
  );
}

/** The customers whose contacts or portal users have this address. */
export async function customersOfAddress(m: Sql, email: string): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    `SELECT customer_id AS id FROM customer_contacts WHERE lower(email) = lower($1)
     UNION SELECT customer_id FROM users WHERE customer_id IS NOT NULL AND lower(email) = lower($1)`,
    [email],
  );
  return rows.map((r) => r.id);
}

/** Marks the contacts with this address undeliverable (their mail bounced); returns their customers. */
export async function markContactsUndeliverable(m: Sql, email: string, reason: string): Promise<string[]> {
  const rows: [{ customer_id: string }[], number] | { customer_id: string }[] = await m.query(
    `UPDATE customer_contacts SET undeliverable_at = now(), undeliverable_reason = $2
      WHERE lower(email) = lower($1) RETURNING customer_id`,
    [email, reason.slice(0, 1000)],
  );
  const list = (Array.isArray(rows[0]) ? rows[0] : rows) as { customer_id: string }[];
  return [...new Set(list.map((r) => r.customer_id))];
}

/** The inventory names of a customer's seats, by platform user id (as the detectors name them). */
export async function seatNames(m: Sql, customerId: string, userIds: readonly string[]): Promise<Map<string, string>> {
  if (!userIds.length) return new Map();
  const rows: { userId: string; name: string }[] = await m.query(
    `SELECT user_id AS "userId", name FROM seats WHERE customer_id = $1 AND user_id = ANY($2::text[])`,
    [customerId, userIds],
  );
  return new Map(rows.map((r) => [r.userId, r.name]));
}

/** A customer's seats by user id (any case), with their inventory names and group. */
export function seatsOfCustomer(
  m: Sql,
  customerId: string,
  userIds: readonly string[],
): Promise<{ userId: string; name: string; extension: string | null; groupName: string | null }[]> {
  if (!userIds.length) return Promise.resolve([]);
  return m.query(
    `SELECT s.user_id AS "userId", s.name, s.extension, g.name AS "groupName"
       FROM seats s LEFT JOIN customer_groups g ON g.id = s.group_id
      WHERE s.customer_id = $1 AND lower(s.user_id) = ANY($2::text[])`,
    [customerId, userIds.map((u) => u.toLowerCase())],
  );
}

/** A customer's groups by external id (any case), with their names and how many seats each has. */
export function groupsOfCustomer(
  m: Sql,
  customerId: string,
  externalIds: readonly string[],
): Promise<{ externalId: string; name: string; seats: number }[]> {
  if (!externalIds.length) return Promise.resolve([]);
  return m.query(
    `SELECT g.external_id AS "externalId", g.name, (SELECT count(*)::int FROM seats s WHERE s.group_id = g.id) AS seats
       FROM customer_groups g WHERE g.customer_id = $1 AND lower(g.external_id) = ANY($2::text[])`,
    [customerId, externalIds.map((x) => x.toLowerCase())],
  );
}
