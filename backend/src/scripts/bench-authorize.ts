// `npm run bench` (first part; BENCH_ONLY=authorize runs only this): authorize with live counters on. Prints
// figures, asserts nothing. BENCH_SEATS (default 100,000) distinct seats and source IPs are counted first, then
// decisions are timed in process (EnforcementService.authorize, what the controller calls) and over HTTP at
// BENCH_RPS (default 1,000) requests/s for BENCH_HTTP_SECONDS (default 10) from a separate client process,
// BENCH_HTTP_RUNS times (default 1), each run with the server's heap bytes allocated per request and its GC pauses.
// BENCH_ROUTES=lane,nest alternates the switch's lane with the Nest route (the same path with a trailing slash,
// which the lane leaves to Express): the figures before and after the lane, on the same machine at the same time.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import { cpus, loadavg, tmpdir } from 'node:os';
import v8 from 'node:v8';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { createApp } from '../app.factory.js';
import { loadConfig } from '../config/config.js';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { runMigrations } from '../database/migrate.js';
import { DataSource } from 'typeorm';
import { RealtimeService } from '../detection/live/realtime.service.js';
import { insertRule } from '../detection/rule-rows.js';
import type { AuthorizeQuery } from '../enforcement/blocklist-index.js';
import { EnforcementService } from '../enforcement/enforcement.service.js';

const SEATS = Number(process.env.BENCH_SEATS ?? 100_000);
const RPS = Number(process.env.BENCH_RPS ?? 1_000);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 10);
const HTTP_RUNS = Number(process.env.BENCH_HTTP_RUNS ?? 1);
const ROUTES = (process.env.BENCH_ROUTES ?? 'lane').split(',') as ('lane' | 'nest')[];
const SEATS_PER_CUSTOMER = 100;
const TOKEN = 'bench-enforcement-token-0123456789';
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const execFileAsync = promisify(execFile);

/** Destinations a busy switch sees: mostly domestic, some Caribbean and international. */
const CALLEES = ['+16175550199', '+12125550100', '+13125550111', '+18765550100', '+442079460000', '+5355550100'];

/** Seat k: customer k / 100, SIP username `b<k>`, its own source address. */
function query(k: number, i: number): AuthorizeQuery {
  const c = Math.floor(k / SEATS_PER_CUSTOMER);
  return {
    accountCode: `BNCH${String(c).padStart(5, '0')}`,
    sourceIp: `100.${64 + ((k >> 16) & 63)}.${(k >> 8) & 255}.${k & 255}`,
    caller: `b${k}`,
    callee: CALLEES[(k + i) % CALLEES.length],
  };
}

