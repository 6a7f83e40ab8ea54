import { randomBytes } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { inject } from 'vitest';
import { createApp } from '../src/app.factory.js';
import type { Clock } from '../src/common/clock.js';
import { loadConfig, type AppConfig } from '../src/config/config.js';

export const ADMIN = { email: 'admin@test.local', password: 'admin-password-123' };

/** A fresh database cloned from the migrated template. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = inject('pgAdminUrl');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE tollgate_template`);
  await admin.end();
  return {
    url: adminUrl.replace(/\/postgres$/, `/${name}`),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestApp {
  app: INestApplication;
  baseUrl: string;
  config: AppConfig;
  db: pg.Pool;
  close(): Promise<void>;
  /** fetch against the app with JSON in and out; `token` becomes a bearer header. */
  api(
    method: string,
    path: string,
    opts?: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: BodyInit },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  login(email: string, password: string): Promise<string>;
  /** Stops the app and starts a new one on the same database (what a deploy or a crash does). */
  restart(): Promise<void>;
}

export async function createTestApp(env: Record<string, string> = {}, opts: { clock?: Clock } = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  const config = loadConfig({
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'error',
    LOGIN_LIMIT_PER_IP: '1000',
    LOGIN_LIMIT_PER_ACCOUNT: '1000',
    FRONTEND_DIST: '/nonexistent',
    INBOUND_SMTP_PORT: '0',
    ...env,
  });
  let app = await createApp(config, database.url, opts.clock);
  await app.listen(0, '127.0.0.1');
  let baseUrl = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const db = new pg.Pool({ connectionString: database.url, max: 4 });

  const api: TestApp['api'] = async (method, path, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    let body: BodyInit | undefined = opts.raw;
    if (opts.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    const res = await fetch(baseUrl + path, { method, headers, body, duplex: 'half' } as RequestInit);
    const text = await res.text();
    let parsed: unknown = text;
    if (res.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text);
    return { status: res.status, body: parsed, headers: res.headers };
  };

  const self: TestApp = {
    app,
    baseUrl,
    config,
    db,
    api,
    async login(email, password) {
      const r = await api('POST', '/api/auth/login', { body: { email, password } });
      if (r.status !== 200) throw new Error(`login ${email} failed: ${r.status} ${JSON.stringify(r.body)}`);
      return r.body.accessToken;
    },
    async close() {
      await db.end();
      await app.close();
      await database.drop();
    },
    async restart() {
      await app.close();
      app = await createApp(config, database.url, opts.clock);
      await app.listen(0, '127.0.0.1');
      baseUrl = `http://127.0.0.1:${app.getHttpServer().address().port}`;
      self.app = app;
      self.baseUrl = baseUrl;
    },
  };
  return self;
}
