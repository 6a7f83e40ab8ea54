// The `signing_keys` table: generated secrets, shared by every instance on the database.
import type { Sql } from '../common/sql.js';

/** The secret stored under `name`, stored first as `candidate` when there is none yet (the first instance wins). */
export async function signingKey(m: Sql, name: string, candidate: Buffer): Promise<Buffer> {
  await m.query(`INSERT INTO signing_keys (name, secret) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING`, [
    name,
    candidate,
  ]);
  const [row] = await m.query(`SELECT secret FROM signing_keys WHERE name = $1`, [name]);
  return row.secret as Buffer;
}