function percentile(sorted: Float64Array | number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapMb(): number {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1024 ** 2;
}

/**
 * Bytes the V8 heap allocated between start() and stop(): what each collection freed plus what the heap grew by.
 * Load on the machine does not change it (unlike latency), so it is the figure to compare across commits.
 */
function allocationMeter(): { stop(): number } {
  const profiler = new v8.GCProfiler();
  const startUsed = v8.getHeapStatistics().used_heap_size;
  profiler.start();
  return {
    stop() {
      const endUsed = v8.getHeapStatistics().used_heap_size;
      const gcs = profiler.stop()?.statistics ?? [];
      let allocated = 0;
      let used = startUsed;
      for (const g of gcs) {
        allocated += g.beforeGC.heapStatistics.usedHeapSize - used;
        used = g.afterGC.heapStatistics.usedHeapSize;
      }
      return allocated + endUsed - used;
    },
  };
}

/**
 * BENCH_CPU_PROFILE=<file>: a V8 CPU profile of the server during the HTTP phase; BENCH_HEAP_PROFILE=<file>: a
 * sampling heap profile of the same (where the allocated bytes come from). Open either in Chrome DevTools.
 */
async function startProfile(kind: 'cpu' | 'heap'): Promise<{ stop(file: string, requests: number): Promise<void> }> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  if (kind === 'cpu') {
    await post('Profiler.enable');
    await post('Profiler.start');
  } else {
    await post('HeapProfiler.enable');
    await post('HeapProfiler.startSampling', {
      samplingInterval: 1024,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  return {
    async stop(file, requests) {
      const { profile } = (await post(kind === 'cpu' ? 'Profiler.stop' : 'HeapProfiler.stopSampling')) as {
        profile: HeapNode & object;
      };
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`  ${kind === 'cpu' ? 'CPU' : 'sampling heap'} profile of the HTTP phase: ${file}`);
      if (kind === 'heap') printAllocators(profile.head, requests);
    },
  };
}

interface HeapNode {
  head: HeapNode;
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: HeapNode[];
}

/** The functions that allocated most, by the package (or our file) they are in, in bytes per request. */
function printAllocators(head: HeapNode, requests: number): void {
  const byPlace = new Map<string, number>();
  const visit = (n: HeapNode) => {
    const url = n.callFrame.url.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+).*$/, '$1').replace(/^.*\/dist\//, '');
    const place = `${url || '(native)'} ${n.callFrame.functionName || '(anonymous)'}`;
    byPlace.set(place, (byPlace.get(place) ?? 0) + n.selfSize);
    n.children.forEach(visit);
  };
  visit(head);
  const top = [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, 15);
  for (const [place, bytes] of top) console.log(`    ${fmt(bytes / requests).padStart(6)} B/request  ${place}`);
}

/** The HTTP client, in a process of its own so it does not share the server's event loop. */
async function client(url: string, rps: number, seconds: number, seats: number): Promise<void> {
  // node:http with keep-alive: fetch's own overhead would be the client's bottleneck at 1,000/s.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const samples: number[] = [];
  let failed = 0;
  let denied = 0;
  const total = rps * seconds;
  const start = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rps;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    const body = JSON.stringify(query((i * 7919) % seats, i));
    const s = performance.now();
    inflight.push(
      new Promise<void>((resolve) => {
        const req = http.request(
          url,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              authorization: `Bearer ${TOKEN}`,
            },
          },
          (res) => {
            let text = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (text += chunk));
            res.on('end', () => {
              samples.push(performance.now() - s);
              if (res.statusCode !== 200) failed++;
              else if ((JSON.parse(text) as { decision?: string }).decision === 'deny') denied++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          failed++;
          resolve();
        });
        req.end(body);
      }),
    );
  }
  await Promise.all(inflight);
  agent.destroy();
  const elapsed = (performance.now() - start) / 1000;
  samples.sort((a, b) => a - b);
  process.stdout.write(
    JSON.stringify({
      sent: total,
      rate: total / elapsed,
      p50: percentile(samples, 0.5),
      p99: percentile(samples, 0.99),
      max: samples[samples.length - 1],
      failed,
      denied,
    }),
  );
}

/** perf_hooks' GC kinds (NODE_PERFORMANCE_GC_*). */
const GC_KINDS: Record<number, string> = {
  1: 'scavenge',
  2: 'mark-compact',
  4: 'incremental marking',
  8: 'weak callbacks',
};

