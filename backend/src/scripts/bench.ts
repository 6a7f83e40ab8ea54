import 'reflect-metadata';
import { chmodSync, createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { createApp } from '../app.factory.js';
import { loadConfig } from '../config/config.js';
import { startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { runMigrations } from '../database/migrate.js';
import { WIDGETS } from '../cdrs/usage/usage.service.js';
import { CDR_COPY_COLUMNS } from '../cdrs/import/cdr-importer.js';
import { CdrBatchObservers } from '../cdrs/import/batch-observers.js';
import type { CdrDetector } from '../detection/cdr-detector.js';
import { CDR_DETECTORS } from '../detection/cdr-detectors.js';
import { DetectionEngine } from '../detection/detection-engine.js';
import { benchAuthorize } from './bench-authorize.js';
import { demoCustomers } from './demo-data.js';

/**
 * `npm run bench`: end-to-end CDR import vs raw COPY of the same rows in the same database, then
 * widget latencies over a large rollup. Prints figures; asserts nothing. Sizes: BENCH_CDRS (default
 * 1,000,000) and BENCH_WIDGET_CDRS (default 10,000,000). BENCH_DETECTORS=all (default) enables a rule of every
 * CDR detector kind (as a NOC would run them), prints the detectors' own time per row, and hides fraud bursts in
 * the file to time import → ticket visible; BENCH_DETECTORS=none runs the import without rules.
 * BENCH_OBSERVER=noop also registers one batch observer that does nothing.
 */
const N = Number(process.env.BENCH_CDRS ?? 1_000_000);
const WIDGET_N = Number(process.env.BENCH_WIDGET_CDRS ?? 10_000_000);
const OBSERVER = process.env.BENCH_OBSERVER ?? 'none';
if (OBSERVER !== 'none' && OBSERVER !== 'noop') {
  console.error(`BENCH_OBSERVER must be none or noop, not ${OBSERVER}`);
  process.exit(2);
}
const DETECTORS = process.env.BENCH_DETECTORS ?? 'all';
if (DETECTORS !== 'all' && DETECTORS !== 'none') {
  console.error(`BENCH_DETECTORS must be all or none, not ${DETECTORS}`);
  process.exit(2);
}
/** Fraud bursts hidden in the file, evenly spread: each from its own IP, 25 calls to Latvia in two minutes. */
const BURSTS = DETECTORS === 'all' ? 20 : 0;
const burstIp = (k: number) => `203.0.113.${100 + k}`;
/** The rate the latency file is sent at: a busy switch's CDRs, below the import's throughput. */
const PACE_CDRS = Number(process.env.BENCH_PACE_CDRS ?? 5000);

/** Every CDR detector kind, global and live, with a NOC's thresholds. */
const BENCH_RULES = [
  {
    name: 'Latvia burst by IP',
    kind: 'threshold',
    params: {
      window: { minutes: 5 },
      warn: 10,
      block: 20,
      filter: { kind: 'country', countries: ['LV'] },
      per: 'ip',
      restriction: 'ip',
    },
  },
  {
    name: 'Same number',
    kind: 'threshold',
    params: { window: { minutes: 5 }, warn: 30, block: 60, filter: { kind: 'same_number' }, per: 'customer' },
  },
  { name: 'New source IP', kind: 'first_traffic_ip', params: { severity: 'notify' } },
  { name: 'New country', kind: 'new_destination', params: { minHistoryDays: 3, severity: 'notify' } },
  { name: 'Premium rate', kind: 'max_rate', params: { maxPerMinute: 0.5, action: 'warning' } },
  { name: 'Daily spend', kind: 'spend_limit', params: { warn: 50_000, block: 100_000 } },
  {
    name: 'Failed international',
    kind: 'intl_failed_attempts',
    params: { window: { minutes: 10 }, warn: 20, block: 40, per: 'ip', restriction: 'ip' },
  },
  {
    name: 'Numbers per seat',
    kind: 'distinct_destinations',
    params: { window: { minutes: 60 }, warn: 40, block: 80, per: 'seat', restriction: 'seat' },
  },
  {
    name: 'Calls per second by IP',
    kind: 'call_rate',
    params: { windowSeconds: 10, warn: 2, block: 5, per: 'ip', restriction: 'ip' },
  },
  // The seat and group thresholds are the two rules the migrations seed.
];
const execFileAsync = promisify(execFile);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The file's lines; `ends[k]` receives the byte offset just after burst k's last line. */
function* generate(n: number, ends?: number[], prefix = 'bench', dayOffset = 0): Generator<string> {
  let bytes = 0;
  const every = ends && BURSTS ? Math.floor(n / (BURSTS + 1)) : Infinity;
  const accounts = ['HARB009', 'ACME01', 'OKLI22', 'BRCC07', 'SEAS31', ''];
  // Each customer's phones reach the switch from a few addresses of its own (as real PBXs and SBCs do); the
  // unassigned rows come from anywhere.
  const ips = [
    ['203.0.113.10', '198.51.100.2', '198.51.100.3'],
    ['192.0.2.20', '192.0.2.21'],
    ['198.51.100.66', '198.51.100.67'],
    ['203.0.113.140', '203.0.113.141', '203.0.113.142'],
    ['192.0.2.200'],
    Array.from({ length: 250 }, (_, k) => `198.51.100.${k}`),
  ];
  const dest = [
    '+37181431366',
    '+12685550169',
    '+14155550100',
    '+442079460000',
    '+18005550100',
    '+5353331234',
    '+2175550100',
  ];
  const t0 = Date.parse('2025-06-01T00:00:00Z') + dayOffset * 86_400_000;
  const header = 'call id,account,source ip,sip user,from,to,start,answer,end,duration,billsec,disposition,sip code\n';
  bytes += header.length;
  yield header;
  let buf = '';
  for (let i = 0; i < n; i++) {
    const start = t0 + Math.floor((i / n) * 7 * 86_400_000);
    if (ends && i > 0 && i % every === 0 && ends.length < BURSTS) {
      const k = ends.length;
      for (let j = 0; j < 25; j++) {
        const at = new Date(start + j * 4_800).toISOString();
        buf += `${prefix}-burst-${k}-${j},HARB009,${burstIp(k)},harb-0142,+16175550142,+3712000${String(j).padStart(4, '0')},${at},,${at},5,0,NO ANSWER,487\n`;
      }
      ends.push(bytes + Buffer.byteLength(buf));
    }
    const bill = i % 5 === 0 ? 0 : (i * 37) % 600;
    const to = dest[i % dest.length].replace('+2175550100', `+1217555${String(i % 10000).padStart(4, '0')}`);
    buf += `${prefix}-${i},${accounts[i % accounts.length]},${ips[i % accounts.length][(i >> 3) % ips[i % accounts.length].length]},harb-${i % 50},+1617555${String(i % 10000).padStart(4, '0')},${to},${new Date(start).toISOString()},,${new Date(start + (bill + 3) * 1000).toISOString()},${bill + 3},${bill},${bill ? 'ANSWERED' : 'NO ANSWER'},${bill ? 200 : 487}\n`;
    if (buf.length > 1 << 20) {
      bytes += Buffer.byteLength(buf);
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/**
 * Uploads from a separate process, as a real client would: the server gets the whole event loop. Answers the
 * import report and, for each byte offset in `marks`, the wall-clock time (epoch ms) the client had sent it.
 */
async function post(
  url: string,
  token: string,
  file: string,
  marks: number[] = [],
  bytesPerSecond = 0,
): Promise<{ report: any; sentAt: number[] }> {
  const client = `
    const http = require('node:http'), fs = require('node:fs');
    const [url, token, file, marksJson, rateText] = process.argv.slice(1);
    const rate = Number(rateText), started = Date.now();
    const marks = JSON.parse(marksJson), sentAt = [];
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST',
      headers: { authorization: 'Bearer ' + token, 'content-type': 'text/csv', 'content-length': fs.statSync(file).size } },
      (res) => { let b = ''; res.on('data', (c) => (b += c)); res.on('end', () => {
        process.stdout.write(JSON.stringify({ report: JSON.parse(b), sentAt })); process.exit(res.statusCode < 300 ? 0 : 1); }); });
    req.on('error', (e) => { console.error(e); process.exit(1); });
    let sent = 0;
    const stream = fs.createReadStream(file, { highWaterMark: rate ? 16 * 1024 : 64 * 1024 });
    stream.on('data', (chunk) => {
      const end = sent + chunk.length;
      const drained = req.write(chunk);
      sent = end;
      while (sentAt.length < marks.length && marks[sentAt.length] <= sent) sentAt.push(Date.now());
      // Paced like a switch that writes CDRs as calls end: never ahead of the given rate.
      const wait = rate ? started + (sent / rate) * 1000 - Date.now() : 0;
      if (!drained || wait > 0) {
        stream.pause();
        const resume = () => (wait > 0 ? setTimeout(() => stream.resume(), wait) : stream.resume());
        if (drained) resume(); else req.once('drain', resume);
      }
    });
    stream.on('end', () => req.end());`;
  const { stdout } = await execFileAsync(
    process.execPath,
    ['-e', client, url, token, file, JSON.stringify(marks), String(bytesPerSecond)],
    {
      maxBuffer: 1 << 24,
    },
  );
  return JSON.parse(stdout);
}

function percentile(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * p))];
}

const p95 = (samples: number[]) => percentile(samples, 0.95);

async function main() {
  // BENCH_ONLY=authorize: the real-time enforcement figures only; BENCH_ONLY=cdrs: the CDR pipeline only.
  if (process.env.BENCH_ONLY !== 'cdrs') await benchAuthorize();
  if (process.env.BENCH_ONLY === 'authorize') return;
  const dir = mkdtempSync(path.join(tmpdir(), 'tollgate-bench-'));
  chmodSync(dir, 0o755);
  const db = await startEmbeddedPostgres({
    dataDir: dir,
    port: 54400 + Math.floor(Math.random() * 500),
    database: 'bench',
  });
  const client = new pg.Client({ connectionString: db.url });
  try {
    await runMigrations(db.url);
    const config = loadConfig({
      ADMIN_EMAIL: 'bench@bench.local',
      ADMIN_PASSWORD: 'bench-password-123',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'error',
      FRONTEND_DIST: '/none',
      // No inbound SMTP listener: the bench times imports, and may run beside a running Tollgate.
      INBOUND_SMTP_PORT: '0',
      MAX_UPLOAD_BYTES: String(50 * 1024 ** 3),
      ...(process.env.CDR_BATCH_ROWS && { CDR_BATCH_ROWS: process.env.CDR_BATCH_ROWS }),
    });
    const app = await createApp(config, db.url);
    if (OBSERVER === 'noop') app.get(CdrBatchObservers).register({ name: 'noop', observe: () => {} });
    await app.listen(0, '127.0.0.1');
    const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'bench@bench.local', password: 'bench-password-123' }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    await fetch(`${base}/api/customers/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ customers: demoCustomers() }),
    });
    await client.connect();
    if (DETECTORS === 'none') {
      // Without rules: the seeded ones off too.
      const list = await fetch(`${base}/api/rules`, { headers: { authorization: `Bearer ${accessToken}` } });
      for (const rule of ((await list.json()) as { items: { id: string }[] }).items) {
        const r = await fetch(`${base}/api/rules/${rule.id}`, {
          method: 'PATCH',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ enabled: false }),
        });
        if (r.status !== 200) throw new Error(`rule ${rule.id}: ${r.status} ${await r.text()}`);
      }
    }
    if (DETECTORS === 'all') {
      for (const rule of BENCH_RULES) {
        const r = await fetch(`${base}/api/rules`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
          body: JSON.stringify({ ...rule, scope: 'global' }),
        });
        if (r.status !== 201) throw new Error(`rule ${rule.name}: ${r.status} ${await r.text()}`);
      }
    }
    // The detectors' own time: the engine's work on each batch (it runs while the importer parses the next one),
    // and each kind's share of it.
    const byKind = new Map<string, number>();
    for (const detector of Object.values(CDR_DETECTORS) as CdrDetector[]) {
      const evaluate = detector.evaluate.bind(detector);
      (detector as { evaluate: CdrDetector['evaluate'] }).evaluate = async (...args) => {
        const s = performance.now();
        try {
          return await evaluate(...args);
        } finally {
          byKind.set(detector.kind, (byKind.get(detector.kind) ?? 0) + performance.now() - s);
          const ms = performance.now() - s;
          // BENCH_TRACE=1: each evaluation over 30 ms, with its customer and judged range.
          if (process.env.BENCH_TRACE && ms > 30) {
            const [, , customer, judged] = args;
            console.log(
              `  slow ${detector.kind} ${customer.accountCode} ${Math.round(ms)} ms over ` +
                `${new Date(judged.fromMs).toISOString()} + ${Math.round((judged.toMs - judged.fromMs) / 60_000)} min`,
            );
          }
        }
      };
    }
    const engine = app.get(DetectionEngine);
    const observeMany = engine.observeMany.bind(engine);
    let detectMs = 0;
    let passes = 0;
    let batches = 0;
    // The importer hands the engine every batch through observeMany: those that committed while it was busy together.
    engine.observeMany = async (waiting) => {
      const s = performance.now();
      passes++;
      batches += waiting.length;
      try {
        await observeMany(waiting);
      } finally {
        detectMs += performance.now() - s;
      }
    };

    console.log(
      `Tollgate bench — ${new Date().toISOString().slice(0, 10)} — ${fmt(N)} CDRs — detectors: ${DETECTORS}` +
        `${DETECTORS === 'all' ? ` (${BENCH_RULES.length} rules and the seeded seat thresholds, ${BURSTS} bursts of 25 calls hidden in the file)` : ''}` +
        ` — extra batch observer: ${OBSERVER}\n`,
    );
    const csv = path.join(dir, 'cdrs.csv');
    await pipeline(Readable.from(generate(N)), createWriteStream(csv));

    const cpuBefore = process.cpuUsage();
    let t = performance.now();
    const { report } = await post(`${base}/api/cdrs/import`, accessToken, csv);
    const e2eSec = (performance.now() - t) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const e2e = report.imported / e2eSec;
    console.log(
      `end-to-end import (HTTP → parse → enrich → COPY + rollups): ${fmt(e2e)} CDR/s  (${report.imported} rows in ${e2eSec.toFixed(1)} s)`,
    );
    // The server's own CPU (this process; PostgreSQL and the upload client are others): steadier than
    // throughput on a busy machine, and where the importer's per-row work shows.
    console.log(
      `server CPU per imported CDR:                                  ${((cpu.user + cpu.system) / report.imported).toFixed(1)} µs`,
    );
    if (DETECTORS === 'all') {
      console.log(
        `detectors' own time per imported CDR (engine, all rules):     ${((detectMs * 1000) / report.imported).toFixed(2)} µs  (${(detectMs / 1000).toFixed(1)} s in all)`,
      );
      console.log(
        `detection passes:                                             ${fmt(passes)} for ${fmt(batches)} batches (batches that waited are judged together)`,
      );
      console.log(
        `rule evaluations:                                             ${fmt(engine.stats.evaluated)} run (${fmt(engine.stats.narrowed)} on a narrower range), ${fmt(engine.stats.quiet)} skipped as quiet (decided from the calls held in memory)`,
      );
      for (const [kind, ms] of [...byKind.entries()].sort((a, b) => b[1] - a[1]))
        console.log(`  ${kind.padEnd(24)} ${((ms * 1000) / report.imported).toFixed(2)} µs per CDR`);
    }
    // The same rows, as stored, replayed by raw COPY into an identical partitioned, indexed table, their keys
    // into a copy of cdr_keys.
    const rows = path.join(dir, 'rows.copy');
    const keys = path.join(dir, 'keys.copy');
    await pipeline(
      client.query(copyTo(`COPY (SELECT ${CDR_COPY_COLUMNS.join(', ')} FROM cdrs) TO STDOUT`)),
      createWriteStream(rows),
    );
    await pipeline(client.query(copyTo(`COPY cdr_keys TO STDOUT`)), createWriteStream(keys));
    await client.query(`CREATE TABLE bench_cdrs (LIKE cdrs INCLUDING DEFAULTS) PARTITION BY RANGE (started_at)`);
    await client.query(`ALTER TABLE bench_cdrs ADD PRIMARY KEY (id, started_at)`);
    await client.query(`CREATE TABLE bench_cdr_keys (LIKE cdr_keys INCLUDING ALL)`);
    await client.query(`CREATE INDEX ON bench_cdrs (customer_id, started_at)`);
    const parts: { lo: string; hi: string; name: string }[] = (
      await client.query(
        `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'cdrs'::regclass`,
      )
    ).rows.map((r: { name: string; bound: string }) => ({ name: r.name, lo: r.bound, hi: '' }));
    for (const p of parts) await client.query(`CREATE TABLE bench_${p.name} PARTITION OF bench_cdrs ${p.lo}`);
    const copyInto = async (table: string, keyTable?: string) => {
      const start = performance.now();
      await pipeline(
        createReadStream(rows),
        client.query(copyFrom(`COPY ${table} (${CDR_COPY_COLUMNS.join(', ')}) FROM STDIN`)),
      );
      if (keyTable) await pipeline(createReadStream(keys), client.query(copyFrom(`COPY ${keyTable} FROM STDIN`)));
      return report.imported / ((performance.now() - start) / 1000);
    };
    const raw = await copyInto('bench_cdrs', 'bench_cdr_keys');
    console.log(`raw COPY, same rows, identical table (partitions + indexes):  ${fmt(raw)} CDR/s`);
    console.log(
      `ratio end-to-end / raw COPY:                                  ${(e2e / raw).toFixed(2)}${DETECTORS === 'all' ? '  (compare with BENCH_DETECTORS=none: the detectors may cost at most 10 % of it)' : ''}`,
    );
    await client.query(`CREATE TABLE bench_bare (LIKE cdrs INCLUDING DEFAULTS)`);
    const bare = await copyInto('bench_bare');
    console.log(`raw COPY into a bare unindexed table:                         ${fmt(bare)} CDR/s\n`);
    await client.query(`DROP TABLE bench_cdrs, bench_cdr_keys, bench_bare`);

    if (BURSTS) {
      // Import → ticket visible: a second file of the next week's traffic with the bursts hidden in it, sent at
      // PACE_CDRS per second as a switch writes CDRs when calls end (a bulk upload measures TCP buffers instead).
      const paced = path.join(dir, 'paced.csv');
      const burstEnds: number[] = [];
      const pacedRows = Math.max(BURSTS * 1000, Math.floor(N / 5));
      await pipeline(Readable.from(generate(pacedRows, burstEnds, 'paced', 8)), createWriteStream(paced));
      const bytesPerRow = statSync(paced).size / pacedRows;
      // Import → ticket visible: poll the events list (as the NOC queue would) for each burst's block.
      const seenAt = new Map<number, number>();
      let polling = BURSTS > 0;
      const poller = (async () => {
        while (polling) {
          const r = await fetch(`${base}/api/events?kind=threshold&limit=50`, {
            headers: { authorization: `Bearer ${accessToken}` },
          });
          const page = (await r.json()) as {
            items: { severity: string; ticketId: string | null; details: { ips?: string[] } }[];
          };
          for (const e of page.items) {
            if (e.severity !== 'block' || !e.ticketId) continue;
            for (let k = 0; k < BURSTS; k++)
              if (!seenAt.has(k) && e.details.ips?.includes(burstIp(k))) seenAt.set(k, Date.now());
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();

      const { sentAt } = await post(`${base}/api/cdrs/import`, accessToken, paced, burstEnds, PACE_CDRS * bytesPerRow);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      polling = false;
      await poller;
      const latencies = [...seenAt.entries()].map(([k, at]) => at - sentAt[k]);
      console.log(
        `import → ticket visible, burst inside the file:               p50 ${fmt(percentile(latencies, 0.5))} ms, p99 ${fmt(percentile(latencies, 0.99))} ms` +
          `  (${latencies.length} of ${BURSTS} bursts seen in ${fmt(pacedRows)} CDRs sent at ${fmt(PACE_CDRS)} CDR/s; from the client sending the burst's last row to its block event in GET /api/events)`,
      );
    }

    // Widgets over a 30-day, WIDGET_N-CDR data set. Widgets read only the hourly rollups, whose size is set by
    // cardinality (customers × hours × keys), not by the CDR count: we write the rollup rows that WIDGET_N CDRs
    // spread over 30 days, 5 customers, 12 countries, 4 jurisdictions, 7 states, 40 IPs and 80 seats per
    // customer would leave (every key active every hour: the worst case for the queries).
    t = performance.now();
    await client.query(`TRUNCATE usage_hourly`);
    const customers = (await client.query(`SELECT id FROM customers ORDER BY account_code`)).rows.map(
      (r: { id: string }) => r.id,
    );
    await client.query(
      `WITH dims(dim, keys) AS (VALUES
         ('country', ARRAY['US','GB','LV','CU','JM','DO','CA','MX','DE','FR','IN','PH']),
         ('jurisdiction', ARRAY['interstate','intrastate','international','toll_free']),
         ('state', ARRAY['MA','NY','CA','IL','TX','FL','ON']),
         ('source_ip', ARRAY(SELECT '198.51.100.' || g FROM generate_series(1, 40) g)),
         ('seat', ARRAY(SELECT md5(g::text)::uuid::text FROM generate_series(1, 80) g)))
       INSERT INTO usage_hourly (customer_id, dim, hour, key, calls, failed, billsec, cost)
       SELECT c, d.dim, h, k, n, n / 9, n * 180, n * 0.02
         FROM unnest($1::uuid[]) c
        CROSS JOIN generate_series(timestamptz '2025-05-01', timestamptz '2025-05-30 23:00', interval '1 hour') h
        CROSS JOIN dims d CROSS JOIN LATERAL unnest(d.keys) k
        CROSS JOIN LATERAL (SELECT greatest(1, ($2::bigint / (cardinality($1) * 720 * cardinality(d.keys))))::int AS n) x
       UNION ALL
       SELECT c, 'customer', h, c::text, $2 / (cardinality($1) * 720), 0, 0, 0
         FROM unnest($1::uuid[]) c
        CROSS JOIN generate_series(timestamptz '2025-05-01', timestamptz '2025-05-30 23:00', interval '1 hour') h`,
      [customers, WIDGET_N],
    );
    await client.query(`TRUNCATE usage_daily`);
    await client.query(
      `INSERT INTO usage_daily (customer_id, dim, day, key, calls, failed, billsec, cost)
       SELECT customer_id, dim, (hour AT TIME ZONE 'UTC')::date, key, sum(calls), sum(failed), sum(billsec), sum(cost)
         FROM usage_hourly GROUP BY 1, 2, 3, 4`,
    );
    await client.query(`VACUUM ANALYZE usage_hourly`);
    await client.query(`VACUUM ANALYZE usage_daily`);
    const cells = (await client.query(`SELECT count(*)::int AS n FROM usage_hourly`)).rows[0].n;
    console.log(
      `widget data set: ${fmt(WIDGET_N)} CDRs over 30 days → ${fmt(cells)} rollup rows (built in ${((performance.now() - t) / 1000).toFixed(0)} s)`,
    );
    const heavy = customers[0];
    for (const widget of Object.keys(WIDGETS)) {
      const samples: number[] = [];
      for (let i = 0; i < 40; i++) {
        const q = widget === 'minutes-per-customer' || widget === 'top-ips' ? '' : `customerId=${heavy}&`;
        const s = performance.now();
        const r = await fetch(`${base}/api/usage/${widget}?${q}from=2025-05-01T04:00:00Z&to=2025-05-31T04:00:00Z`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        await r.arrayBuffer();
        samples.push(performance.now() - s);
      }
      console.log(
        `  ${widget.padEnd(26)} p95 ${p95(samples).toFixed(1)} ms (30 days at 04:00 UTC edges, HTTP round trip)`,
      );
    }
    await app.close();
  } finally {
    await client.end().catch(() => {});
    await db.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
