import type { Sql } from '../common/sql.js';
import type { Role } from './user.entity.js';

/** Addresses of the active users of a role (the NOC's technicians, the engineers to page). */
export async function activeStaffEmails(m: Sql, role: Role): Promise<string[]> {
  const rows: { email: string }[] = await m.query(`SELECT email FROM users WHERE active AND role = $1 ORDER BY email`, [
    role,
  ]);
  return [...new Set(rows.map((r) => r.email))];
}