/** One HTTP phase: the client process sends at RPS for HTTP_SECONDS; the server's figures meanwhile. */
async function httpRun(self: string, url: string): Promise<void> {
  const cpuBefore = process.cpuUsage();
  const allocation = allocationMeter();
  const profileFile = process.env.BENCH_CPU_PROFILE ?? process.env.BENCH_HEAP_PROFILE;
  const profiling = profileFile ? await startProfile(process.env.BENCH_CPU_PROFILE ? 'cpu' : 'heap') : null;
  // Where a slow answer's time goes when it is not the request's own work: the event loop's stalls, and GC.
  const loop = monitorEventLoopDelay({ resolution: 1 });
  loop.enable();
  const gcPauses: number[] = [];
  const gcKinds = new Map<string, number[]>();
  const gcWatch = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcPauses.push(e.duration);
      const kind = GC_KINDS[(e as unknown as { detail?: { kind?: number } }).detail?.kind ?? 0] ?? 'other';
      gcKinds.set(kind, [...(gcKinds.get(kind) ?? []), e.duration]);
    }
  });
  gcWatch.observe({ entryTypes: ['gc'] });
  const { stdout } = await execFileAsync(
    process.execPath,
    [self, 'client', url, String(RPS), String(HTTP_SECONDS), String(SEATS)],
    {
      maxBuffer: 1 << 20,
    },
  );
  const cpu = process.cpuUsage(cpuBefore);
  const allocated = allocation.stop();
  loop.disable();
  gcWatch.disconnect();
  gcPauses.sort((a, b) => a - b);
  const h = JSON.parse(stdout) as {
    sent: number;
    rate: number;
    p50: number;
    p99: number;
    max: number;
    failed: number;
    denied: number;
  };
  console.log(
    `  load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} on ${cpus().length} cores while timing (other work on the machine slows every figure)`,
  );
  console.log(
    `  over HTTP: ${fmt(h.sent)} requests at ${fmt(h.rate)}/s (node:http keep-alive, separate client process); ` +
      `p50 ${h.p50.toFixed(2)} ms, p99 ${h.p99.toFixed(2)} ms, max ${h.max.toFixed(1)} ms; ${h.failed} failed, ${fmt(h.denied)} denied`,
  );
  console.log(
    `  server event loop meanwhile: delay p50 ${(loop.percentile(50) / 1e6).toFixed(2)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(2)} ms, ` +
      `max ${(loop.max / 1e6).toFixed(1)} ms; ${gcPauses.length} GC pauses, longest ${(gcPauses[gcPauses.length - 1] ?? 0).toFixed(1)} ms, ` +
      `${gcPauses.reduce((a, b) => a + b, 0).toFixed(0)} ms in all ` +
      `(${[...gcKinds].map(([k, d]) => `${d.length} ${k}, longest ${Math.max(...d).toFixed(1)} ms`).join('; ')})`,
  );
  console.log(
    `  server heap allocated per HTTP decision: ${fmt(allocated / h.sent)} bytes ` +
      `(${(allocated / 1024 ** 2).toFixed(0)} MB in all; what the collector has to clear, unchanged by load)`,
  );
  if (profiling) await profiling.stop(profileFile!, h.sent);
  console.log(
    `  server CPU per HTTP decision: ${((cpu.user + cpu.system) / h.sent).toFixed(0)} µs ` +
      `(user ${(cpu.user / h.sent).toFixed(0)}, system ${(cpu.system / h.sent).toFixed(0)}; the whole request path, ` +
      `the load-independent figure: at 1,000/s it is the share of one core the server spends answering)`,
  );
}

