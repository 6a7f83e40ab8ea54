import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { AppConfig } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded-postgres.js';
import { runMigrations } from './migrate.js';

/**
 * For scripts (seed, bench): DATABASE_URL, else the embedded cluster — reused if `npm start` is
 * running it, started (and stopped afterwards) if not.
 */
export async function connectForScript(config: AppConfig): Promise<{ url: string; release(): Promise<void> }> {
  if (config.databaseUrl) {
    await runMigrations(config.databaseUrl);
    return { url: config.databaseUrl, release: async () => {} };
  }
  const secretFile = path.join(config.dataDir, 'postgres.password');
  if (existsSync(secretFile)) {
    const password = readFileSync(secretFile, 'utf8').trim();
    const url = `postgres://tollgate:${encodeURIComponent(password)}@127.0.0.1:${config.embeddedPgPort}/tollgate`;
    const probe = new pg.Client({ connectionString: url });
    try {
      await probe.connect();
      await probe.end();
      await runMigrations(url);
      return { url, release: async () => {} };
    } catch {
      /* not running: start it below */
    }
  }
  const db: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
  await runMigrations(db.url);
  return { url: db.url, release: () => db.stop() };
}
