import type { EntityManager } from 'typeorm';

/** Anything that runs SQL: the DataSource, or an EntityManager inside a transaction. */
export type Sql = Pick<EntityManager, 'query'>;

/** TypeORM answers `UPDATE/DELETE … RETURNING` with `[rows, count]` and SELECT/INSERT with rows. */
export function returnedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}

/** An ILIKE pattern that finds `text` anywhere, with its own `%`, `_` and `\` taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, '\\$&')}%`;
}
