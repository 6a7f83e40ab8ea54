// `cdr_import_profiles`: the saved column maps of CDR files (cdrs/ owns the table).
import { returnedRows, type Sql } from '../../common/sql.js';
import type { DateFormat } from '../parsing/column-map.js';
import type { GenericColumn } from '../parsing/generic.js';

export interface ImportProfileRow {
  id: string;
  name: string;
  customerId: string | null;
  hasHeader: boolean;
  columns: Partial<Record<GenericColumn, string | number>>;
  dateFormat: DateFormat;
  timeZone: string | null;
  homeCountry: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export type ImportProfileFields = Pick<
  ImportProfileRow,
  'name' | 'customerId' | 'hasHeader' | 'columns' | 'dateFormat' | 'timeZone' | 'homeCountry'
>;

const COLUMNS = `id, name, customer_id AS "customerId", has_header AS "hasHeader", columns, date_format AS "dateFormat",
  time_zone AS "timeZone", home_country AS "homeCountry", created_at AS "createdAt", updated_at AS "updatedAt"`;

export async function listProfiles(db: Sql): Promise<ImportProfileRow[]> {
  return db.query(`SELECT ${COLUMNS} FROM cdr_import_profiles ORDER BY lower(name)`);
}

/** By id, or by name (case-insensitive): `?profile=` takes either. */
export async function findProfile(db: Sql, idOrName: string): Promise<ImportProfileRow | null> {
  const isId = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(idOrName);
  const rows: ImportProfileRow[] = await db.query(
    `SELECT ${COLUMNS} FROM cdr_import_profiles WHERE ${isId ? 'id = $1::uuid' : 'lower(name) = lower($1)'}`,
    [idOrName],
  );
  return rows[0] ?? null;
}

export async function insertProfile(db: Sql, p: ImportProfileFields, createdBy: string | null): Promise<string> {
  const [{ id }] = await db.query(
    `INSERT INTO cdr_import_profiles (name, customer_id, has_header, columns, date_format, time_zone, home_country, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
    [p.name, p.customerId, p.hasHeader, JSON.stringify(p.columns), p.dateFormat, p.timeZone, p.homeCountry, createdBy],
  );
  return id;
}

/** False when no profile has the id. */
export async function updateProfile(db: Sql, id: string, p: ImportProfileFields): Promise<boolean> {
  const rows = await db.query(
    `UPDATE cdr_import_profiles SET name = $2, customer_id = $3, has_header = $4, columns = $5, date_format = $6,
            time_zone = $7, home_country = $8, updated_at = now() WHERE id = $1 RETURNING id`,
    [id, p.name, p.customerId, p.hasHeader, JSON.stringify(p.columns), p.dateFormat, p.timeZone, p.homeCountry],
  );
  return returnedRows(rows).length > 0;
}

export async function deleteProfile(db: Sql, id: string): Promise<boolean> {
  const rows = await db.query(`DELETE FROM cdr_import_profiles WHERE id = $1 RETURNING id`, [id]);
  return returnedRows(rows).length > 0;
}
