import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp, createLogger } from './app.factory.js';
import { ConfigError, loadConfig } from './config/config.js';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { runMigrations } from './database/migrate.js';
import { MigrationRefusedError } from './database/migration-refused.js';
import { SecondCounterAuthority } from './detection/live/realtime.service.js';

async function main(): Promise<void> {
  const config = loadConfig();
  Logger.overrideLogger(createLogger(config));
  const logger = new Logger('Tollgate');

  let embedded: EmbeddedDatabase | null = null;
  let url = config.databaseUrl;
  if (!url) {
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    url = embedded.url;
    logger.log(`embedded PostgreSQL 18 running on 127.0.0.1:${config.embeddedPgPort} (data in ${config.dataDir})`);
  }

  let stopping = false;
  const stop = async (signal: string, app?: { close(): Promise<void> }) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    try {
      await app?.close();
    } finally {
      await embedded?.stop();
      process.exit(0);
    }
  };
  // `on`, not `once`: Ctrl-C arrives directly and again through the launcher; the second must not cut the stop short.
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  try {
    const applied = await runMigrations(url);
    if (applied.length) logger.log(`applied migrations: ${applied.join(', ')}`);
    const app = await createApp(config, url);
    process.removeAllListeners('SIGINT');
    process.removeAllListeners('SIGTERM');
    process.on('SIGINT', () => void stop('SIGINT', app));
    process.on('SIGTERM', () => void stop('SIGTERM', app));
    await app.listen(config.port, config.host);
    const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
    console.log(`\n  Tollgate is running at http://${shown}:${config.port}/  (API docs: /api/docs)\n`);
  } catch (err) {
    await embedded?.stop();
    throw err;
  }
}

main().catch((err: unknown) => {
  if (
    err instanceof ConfigError ||
    err instanceof EmbeddedPostgresError ||
    err instanceof MigrationRefusedError ||
    err instanceof SecondCounterAuthority
  ) {
    console.error(`\nTollgate cannot start: ${err.message}\n`);
  } else {
    console.error(err);
  }
  process.exit(1);
});
