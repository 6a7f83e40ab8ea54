import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/database/embedded-postgres.js';
import { runMigrations } from '../src/database/migrate.js';
import { freePort } from './free-port.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgAdminUrl: string;
  }
}

/**
 * embedded-postgres installs async-exit-hook, whose `beforeExit` handler ends with process.exit(0): that would
 * turn vitest's failing exit code (set before the natural exit) into success. Keep the code vitest chose.
 */
function keepVitestExitCode() {
  let code: typeof process.exitCode;
  process.on('beforeExit', () => (code = process.exitCode));
  process.on('exit', () => {
    if (code) process.exitCode = code;
  });
}

/**
 * One real PostgreSQL 18 per test run, migrated once into a template database; each test file
 * clones its own database from the template (fast, isolated).
 */
export default async function setup(project: TestProject) {
  keepVitestExitCode();
  const dir = mkdtempSync(path.join(tmpdir(), 'tollgate-test-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as "postgres" and must enter it
  const db = await startEmbeddedPostgres({
    dataDir: dir,
    port: await freePort(),
    database: 'tollgate_template',
    quiet: true,
  });
  await runMigrations(db.url);
  // Close template connections so CREATE DATABASE ... TEMPLATE can copy it.
  const admin = new pg.Client({ connectionString: db.url.replace(/\/tollgate_template$/, '/postgres') });
  await admin.connect();
  await admin.query(`UPDATE pg_database SET datallowconn = false WHERE datname = 'tollgate_template'`);
  await admin.end();
  project.provide('pgAdminUrl', db.url.replace(/\/tollgate_template$/, '/postgres'));
  return async () => {
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
