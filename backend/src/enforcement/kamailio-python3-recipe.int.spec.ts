import { createServer, type Server, type Socket } from 'node:net';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/free-port.js';
import type { TestApp } from '../../test/harness.js';
import {
  type Kamailio,
  recipe,
  RECIPES,
  sippBurst,
  startKamailio,
  SWITCH_TOKEN,
  tollgateForSwitch,
} from '../../test/kamailio.js';

const CARIBBEAN = '18765550100';

/** The Python recipe pointed at `url` (the authorize URL's origin), fail open unless `failClosed`. */
function pythonRecipe(
  origin: string,
  options: { failClosed?: boolean; timeoutMs?: number; token?: string } = {},
): string {
  return recipe('kamailio-python3.cfg', [
    ['http://127.0.0.1:3000/', `${origin}/`],
    ['!TOLLGATE_TOKEN!change-me!', `!TOLLGATE_TOKEN!${options.token ?? SWITCH_TOKEN}!`],
    ['/etc/kamailio/tollgate_authorize.py', path.join(RECIPES, 'tollgate_authorize.py')],
    ...(options.timeoutMs
      ? [['!TOLLGATE_TIMEOUT_MS!100!', `!TOLLGATE_TIMEOUT_MS!${options.timeoutMs}!`] as [string, string]]
      : []),
    ...(options.failClosed
      ? [['##!define TOLLGATE_FAIL_CLOSED', '#!define TOLLGATE_FAIL_CLOSED'] as [string, string]]
      : []),
  ]);
}

/** A TCP server run by the test: `onConnection` decides what each accepted connection gets. */
async function tcpServer(onConnection: (socket: Socket) => void): Promise<{ origin: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('the Kamailio recipe (app_python3) in front of authorize, driven by sipp (real PostgreSQL, real SIP)', () => {
  let t: TestApp;
  let kamailio: Kamailio | undefined;

  beforeAll(async () => {
    t = await tollgateForSwitch();
    // The decisions are the point here, not the time-out (the tests below keep the recipe's 100 ms): a loaded
    // CI machine may take longer than 100 ms to answer once, and a fail-open 200 would hide a decision.
    kamailio = await startKamailio(pythonRecipe(t.baseUrl, { timeoutMs: 2000 }));
  });

  afterAll(async () => {
    await kamailio?.stop();
    await t?.close();
  });

  it('a sipp burst of 24 Caribbean calls from one seat gets 200 for the first 15 and 603 Decline after', async () => {
    const answers = await sippBurst(kamailio!.port, CARIBBEAN, 24);
    expect(answers).toEqual([...Array(15).fill('SIP/2.0 200 OK'), ...Array(9).fill('SIP/2.0 603 Decline')]);
    expect(kamailio!.log()).toContain('tollgate: 603 Decline for harb-142 -> 18765550100');
    expect(kamailio!.log()).not.toContain('no answer');
  });

  it('a switch with the wrong token gets no decision: the call is routed (fail open) and Kamailio logs the 401', async () => {
    const wrong = await startKamailio(pythonRecipe(t.baseUrl, { token: 'not-the-switch-token' }));
    try {
      expect(await sippBurst(wrong.port, '16175550199', 1)).toEqual(['SIP/2.0 200 OK']);
      expect(wrong.log()).toContain('tollgate: no decision (HTTP 401) for harb-142 -> 16175550199: failing open');
    } finally {
      await wrong.stop();
    }
  });
});

describe('the Kamailio recipe (app_python3) when Tollgate does not answer (real Kamailio, real sockets)', () => {
  const running: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((r) => r.stop()));
  });

  async function kamailioFor(origin: string, failClosed: boolean): Promise<Kamailio> {
    const k = await startKamailio(pythonRecipe(origin, { failClosed }));
    running.push(k);
    return k;
  }

  /** Accepts every connection and never answers: Tollgate hung, or a black-holed network path. */
  async function silentTollgate() {
    const server = await tcpServer(() => undefined);
    running.push({ stop: server.close });
    return server.origin;
  }

  /** A port nothing listens on: Tollgate down. */
  async function refusingTollgate() {
    return `http://127.0.0.1:${await freePort()}`;
  }

  it('fail open (the default): calls to a Tollgate that never answers are routed, and Kamailio logs the 100 ms time-out', async () => {
    const k = await kamailioFor(await silentTollgate(), false);
    expect(await sippBurst(k.port, CARIBBEAN, 3)).toEqual(Array(3).fill('SIP/2.0 200 OK'));
    expect(k.log()).toContain(
      'tollgate: no answer within 100 ms (timed out) for harb-142 -> 18765550100: failing open',
    );
  });

  it('fail closed: calls to a Tollgate that never answers get 503, and Kamailio logs the 100 ms time-out', async () => {
    const k = await kamailioFor(await silentTollgate(), true);
    expect(await sippBurst(k.port, CARIBBEAN, 3)).toEqual(Array(3).fill('SIP/2.0 503 Service Unavailable'));
    expect(k.log()).toContain(
      'tollgate: no answer within 100 ms (timed out) for harb-142 -> 18765550100: failing closed (503)',
    );
  });

  it('fail open: calls while Tollgate refuses connections are routed, and Kamailio logs why', async () => {
    const k = await kamailioFor(await refusingTollgate(), false);
    expect(await sippBurst(k.port, CARIBBEAN, 3)).toEqual(Array(3).fill('SIP/2.0 200 OK'));
    expect(k.log()).toContain(
      'tollgate: no answer within 100 ms (connection refused) for harb-142 -> 18765550100: failing open',
    );
  });

  it('fail closed: calls while Tollgate refuses connections get 503', async () => {
    const k = await kamailioFor(await refusingTollgate(), true);
    expect(await sippBurst(k.port, CARIBBEAN, 3)).toEqual(Array(3).fill('SIP/2.0 503 Service Unavailable'));
    expect(k.log()).toContain(
      'tollgate: no answer within 100 ms (connection refused) for harb-142 -> 18765550100: failing closed (503)',
    );
  });

  it('a connection the server closed is reopened, announced or not: every call still gets the answer, none fails open', async () => {
    let requests = 0;
    // Answers one request per connection, "603 Decline", then closes it: every other time without announcing it
    // (no `Connection: close`), which is what an idle keep-alive connection looks like after Tollgate's
    // keep-alive time-out.
    const server = await tcpServer((socket) => {
      let seen = '';
      socket.on('data', (d: Buffer) => {
        seen += d.toString('latin1');
        const end = seen.indexOf('\r\n\r\n');
        if (end < 0) return;
        const length = Number(/content-length: *(\d+)/i.exec(seen.slice(0, end))?.[1] ?? 0);
        if (seen.length < end + 4 + length) return;
        socket.removeAllListeners('data');
        requests++;
        const body = '603 Decline\nseat harb-142 intercepted\n';
        const close = requests % 2 ? 'Connection: close\r\n' : '';
        socket.end(
          `HTTP/1.1 200 OK\r\n${close}Content-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
          () => socket.destroy(),
        );
      });
    });
    running.push({ stop: server.close });
    const k = await kamailioFor(server.origin, false);
    expect(await sippBurst(k.port, CARIBBEAN, 8)).toEqual(Array(8).fill('SIP/2.0 603 Decline'));
    expect(requests).toBe(8);
    expect(k.log()).not.toContain('no answer');
    expect(k.log()).not.toContain('no decision');
  });
});
