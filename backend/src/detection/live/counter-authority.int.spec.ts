import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../../test/harness.js';
import { createApp } from '../../app.factory.js';
import { loadConfig } from '../../config/config.js';
import { SecondCounterAuthority } from './realtime.service.js';

const env = (counters: boolean) =>
  loadConfig({
    ADMIN_EMAIL: 'admin@test.local',
    ADMIN_PASSWORD: 'admin-password-123',
    LOG_LEVEL: 'error',
    FRONTEND_DIST: '/nonexistent',
    REALTIME_COUNTERS: String(counters),
    // Several instances in one process: none listens for mail.
    INBOUND_SMTP_PORT: '0',
  });

describe('one counter authority per database (real PostgreSQL)', () => {
  const closing: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closing.reverse()) await close();
  });

  it('a second instance with REALTIME_COUNTERS=true refuses to start; one with false starts; the lock goes with its holder', async () => {
    const db = await createTestDatabase();
    closing.push(db.drop);
    const first = await createApp(env(true), db.url);
    await first.init();

    const second = await createApp(env(true), db.url);
    const refused = await second.init().then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(SecondCounterAuthority);
    expect((refused as Error).message).toMatch(/^Another Tollgate instance already counts call attempts/);
    await second.close().catch(() => {});

    const reader = await createApp(env(false), db.url);
    await reader.init();
    await reader.close();

    // The authority stopped: the next instance takes over.
    await first.close();
    const next = await createApp(env(true), db.url);
    await next.init();
    await next.close();
  });
});
