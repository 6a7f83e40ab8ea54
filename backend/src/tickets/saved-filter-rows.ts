// The `saved_queue_filters` table: a user's named queue filters. Every query names the user: nobody reads or
// deletes another's.
import { returnedRows, type Sql } from '../common/sql.js';
import type { Severity } from './case-kinds.js';
import type { QueueOrder, QueueSort } from './queue-sorts.js';

/** What a saved filter holds: the queue's own query fields (`GET /api/tickets`), without paging. */
export interface QueueFilterFields {
  state?: string;
  customerId?: string;
  severity?: Severity;
  q?: string;
  owner?: string;
  sort?: QueueSort;
  order?: QueueOrder;
}

export interface SavedFilterRow {
  id: string;
  name: string;
  filter: QueueFilterFields;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, name, filter, created_at, updated_at';

export function savedFiltersOf(m: Sql, userId: string): Promise<SavedFilterRow[]> {
  return m.query(`SELECT ${COLUMNS} FROM saved_queue_filters WHERE user_id = $1 ORDER BY lower(name), id`, [userId]);
}

export async function countSavedFilters(m: Sql, userId: string): Promise<number> {
  const [r] = await m.query(`SELECT count(*)::int AS n FROM saved_queue_filters WHERE user_id = $1`, [userId]);
  return r.n;
}

/** Saves the filter under its name, replacing the user's filter of the same name. */
export async function saveFilter(
  m: Sql,
  userId: string,
  name: string,
  filter: QueueFilterFields,
): Promise<SavedFilterRow & { created: boolean }> {
  const [row] = await m.query(
    `INSERT INTO saved_queue_filters (user_id, name, filter) VALUES ($1, $2, $3)
     ON CONFLICT ON CONSTRAINT uq_saved_queue_filter_user_name
       DO UPDATE SET filter = EXCLUDED.filter, updated_at = now()
     RETURNING ${COLUMNS}, (xmax = 0) AS created`,
    [userId, name, JSON.stringify(filter)],
  );
  return row;
}

export async function hasSavedFilterNamed(m: Sql, userId: string, name: string): Promise<boolean> {
  const rows = await m.query(`SELECT 1 FROM saved_queue_filters WHERE user_id = $1 AND name = $2`, [userId, name]);
  return rows.length > 0;
}

/** Deletes the user's filter; false when the user has none with this id. */
export async function deleteSavedFilter(m: Sql, userId: string, id: string): Promise<boolean> {
  const rows = returnedRows(
    await m.query(`DELETE FROM saved_queue_filters WHERE id = $1 AND user_id = $2 RETURNING id`, [id, userId]),
  );
  return rows.length > 0;
}

/** Serialises one user's saves for the rest of the transaction (the count and the insert stay together). */
export async function lockSavedFilters(m: Sql, userId: string): Promise<void> {
  await m.query(`SELECT pg_advisory_xact_lock(hashtextextended('saved_queue_filters:' || $1, 0))`, [userId]);
}
