import type { Sql } from '../common/sql.js';
import type { Role } from './user.entity.js';

/** An active staff user by id (a case's owner-to-be), or undefined. */
export async function activeStaffMember(
  m: Sql,
  id: string,
): Promise<{ id: string; name: string; role: Role } | undefined> {
  const [row] = await m.query(`SELECT id, name, role FROM users WHERE id = $1 AND active AND role <> 'customer'`, [id]);
  return row;
}

/** Addresses of the active users of a role (the NOC's technicians, the engineers to page). */
export async function activeStaffEmails(m: Sql, role: Role): Promise<string[]> {
  const rows: { email: string }[] = await m.query(`SELECT email FROM users WHERE active AND role = $1 ORDER BY email`, [
    role,
  ]);
  return [...new Set(rows.map((r) => r.email))];
}

export interface StaffContact {
  id: string;
  name: string;
  email: string;
  /** E.164, for SMS pages; null: mail only. */
  phone?: string | null;
}

/** Active engineers: every one, or those of `ids` that are (the rota checks its names, a page its targets). */
export async function activeEngineers(m: Sql, ids?: readonly string[]): Promise<StaffContact[]> {
  return m.query(
    `SELECT id, name, email, phone FROM users
      WHERE active AND role = 'engineer' AND ($1::uuid[] IS NULL OR id = ANY($1::uuid[])) ORDER BY name, id`,
    [ids ?? null],
  );
}

/** Names of users by id, whatever their role or state (the rota shows who was on call even if since deactivated). */
export async function userNames(m: Sql, ids: readonly string[]): Promise<StaffContact[]> {
  if (!ids.length) return [];
  return m.query(`SELECT id, name, email, phone FROM users WHERE id = ANY($1::uuid[])`, [ids]);
}
