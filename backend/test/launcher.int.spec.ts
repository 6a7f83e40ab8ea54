import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from './free-port.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
// The launcher builds whatever is stale first (`npm test` builds before this suite; alone it may take minutes).
const STARTED_WITHIN_MS = 300_000;
const STOPPED_WITHIN_MS = 30_000;

/** Running, not a zombie waiting for a parent to reap it. */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Every process below `pid`, read from /proc (children are listed before their own children). */
function descendants(pid: number): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces, so read after the last ')'.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parentOf.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const found: number[] = [];
  const walk = (parent: number) => {
    for (const [child, ppid] of parentOf) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** Processes whose command line names the data folder (PostgreSQL runs with `-D <dir>`), wherever they hang now. */
function processesUsing(dir: string): number[] {
  return readdirSync('/proc')
    .filter((e) => /^\d+$/.test(e))
    .filter((e) => {
      try {
        return readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0').includes(dir);
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until<T>(what: string, withinMs: number, check: () => Promise<T | undefined> | T | undefined) {
  const end = Date.now() + withinMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`still waiting, after ${withinMs} ms, for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function health(port: number): Promise<number | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) });
    await res.text();
    return res.status;
  } catch {
    return null; // refused: nothing listens
  }
}

describe('npm start', () => {
  let dataDir: string;
  let leftovers: number[] = [];

  afterEach(async () => {
    // A failed run leaves the server and PostgreSQL behind: stop them so they do not outlive the test.
    for (const pid of leftovers.filter(alive)) process.kill(pid, 'SIGTERM');
    await until('the leftovers to stop', STOPPED_WITHIN_MS, () => (leftovers.some(alive) ? undefined : true)).catch(
      () => leftovers.filter(alive).forEach((pid) => process.kill(pid, 'SIGKILL')),
    );
    leftovers = [];
    rmSync(dataDir, { recursive: true, force: true });
  });

  it.each([
    ['node scripts/start.mjs', process.execPath, ['scripts/start.mjs']],
    ['npm start', 'npm', ['start']],
  ])(
    '%s: SIGTERM to the top process stops the server and PostgreSQL',
    async (_name, command, args) => {
      dataDir = mkdtempSync(path.join(tmpdir(), 'tollgate-launcher-'));
      chmodSync(dataDir, 0o755); // as root, PostgreSQL runs as "postgres" and must enter it
      const [port, pgPort] = [await freePort(), await freePort()];
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: String(port),
        HOST: '127.0.0.1',
        EMBEDDED_PG_PORT: String(pgPort),
        TOLLGATE_DATA_DIR: dataDir,
        ADMIN_PASSWORD: 'launcher-admin-password',
        LOG_LEVEL: 'warn',
        INBOUND_SMTP_PORT: '0',
      };
      delete env.DATABASE_URL;
      const top: ChildProcess = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      top.stdout!.on('data', (d) => (output += d));
      top.stderr!.on('data', (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => top.on('exit', (code) => resolve(code)));
      let topCode: number | null | undefined;
      void exited.then((code) => (topCode = code));

      await until(`/api/health on port ${port}\n${output}`, STARTED_WITHIN_MS, async () => {
        if (topCode !== undefined) throw new Error(`${command} ${args.join(' ')} exited with ${topCode}:\n${output}`);
        return (await health(port)) === 200 ? true : undefined;
      });
      const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
      const postmaster = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
      leftovers = descendants(top.pid!);
      expect(leftovers).toContain(postmaster);

      top.kill('SIGTERM');

      const code = await until('the top process to exit', STOPPED_WITHIN_MS, () =>
        topCode === undefined ? undefined : topCode,
      );
      await until('the port to stop answering', STOPPED_WITHIN_MS, async () =>
        (await health(port)) === null ? true : undefined,
      );
      await until(`PostgreSQL (pid ${postmaster}) to stop and remove ${pidFile}`, STOPPED_WITHIN_MS, () =>
        !alive(postmaster) && !existsSync(pidFile) ? true : undefined,
      );
      expect(processesUsing(path.join(dataDir, 'postgres'))).toEqual([]);
      expect(leftovers.filter(alive), 'processes the launcher started that are still running').toEqual([]);
      expect(code, `the launcher exits with the server's code\n${output}`).toBe(0);
    },
    STARTED_WITHIN_MS + 4 * STOPPED_WITHIN_MS,
  );
});
