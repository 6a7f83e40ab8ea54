import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, eventually } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { freePort } from '../../test/free-port.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { PROJECT_ROOT } from '../config/config.js';

const SWITCH_TOKEN = 'switch-token-for-kamailio';
const RECIPE = path.join(PROJECT_ROOT, 'docs/recipes/kamailio-http-client.cfg');
const SCENARIO = path.join(PROJECT_ROOT, 'docs/recipes/sipp-burst.xml');
const run = promisify(execFile);

/** Asks Kamailio for OPTIONS until it answers: it is listening and its children are up. */
async function sipReady(port: number): Promise<void> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  try {
    await eventually(
      () =>
        new Promise<void>((resolve, reject) => {
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
        }),
      10_000,
    );
  } finally {
    socket.close();
  }
}

describe('the Kamailio recipe (http_client) in front of authorize, driven by sipp (real PostgreSQL, real SIP)', () => {
  let t: TestApp;
  let kamailio: ChildProcess | null = null;
  const dir = mkdtempSync(path.join(tmpdir(), 'tollgate-kamailio-'));
  let port = 0;

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    await caseWorld(t);
    const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
    await eventually(async () => {
      const r = await t.api('POST', '/api/enforcement/authorize', {
        headers: sw,
        body: { accountCode: 'HARB009', sourceIp: '127.0.0.1', callee: '+16175550199' },
      });
      expect(expectStatus(r, 200).body.reasons).toEqual([]);
    });
    port = await freePort();
    const cfg = readFileSync(RECIPE, 'utf8')
      .replace(
        'http://127.0.0.1:3000/api/enforcement/authorize?format=sip',
        `${t.baseUrl}/api/enforcement/authorize?format=sip`,
      )
      .replace('!TOLLGATE_TOKEN!change-me!', `!TOLLGATE_TOKEN!${SWITCH_TOKEN}!`)
      .replace('udp:127.0.0.1:5060', `udp:127.0.0.1:${port}`);
    writeFileSync(path.join(dir, 'kamailio.cfg'), cfg);
    kamailio = spawn('kamailio', ['-f', path.join(dir, 'kamailio.cfg'), '-DD', '-E', '-n', '2', '-Y', dir], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    kamailio.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    kamailio.on('exit', (code) => {
      if (code) console.error(`kamailio exited ${code}:\n${log.slice(-3000)}`);
    });
    await sipReady(port);
  });

  afterAll(async () => {
    kamailio?.kill('SIGTERM');
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a sipp burst of 24 Caribbean calls from one seat gets 200 for the first 15 and 603 Decline after', async () => {
    await run(
      'sipp',
      [
        `127.0.0.1:${port}`,
        '-sf',
        SCENARIO,
        '-s',
        '18765550100',
        '-m',
        '24',
        '-l',
        '1',
        '-r',
        '20',
        '-i',
        '127.0.0.1',
        '-p',
        String(await freePort()),
        '-trace_msg',
        '-message_file',
        path.join(dir, 'messages.log'),
        '-timeout',
        '30s',
        '-nostdin',
      ],
      { cwd: dir },
    ).catch((e: { stdout?: string; stderr?: string; code?: number }) => {
      // sipp exits 1 when a call failed its scenario; the answers below say which.
      if (e.code !== 1) throw e;
    });
    const files = readdirSync(dir);
    expect(files).toContain('messages.log');
    const answers = readFileSync(path.join(dir, 'messages.log'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('SIP/2.0 '))
      .map((l) => l.trim());
    expect(answers).toEqual([...Array(15).fill('SIP/2.0 200 OK'), ...Array(9).fill('SIP/2.0 603 Decline')]);
  });
});