export async function benchAuthorize(): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tollgate-bench-authorize-'));
  chmodSync(dir, 0o755);
  const db = await startEmbeddedPostgres({
    dataDir: dir,
    port: 54900 + Math.floor(Math.random() * 90),
    database: 'bench',
  });
  const sql = new pg.Client({ connectionString: db.url });
  try {
    await runMigrations(db.url);
    await sql.connect();
    const customers = Math.ceil(SEATS / SEATS_PER_CUSTOMER);
    let t = performance.now();
    await sql.query(
      `INSERT INTO customers (name, account_code, timezone)
       SELECT 'Bench ' || c, 'BNCH' || lpad(c::text, 5, '0'), 'America/New_York' FROM generate_series(0, $1 - 1) c`,
      [customers],
    );
    await sql.query(
      `INSERT INTO customer_groups (customer_id, name, external_id)
       SELECT id, 'Office ' || g, account_code || '-G' || g FROM customers CROSS JOIN generate_series(0, 9) g`,
    );
    await sql.query(
      `INSERT INTO seats (customer_id, group_id, user_id, sip_username, name, did)
       SELECT c.id, g.id, 'b' || k || '@bench.example.net', 'b' || k, 'Seat ' || k,
              '+1617' || lpad((5000000 + k)::text, 7, '0')
         FROM generate_series(0, $1 - 1) k
         JOIN customers c ON c.account_code = 'BNCH' || lpad((k / ${SEATS_PER_CUSTOMER})::text, 5, '0')
         JOIN customer_groups g ON g.customer_id = c.id AND g.external_id = c.account_code || '-G' || (k % 10)`,
      [SEATS],
    );
    console.log(
      `authorize: ${fmt(customers)} customers of ${SEATS_PER_CUSTOMER} seats in 10 groups, ${fmt(SEATS)} seats (inventory built in ${((performance.now() - t) / 1000).toFixed(1)} s)`,
    );

    const config = loadConfig({
      ADMIN_EMAIL: 'bench@bench.local',
      ADMIN_PASSWORD: 'bench-password-123',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      FRONTEND_DIST: '/none',
      ENFORCEMENT_TOKEN: TOKEN,
    });
    const app = await createApp(config, db.url);
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${app.getHttpServer().address().port}/api/enforcement/authorize`;
    const enforcement = app.get(EnforcementService);
    const realtime = app.get(RealtimeService);
    // Besides the seeded seat and group thresholds: every call counted per source IP, and the spread per seat.
    const rule = { scope: 'global' as const, customerId: null, mode: 'live' as const, enabled: true, createdBy: null };
    await insertRule(app.get(DataSource), {
      ...rule,
      name: 'Calls per source IP',
      kind: 'threshold',
      params: {
        window: { minutes: 60 },
        filter: { kind: 'prefix_group', prefixes: ['+1', '+2', '+3', '+4', '+5', '+6', '+7', '+8', '+9'] },
        per: 'ip',
        warn: 300,
        block: 600,
        restriction: 'ip',
      },
    });
    await insertRule(app.get(DataSource), {
      ...rule,
      name: 'Spread per seat',
      kind: 'distinct_destinations',
      params: { window: { minutes: 60 }, per: 'seat', warn: 20, block: 40, restriction: 'seat' },
    });
    await enforcement.refresh();

    // Every seat and source IP counted once: the live counters hold 100 k seats and 100 k IPs.
    const before = heapMb();
    t = performance.now();
    for (let k = 0; k < SEATS; k++) enforcement.authorize(query(k, 0));
    const warm = performance.now() - t;
    const after = heapMb();
    console.log(
      `  counters: ${fmt(realtime.counters.size)} live keys after ${fmt(SEATS)} distinct seats and IPs ` +
        `(${fmt(SEATS / (warm / 1000))} decisions/s while filling); heap +${(after - before).toFixed(0)} MB ` +
        `(index and counters; ${gc ? 'after gc' : 'run with --expose-gc for a settled figure'})`,
    );

    const n = 200_000;
    const samples = new Float64Array(n);
    let denied = 0;
    const inProcess = allocationMeter();
    t = performance.now();
    for (let i = 0; i < n; i++) {
      const q = query((i * 7919) % SEATS, i);
      const s = performance.now();
      const d = enforcement.authorize(q);
      samples[i] = performance.now() - s;
      if (d.decision === 'deny') denied++;
    }
    const elapsed = performance.now() - t;
    const allocatedInProcess = inProcess.stop();
    samples.sort();
    console.log(
      `  in process: ${fmt(n)} decisions, ${fmt(n / (elapsed / 1000))}/s; p50 ${(percentile(samples, 0.5) * 1000).toFixed(1)} µs, ` +
        `p99 ${(percentile(samples, 0.99) * 1000).toFixed(1)} µs, max ${(samples[n - 1] * 1000).toFixed(0)} µs ` +
        `(${fmt(denied)} denied by the real-time rules or their blocks; 4 live rules per customer); ` +
        `${fmt(allocatedInProcess / n)} heap bytes allocated per decision`,
    );
    await new Promise((r) => setTimeout(r, 2000)); // let the queued events reach the case service

    const self = fileURLToPath(import.meta.url);
    for (let run = 1; run <= HTTP_RUNS; run++) {
      for (const route of ROUTES) {
        const through = route === 'nest' ? 'the Nest route (trailing slash)' : 'the lane';
        if (HTTP_RUNS > 1 || ROUTES.length > 1) console.log(`  HTTP run ${run} of ${HTTP_RUNS}, ${through}:`);
        await httpRun(self, route === 'nest' ? `${url}/` : url);
      }
    }
    console.log(
      `  real-time events raised meanwhile: ${fmt(Number((await sql.query(`SELECT count(*) FROM detected_events WHERE source = 'realtime'`)).rows[0].count))}`,
    );
    await app.close();
  } finally {
    await sql.end().catch(() => {});
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === 'client') {
  const [, , , url, rps, seconds, seats] = process.argv;
  void client(url, Number(rps), Number(seconds), Number(seats));
}
