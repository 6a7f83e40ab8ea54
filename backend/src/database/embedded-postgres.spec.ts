import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPostgresCanReach } from './embedded-postgres.js';

describe(checkPostgresCanReach.name, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tollgate-perm-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names a folder the postgres user cannot enter (as root) and suggests DATABASE_URL', () => {
    const home = path.join(root, 'home');
    const data = path.join(home, 'project', '.data');
    mkdirSync(data, { recursive: true });
    chmodSync(root, 0o755);
    chmodSync(home, 0o700);
    if (process.getuid?.() === 0) {
      // Root runs PostgreSQL as "postgres", which needs o+x on every parent folder.
      expect(() => checkPostgresCanReach([data])).toThrow(new RegExp(`cannot enter "${home}".*DATABASE_URL`));
    } else {
      // A normal user runs PostgreSQL as itself: its own 700 folders are fine.
      expect(() => checkPostgresCanReach([data])).not.toThrow();
    }
    chmodSync(home, 0o755);
    expect(() => checkPostgresCanReach([data])).not.toThrow();
  });
});
