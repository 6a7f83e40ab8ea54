import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source.js';

/** Applies pending migrations; each runs in its own transaction. Returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(url), migrationsTransactionMode: 'each' });
  await ds.initialize();
  try {
    const done = await ds.runMigrations();
    return done.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
