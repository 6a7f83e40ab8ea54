import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { PROJECT_ROOT } from '../src/config/config.js';
import { caseWorld, eventually } from './cases.js';
import { expectStatus } from './expect-status.js';
import { freePort } from './free-port.js';
import { createTestApp, type TestApp } from './harness.js';

/** The switch recipes and the sipp scenario the README gives (docs/recipes/). */
export const RECIPES = path.join(PROJECT_ROOT, 'docs/recipes');
const SCENARIO = path.join(RECIPES, 'sipp-burst.xml');
const run = promisify(execFile);

/** The token the switch sends (`ENFORCEMENT_TOKEN`). */
export const SWITCH_TOKEN = 'switch-token-for-kamailio';

/**
 * Tollgate for a switch recipe: the Harborview world (whose Caribbean seat rule blocks the 16th call in an hour)
 * and a first authorize answered, so the counters and the rules are loaded before the switch asks.
 */
export async function tollgateForSwitch(): Promise<TestApp> {
  const t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
  await caseWorld(t);
  await eventually(async () => {
    const r = await t.api('POST', '/api/enforcement/authorize', {
      headers: { authorization: `Bearer ${SWITCH_TOKEN}` },
      body: { accountCode: 'HARB009', sourceIp: '127.0.0.1', callee: '+16175550199' },
    });
    expect(expectStatus(r, 200).body.reasons).toEqual([]);
  });
  return t;
}

/**
 * A recipe's text with the deployment's values put in, as an operator would: each `from` must occur in the
 * recipe (a renamed definition fails here rather than leaving the default in place).
 */
export function recipe(file: string, replacements: [from: string, to: string][]): string {
  let text = readFileSync(path.join(RECIPES, file), 'utf8');
  for (const [from, to] of replacements) {
    if (!text.includes(from)) throw new Error(`${file} has no "${from}"`);
    text = text.replace(from, to);
  }
  return text;
}

/** The recipe's listen address, replaced by the port the test chose. */
export const LISTEN_DEFAULT = 'udp:127.0.0.1:5060';

export interface Kamailio {
  port: number;
  /** Everything Kamailio (and the recipe's script) logged so far. */
  log(): string;
  stop(): Promise<void>;
}

/** Starts Debian's Kamailio in the foreground on a free UDP port with the given config text. */
export async function startKamailio(cfg: string): Promise<Kamailio> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tollgate-kamailio-'));
  const port = await freePort();
  writeFileSync(path.join(dir, 'kamailio.cfg'), cfg.replace(LISTEN_DEFAULT, `udp:127.0.0.1:${port}`));
  const kamailio: ChildProcess = spawn(
    'kamailio',
    ['-f', path.join(dir, 'kamailio.cfg'), '-DD', '-E', '-n', '2', '-Y', dir],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  let exited = false;
  kamailio.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  const exit = new Promise<void>((resolve) =>
    kamailio.on('exit', (code) => {
      exited = true;
      if (code) console.error(`kamailio exited ${code}:\n${log.slice(-3000)}`);
      resolve();
    }),
  );
  try {
    await sipReady(port, () => exited);
  } catch (e) {
    kamailio.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`Kamailio did not start: ${(e as Error).message}\n${log.slice(-3000)}`, { cause: e });
  }
  return {
    port,
    log: () => log,
    async stop() {
      if (!exited) kamailio.kill('SIGTERM');
      await exit;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Sends `calls` INVITEs from the seat harb-142 to `callee` through Kamailio with sipp (20 a second, one at a time),
 * and returns the status line of the first answer to each call, in the order they came ("SIP/2.0 200 OK", …).
 */
export async function sippBurst(port: number, callee: string, calls: number): Promise<string[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tollgate-sipp-'));
  try {
    const messages = path.join(dir, 'messages.log');
    await run(
      'sipp',
      [
        `127.0.0.1:${port}`,
        ...['-sf', SCENARIO, '-s', callee, '-m', String(calls), '-l', '1', '-r', '20'],
        ...['-i', '127.0.0.1', '-p', String(await freePort())],
        ...['-trace_msg', '-message_file', messages, '-timeout', '30s', '-nostdin'],
      ],
      { cwd: dir },
    ).catch((e: { code?: number }) => {
      // sipp exits 1 when a call failed its scenario; the answers say which.
      if (e.code !== 1) throw e;
    });
    if (!existsSync(messages)) throw new Error('sipp wrote no messages');
    // The first answer to each call: a late answer makes sipp retransmit, and Kamailio answers the copy too.
    const answers = new Map<string, string>();
    for (const block of readFileSync(messages, 'utf8').split(/^-{20,} .*$/m)) {
      const status = /^SIP\/2\.0 .*$/m.exec(block)?.[0].trim();
      const callId = /^Call-ID: *(.*)$/im.exec(block)?.[1].trim();
      if (status && callId && !answers.has(callId)) answers.set(callId, status);
    }
    return [...answers.values()];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Asks Kamailio for OPTIONS until it answers: it is listening and its children are up. */
async function sipReady(port: number, exited: () => boolean): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    await eventually(() => {
      if (exited()) throw new Error('Kamailio exited');
      return new Promise<void>((resolve, reject) => {
        const answered = (m: Buffer) => {
          clearTimeout(timer);
          if (m.toString().startsWith('SIP/2.0 200')) resolve();
          else reject(new Error(m.toString()));
        };
        const timer = setTimeout(() => {
          socket.off('message', answered);
          reject(new Error(`no SIP answer on ${port}`));
        }, 300);
        socket.once('message', answered);
        const local = socket.address().port;
        socket.send(
          [
            `OPTIONS sip:ping@127.0.0.1:${port} SIP/2.0`,
            `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=z9hG4bK-${Date.now()}`,
            `From: <sip:probe@127.0.0.1>;tag=probe`,
            `To: <sip:ping@127.0.0.1>`,
            `Call-ID: probe-${Date.now()}`,
            'CSeq: 1 OPTIONS',
            'Max-Forwards: 70',
            'Content-Length: 0',
            '',
            '',
          ].join('\r\n'),
          port,
          '127.0.0.1',
        );
      });
    }, 10_000);
  } finally {
    socket.close();
  }
}
