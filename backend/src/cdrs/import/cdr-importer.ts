import { Logger } from '@nestjs/common';
import { hash } from 'node:crypto';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { AppError, badInput } from '../../common/app-error.js';
import { CdrErrorCode } from '../../common/error-codes.js';
import { enrichCdr } from '../enrichment/enrich.js';
import type { RateDeck } from '../enrichment/rate-deck.js';
import { currentRateDeck } from '../rate-deck-rows.js';
import { CsvSplitter, type CsvRecord } from '../parsing/csv-splitter.js';
import { MAX_CDR_COST } from '../parsing/fields.js';
import type { CdrFormat, ParsedCdr } from '../parsing/cdr-record.js';
import type { ColumnMap } from '../parsing/column-map.js';
import { createCdrLineParser, detectFormat, type CdrLineParser } from '../parsing/formats.js';
import { profilesThatRead } from '../profiles/builtin-profiles.js';
import { copyField } from './copy-row.js';
import type { CdrBatchObservers } from './batch-observers.js';
import { type CdrBatch, CdrBatchBuilder } from './cdr-batch.js';
import { CustomerMatcher, type MatchedCustomer } from './customer-matcher.js';
import { CdrPartitions } from './partitions.js';
import { ZoneCheck } from './zone-check.js';
import {
  COMPACT_DAILY_SQL,
  COMPACT_ROLLUP_SQL,
  COPY_DAILY_SQL,
  COPY_ROLLUP_SQL,
  RollupAccumulator,
  UNASSIGNED,
} from './rollup.js';

export interface ImportOptions {
  format: CdrFormat | 'auto';
  filename: string | null;
  timeZone: string;
  /** ISO alpha-2 for customers without a country (CDR_HOME_COUNTRY); default US. */
  homeCountry?: string;
  userfieldIsSourceIp: boolean;
  /** An import profile's column map: the file is read as generic CSV through it. */
  columnMap?: ColumnMap;
  /** The profile's numbering plan: reads every row's numbers, whichever customer it matches. */
  planCountry?: string | null;
  maxBytes: number;
  /** Rows per COPY transaction (CDR_BATCH_ROWS). */
  batchRows: number;
  /** Written once this old (ms since its first row), full or not; Infinity for size only. */
  batchMaxMs?: number;
  actorId: string | null;
  /** The account of rows that name none (a carrier's CDRs of one sub-account). */
  accountCode?: string | null;
}

export interface ImportReport {
  importId: string;
  format: CdrFormat | null;
  status: 'completed' | 'failed' | 'interrupted';
  rows: number;
  imported: number;
  /** Rows stored before whose times this import corrected (a re-import with another time zone). */
  updated: number;
  duplicates: number;
  rejected: number;
  unassigned: number;
  warnings: string[];
  /** The customers the imported rows were matched to, most rows first. */
  customers: { id: string; name: string; imported: number }[];
  errors: { line: number; reason: string }[];
}

const MAX_ERRORS_KEPT = 100;
const YIELD_EVERY = 500;

export const CDR_COPY_COLUMNS = [
  'call_id',
  'import_id',
  'customer_id',
  'seat_id',
  'account_code',
  'source_ip',
  'sip_user',
  'caller_name',
  'caller_number',
  'called_number',
  'caller_e164',
  'called_e164',
  'started_at',
  'answered_at',
  'ended_at',
  'duration_sec',
  'billsec',
  'disposition',
  'sip_code',
  'hangup_cause',
  'country',
  'state',
  'jurisdiction',
  'caribbean',
  'toll_free',
  'rate_per_minute',
  'cost',
] as const;

interface Row {
  // Only what the write needs: a batch of 50,000 rows lives across several awaits, so every field
  // kept here is garbage-collector work (the parsed CDR object itself is dropped after prepare()).
  /** md5 hex of the CDR's identity: the key in `cdr_keys`. */
  key: string;
  startMs: number;
  customer: MatchedCustomer | null;
  line: string; // the COPY line, without the id
  rollup: Parameters<RollupAccumulator['add']>[0];
}

/**
 * One streaming import: split → parse → enrich → match → COPY in batches, each batch one transaction.
 * Raw SQL and COPY here on purpose: this is the measured hot path (cdrs/ owns `cdrs` and the rollups).
 */
/** How many committed batches an import may run ahead of its batch observers (detectors). */
const MAX_OBSERVED_AHEAD = 4;

export class CdrImport {
  private readonly logger = new Logger(CdrImport.name);
  private readonly report: ImportReport;
  private splitter = new CsvSplitter();
  private parser: CdrLineParser | null = null;
  private batch: Row[] = [];
  /** When the current batch got its first row. */
  private batchStartedAt = 0;
  /** The batch being written while the next one is parsed: Node and PostgreSQL work in parallel. */
  private inflight: Promise<void> = Promise.resolve();
  private bytes = 0;
  private sawRecord = false;
  /** Where the time goes, for the log line at the end (ms). */
  private readonly timing = { started: performance.now(), database: 0, waiting: 0, observers: 0 };
  /** The current batch's rows as columns for the batch observers; null when none is registered. */
  private observed: CdrBatchBuilder | null;
  private observerFailures = 0;
  /**
   * The observers' work on committed batches, one batch after another, while later batches are parsed and
   * written: the import commits ahead of its detectors, at most MAX_OBSERVED_AHEAD batches, and answers only once
   * they have seen every batch.
   */
  private observing: Promise<void> = Promise.resolve();
  private observedAhead = 0;
  /** Committed batches the observers have not been handed yet, and the run handing them over. */
  private readonly toObserve: CdrBatch[] = [];
  private observerRun: Promise<void> | null = null;
  private readonly perCustomer = new Map<MatchedCustomer, number>();
  private readonly zoneCheck = new ZoneCheck();
  /** Hours and customers whose rollups this import appended to, compacted at the end. */
  private readonly touched = { from: Infinity, to: -Infinity, customers: new Set<string>() };

  private constructor(
    private readonly db: DataSource,
    private readonly opts: ImportOptions,
    importId: string,
    private readonly matcher: CustomerMatcher,
    private readonly rateDeck: RateDeck | undefined,
    private readonly partitions: CdrPartitions,
    private readonly observers: CdrBatchObservers | null,
  ) {
    this.observed = this.newObservedBatch();
    this.report = {
      importId,
      format: null,
      status: 'completed',
      rows: 0,
      imported: 0,
      updated: 0,
      warnings: [],
      duplicates: 0,
      rejected: 0,
      unassigned: 0,
      customers: [],
      errors: [],
    };
  }

  static async start(db: DataSource, opts: ImportOptions, observers?: CdrBatchObservers): Promise<CdrImport> {
    const [{ id }] = await db.query(
      `INSERT INTO cdr_imports (filename, format, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [opts.filename, opts.format === 'auto' ? null : opts.format, opts.actorId],
    );
    const matcher = await CustomerMatcher.load(db.manager);
    const rateDeck = (await currentRateDeck(db)) ?? undefined;
    return new CdrImport(db, opts, id, matcher, rateDeck, await CdrPartitions.load(db), observers ?? null);
  }

  /** Consumes the whole stream (with backpressure: one batch in flight at a time). */
  async run(source: AsyncIterable<Buffer | string>): Promise<ImportReport> {
    // Not destroyed when the import stops early: a refused file still gets its 400 (see the catch below).
    const upload = source instanceof Readable ? source : null;
    const chunks = upload ? (upload.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) : source;
    try {
      for await (const chunk of chunks) {
        this.bytes += chunk.length;
        if (this.bytes > this.opts.maxBytes) {
          throw new AppError(
            CdrErrorCode.UploadTooLarge,
            `The file is larger than the ${this.opts.maxBytes}-byte limit (MAX_UPLOAD_BYTES)`,
          );
        }
        const records = this.splitter.push(chunk);
        for (let i = 0; i < records.length; i++) {
          await this.take(records[i]);
          // Let the event loop turn now and then: the batch in flight is streamed to PostgreSQL by this same
          // thread, and long synchronous parsing would starve its COPY of data.
          if (i % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((r) => setImmediate(r));
        }
      }
      for (const rec of this.splitter.end()) await this.take(rec);
      if (!this.sawRecord) throw badInput('The file is empty: no CDR rows', CdrErrorCode.FileEmpty);
      await this.flush();
      await this.inflight;
      await this.observing;
      await this.compactRollups();
      await this.finish('completed', null);
      const total = performance.now() - this.timing.started;
      const observers = this.timing.observers
        ? `, observers ${(this.timing.observers / 1000).toFixed(1)} s, ${this.observerFailures} observer failures`
        : '';
      this.logger.log(
        `import ${this.report.importId}: ${this.report.imported} rows in ${(total / 1000).toFixed(1)} s ` +
          `(database ${(this.timing.database / 1000).toFixed(1)} s, parser waited on it ${(this.timing.waiting / 1000).toFixed(1)} s${observers})`,
      );
      return this.report;
    } catch (err) {
      // Read the rest of a refused upload off the wire, so that the client, still sending, sees the answer
      // instead of a reset connection; one over the size limit is cut off instead.
      if (upload && !upload.readableEnded) {
        if (err instanceof AppError && err.code === CdrErrorCode.UploadTooLarge) upload.destroy();
        else upload.resume();
      }
      await this.inflight.catch(() => {});
      await this.observing;
      const aborted = (err as { code?: string })?.code === 'ECONNRESET' || (err as Error)?.message === 'aborted';
      await this.finish(aborted ? 'interrupted' : 'failed', (err as Error)?.message ?? String(err)).catch((e) =>
        this.logger.error(`could not record the import's end: ${e}`),
      );
      throw err;
    }
  }

  private async take(rec: CsvRecord): Promise<void> {
    this.sawRecord = true;
    if (!this.parser) {
      const format = this.opts.columnMap
        ? 'generic'
        : this.opts.format === 'auto'
          ? detectFormat(rec.fields)
          : this.opts.format;
      if (!format) {
        const suggested = suggestionsFor(rec);
        throw badInput(
          `Line ${rec.line}: not a CDR format Tollgate knows (${rec.fields.length} fields). Expected Asterisk ` +
            `Master.csv, FreeSWITCH cdr_csv or a CSV with a header row; ` +
            (suggested.length
              ? `it reads as ${suggested.map((p) => `${p.name} (?profile=${p.slug})`).join(' or ')}`
              : 'map its columns with an import profile (?profile=), or name the format (?format=)'),
          CdrErrorCode.FormatUnknown,
          { firstRow: sampleOf(rec.fields), suggestedProfiles: suggested },
        );
      }
      this.report.format = format;
      this.parser = createCdrLineParser(format, {
        timeZone: this.opts.timeZone,
        userfieldIsSourceIp: this.opts.userfieldIsSourceIp,
        columnMap: this.opts.columnMap,
      });
      if (this.parser.expectsHeader) {
        const header = this.parser.header(rec.fields);
        if (header)
          throw badInput(`Line ${rec.line}: ${header}`, CdrErrorCode.HeaderInvalid, {
            ...this.parser.headerDetails?.(),
            suggestedProfiles: this.opts.columnMap ? [] : suggestionsFor(rec),
          });
        return;
      }
    }
    this.report.rows++;
    if (rec.error) return this.reject(rec.line, rec.error);
    const parsed = this.parser.parse(rec);
    if (!parsed.ok) return this.reject(parsed.line, parsed.reason);
    if (parsed.cdr.referenceMs !== null) this.zoneCheck.observe(parsed.cdr.startedAt.getTime(), parsed.cdr.referenceMs);
    const row = this.prepare(parsed.cdr);
    if (typeof row === 'string') return this.reject(parsed.line, row);
    if (!this.batch.length) this.batchStartedAt = performance.now();
    this.batch.push(row);
    // The clock is read every 256 rows: a batch is cut when full, or when old enough that the detectors should
    // see its calls now (a fraud burst inside a large file must not wait for 50,000 rows).
    if (
      this.batch.length >= this.opts.batchRows ||
      ((this.batch.length & 255) === 0 && performance.now() - this.batchStartedAt >= (this.opts.batchMaxMs ?? Infinity))
    )
      await this.flush();
  }

  private reject(line: number, reason: string): void {
    this.report.rejected++;
    if (this.report.errors.length < MAX_ERRORS_KEPT) this.report.errors.push({ line, reason });
  }

  /** The row to write, or why it cannot be. */
  private prepare(cdr: ParsedCdr): Row | string {
    const customer = this.matcher.customer(cdr.accountCode ?? this.opts.accountCode ?? null, cdr.sourceIp);
    const seatId = customer ? this.matcher.seat(customer.id, cdr.sipUser, cdr.callerNumber) : null;
    const e = enrichCdr(cdr, {
      customerState: customer?.state ?? null,
      customerCountry: this.opts.planCountry ?? customer?.country ?? this.opts.homeCountry ?? null,
      rateDeck: this.rateDeck,
    });
    // The parser bounded the row's own cost; one computed from a rate must fit the column too.
    if (e.cost !== null && e.cost > MAX_CDR_COST)
      return `cost (rate × billsec = ${e.cost}) is more than ${MAX_CDR_COST}`;
    const rate = cdr.ratePerMinute ?? e.ratePerMinute ?? null;
    this.observed?.add(customer?.id ?? null, seatId, cdr, e);
    // Hot path: only the free-text fields can hold tab/newline/backslash; ids, numbers, times and
    // enrichment codes are written as they are.
    const N = '\\N';
    const line =
      `${copyField(cdr.callId)}\t${this.report.importId}\t${customer?.id ?? N}\t${seatId ?? N}\t${copyField(cdr.accountCode)}\t` +
      `${cdr.sourceIp ?? N}\t${copyField(cdr.sipUser)}\t${copyField(cdr.callerName)}\t${copyField(cdr.callerNumber)}\t` +
      `${copyField(cdr.calledNumber)}\t${e.callerE164 ?? N}\t${e.calledE164 ?? N}\t${cdr.startedAt.toISOString()}\t` +
      `${cdr.answeredAt?.toISOString() ?? N}\t${cdr.endedAt?.toISOString() ?? N}\t${cdr.durationSec}\t${cdr.billsec}\t` +
      `${copyField(cdr.disposition)}\t${cdr.sipCode ?? N}\t${copyField(cdr.hangupCause)}\t${e.country ?? N}\t${e.state ?? N}\t${e.jurisdiction ?? N}\t` +
      `${e.caribbean}\t${e.tollFree}\t${rate ?? N}\t${e.cost ?? N}\n`;
    return {
      key: hash('md5', cdr.identity, 'hex'), // the one-shot form: half the cost of createHash on this path
      startMs: cdr.startedAt.getTime(),
      customer,
      line,
      rollup: {
        customerId: customer?.id ?? null,
        startMs: cdr.startedAt.getTime(),
        country: e.country,
        jurisdiction: e.jurisdiction,
        state: e.state,
        sourceIp: cdr.sourceIp,
        seatId,
        billsec: cdr.billsec,
        failed: cdr.disposition !== 'ANSWERED',
        cost: e.cost,
      },
    };
  }

  private async flush(): Promise<void> {
    if (!this.batch.length) return;
    const batch = this.batch;
    const observed = this.observed;
    this.batch = [];
    this.observed = this.newObservedBatch();
    const waitFrom = performance.now();
    await this.inflight; // at most one batch in flight; its failure stops the import here
    this.timing.waiting += performance.now() - waitFrom;
    this.inflight = this.write(batch, observed);
    // Surface a failure of this batch at the next flush (or at the end), not as an unhandled rejection.
    this.inflight.catch(() => {});
  }

  private async write(batch: Row[], observed: CdrBatchBuilder | null): Promise<void> {
    const from = performance.now();
    let fresh: Row[];
    try {
      fresh = await this.writeBatch(batch);
    } finally {
      this.timing.database += performance.now() - from;
    }
    // After the commit and with the connection released: observers may query, and see only stored rows.
    if (observed && this.observers && fresh.length) {
      const observers = this.observers;
      const kept = fresh.length === batch.length ? undefined : positionsOf(batch, fresh);
      const built = observed.build(this.report.importId, kept);
      observers.committed(built);
      this.toObserve.push(built);
      this.observedAhead++;
      this.observing = this.observerRun ??= this.handOver(observers);
      // Bounded: past the limit, this write waits for the observers (and the parser behind it).
      if (this.observedAhead > MAX_OBSERVED_AHEAD) await this.observing;
    }
  }

  /**
   * Hands the committed batches to the observers until none waits: every batch that committed while they were
   * busy goes in the next call, so observers that fall behind catch up in fewer, larger passes.
   */
  private async handOver(observers: CdrBatchObservers): Promise<void> {
    try {
      while (this.toObserve.length) {
        const batches = this.toObserve.splice(0);
        const started = performance.now();
        this.observerFailures += await observers.notify(batches); // never rejects: failures are counted
        this.timing.observers += performance.now() - started;
        this.observedAhead -= batches.length;
      }
    } finally {
      this.observerRun = null;
    }
  }

  private newObservedBatch(): CdrBatchBuilder | null {
    if (!this.observers?.size) return null;
    return new CdrBatchBuilder((seatId) => this.matcher.groupOf(seatId), Math.min(this.opts.batchRows, 4096));
  }

  /**
   * Writes the batch in one transaction; returns the rows it newly stored. A row whose key is stored with another
   * start (the file re-imported with a corrected time zone) replaces the stored row, keeping its id.
   */
  private async writeBatch(batch: Row[]): Promise<Row[]> {
    await this.partitions.ensure(batch);
    const client: PoolClient = await (
      this.db.driver as unknown as { master: { connect(): Promise<PoolClient> } }
    ).master.connect();
    try {
      // Fast path: new rows (the usual case) go straight in; the key's primary key catches re-imports,
      // and only then do we look up which rows are already stored.
      for (let attempt = 0; ; attempt++) {
        // The first try sends the batch as it is: repeats, within it or with stored rows, fail the primary
        // key, and the retry sorts them out.
        const plan: WritePlan = attempt === 0 ? { fresh: batch, moved: [] } : await this.sortOut(client, batch);
        const { fresh, moved } = plan;
        try {
          await client.query('BEGIN');
          const rollup = new RollupAccumulator();
          const movedFrom = moved.length ? await this.removeMoved(client, moved, rollup) : [];
          if (fresh.length || moved.length) {
            // One text value, not a row per id: 50,000 result rows would cost the parser more than the COPY.
            const { rows: allocated } = await client.query<{ ids: string | null }>(
              `SELECT string_agg(nextval('cdrs_id_seq')::text, ',') AS ids FROM generate_series(1, $1)`,
              [fresh.length],
            );
            const ids = allocated[0].ids?.split(',') ?? [];
            const written: [string, Row][] = fresh.map((r, i) => [ids[i], r]);
            for (const m of moved) written.push([m.id, m.row]);
            if (fresh.length) {
              await pipeline(
                Readable.from(
                  chunkLines(fresh, (r, i) => `${r.key}\t${ids[i]}\t${new Date(r.startMs).toISOString()}\n`),
                ),
                client.query(copyFrom(`COPY cdr_keys (key, cdr_id, started_at) FROM STDIN`)),
              );
            }
            await pipeline(
              Readable.from(chunkLines(written, ([id, r]) => `${id}\t${r.line}`)),
              client.query(copyFrom(`COPY cdrs (id, ${CDR_COPY_COLUMNS.join(', ')}) FROM STDIN`)),
            );
            for (const [, r] of written) rollup.add(r.rollup);
            await pipeline(Readable.from([rollup.toCopyText()]), client.query(copyFrom(COPY_ROLLUP_SQL)));
            await pipeline(Readable.from([rollup.toDailyCopyText()]), client.query(copyFrom(COPY_DAILY_SQL)));
            for (const [, r] of written) this.touch(r.startMs, r.rollup.customerId);
          }
          const unassigned = fresh.filter((r) => !r.rollup.customerId).length;
          const duplicates = batch.length - fresh.length - moved.length;
          await client.query(
            `UPDATE cdr_imports SET rows = $2, imported = imported + $3, duplicates = duplicates + $4, rejected = $5,
                    unassigned = unassigned + $6, bytes = $7, format = $8, updated = updated + $9 WHERE id = $1`,
            [
              this.report.importId,
              this.report.rows,
              fresh.length,
              duplicates,
              this.report.rejected,
              unassigned,
              this.bytes,
              this.report.format,
              moved.length,
            ],
          );
          await client.query('COMMIT');
          if (moved.length && this.observers?.size) {
            const customers = new Set<string>();
            for (const m of moved) if (m.row.rollup.customerId) customers.add(m.row.rollup.customerId);
            for (const id of movedFrom) customers.add(id);
            this.observers.historyChanged([...customers]);
          }
          this.report.imported += fresh.length;
          this.report.updated += moved.length;
          this.report.duplicates += duplicates;
          this.report.unassigned += unassigned;
          for (const r of fresh)
            if (r.customer) this.perCustomer.set(r.customer, (this.perCustomer.get(r.customer) ?? 0) + 1);
          return fresh;
        } catch (err) {
          await client.query('ROLLBACK');
          // Some rows are stored already (a re-import, or another import meanwhile): sort them out.
          if ((err as { code?: string }).code === '23505' && attempt < 2) continue;
          throw err;
        }
      }
    } finally {
      client.release();
    }
  }

  private touch(startMs: number, customerId: string | null): void {
    if (startMs < this.touched.from) this.touched.from = startMs;
    if (startMs > this.touched.to) this.touched.to = startMs;
    this.touched.customers.add(customerId ?? UNASSIGNED);
  }

  /**
   * Splits a batch by what `cdr_keys` holds: new rows, rows stored with another start (moved), and the rest
   * (stored as they are, or repeated within the batch), which are duplicates.
   */
  private async sortOut(client: PoolClient, batch: Row[]): Promise<WritePlan> {
    const { rows } = await client.query<{ key: string; id: string; t: string }>(
      `SELECT replace(key::text, '-', '') AS key, cdr_id::text AS id, (extract(epoch FROM started_at) * 1000)::float8::text AS t
         FROM cdr_keys WHERE key = ANY($1::uuid[])`,
      [batch.map((r) => r.key)],
    );
    const stored = new Map(rows.map((r) => [r.key, r]));
    const seen = new Set<string>();
    const plan: WritePlan = { fresh: [], moved: [] };
    for (const r of batch) {
      if (seen.has(r.key)) continue;
      seen.add(r.key);
      const s = stored.get(r.key);
      if (!s) plan.fresh.push(r);
      else if (Math.round(Number(s.t)) !== r.startMs) plan.moved.push({ row: r, id: s.id, oldStartMs: Number(s.t) });
    }
    return plan;
  }

  /** Deletes the stored rows that moved, takes their sums out of the rollups, and points their keys at the new start. */
  private async removeMoved(client: PoolClient, moved: Moved[], rollup: RollupAccumulator): Promise<string[]> {
    const { rows } = await client.query<RemovedCdr>(
      `DELETE FROM cdrs c USING unnest($1::bigint[], $2::timestamptz[]) AS m(id, started_at)
        WHERE c.id = m.id AND c.started_at = m.started_at
        RETURNING c.customer_id, (extract(epoch FROM c.started_at) * 1000)::float8 AS start_ms, c.country, c.jurisdiction,
                  c.state, host(c.source_ip) AS source_ip, c.seat_id, c.billsec, c.disposition, c.cost::float8 AS cost`,
      [moved.map((m) => m.id), moved.map((m) => new Date(m.oldStartMs))],
    );
    for (const r of rows) {
      const startMs = Number(r.start_ms);
      rollup.remove({
        customerId: r.customer_id,
        startMs,
        country: r.country,
        jurisdiction: r.jurisdiction,
        state: r.state,
        sourceIp: r.source_ip,
        seatId: r.seat_id,
        billsec: r.billsec,
        failed: r.disposition !== 'ANSWERED',
        cost: r.cost,
      });
      this.touch(startMs, r.customer_id);
    }
    await client.query(
      `UPDATE cdr_keys k SET started_at = m.started_at FROM unnest($1::uuid[], $2::timestamptz[]) AS m(key, started_at)
        WHERE k.key = m.key`,
      [moved.map((m) => m.row.key), moved.map((m) => new Date(m.row.startMs))],
    );
    return rows.flatMap((r) => (r.customer_id ? [r.customer_id] : []));
  }

  private async compactRollups(): Promise<void> {
    if (!this.touched.customers.size) return;
    const from = new Date(Math.floor(this.touched.from / 3_600_000) * 3_600_000);
    const to = new Date(Math.floor(this.touched.to / 3_600_000) * 3_600_000 + 3_600_000);
    const customers = [...this.touched.customers];
    await this.db.query(COMPACT_ROLLUP_SQL, [customers, from, to]);
    await this.db.query(COMPACT_DAILY_SQL, [customers, from.toISOString().slice(0, 10), to.toISOString().slice(0, 10)]);
  }

  private async finish(status: ImportReport['status'], failure: string | null): Promise<void> {
    this.report.status = status;
    const zone = this.zoneCheck.warning(this.opts.timeZone);
    if (zone && !this.report.warnings.includes(zone)) this.report.warnings.push(zone);
    this.report.customers = [...this.perCustomer]
      .sort((a, b) => b[1] - a[1])
      .map(([c, imported]) => ({ id: c.id, name: c.name, imported }));
    await this.db.query(
      `UPDATE cdr_imports SET status = $2, failure = $3, errors = $4, rows = $5, rejected = $6, format = $7, bytes = $8,
              warnings = $9, finished_at = now() WHERE id = $1`,
      [
        this.report.importId,
        status,
        failure,
        JSON.stringify(this.report.errors),
        this.report.rows,
        this.report.rejected,
        this.report.format,
        this.bytes,
        JSON.stringify(this.report.warnings),
      ],
    );
  }
}

/** Where the rows of `subset` (in batch order) sit in `batch`. Only for batches that held repeats. */
function positionsOf(batch: Row[], subset: Row[]): number[] {
  const kept = new Set(subset);
  const out: number[] = [];
  for (let i = 0; i < batch.length; i++) if (kept.has(batch[i])) out.push(i);
  return out;
}

interface Moved {
  row: Row;
  /** The stored row's id, kept by the row that replaces it. */
  id: string;
  oldStartMs: number;
}

interface WritePlan {
  fresh: Row[];
  moved: Moved[];
}

interface RemovedCdr {
  customer_id: string | null;
  start_ms: number;
  country: string | null;
  jurisdiction: string | null;
  state: string | null;
  source_ip: string | null;
  seat_id: string | null;
  billsec: number;
  disposition: string;
  cost: number | null;
}

function* chunkLines<T>(rows: T[], lineOf: (row: T, i: number) => string): Generator<string> {
  let buf = '';
  for (let i = 0; i < rows.length; i++) {
    buf += lineOf(rows[i], i);
    if (buf.length > 256 * 1024) {
      yield buf;
      buf = '';
    }
  }
  if (buf) yield buf;
}

/** The first record of a file the importer does not know, for the mapping form (bounded: it goes into a 400). */
function sampleOf(fields: string[]): string[] {
  return fields.slice(0, 100).map((f) => f.trim().slice(0, 200));
}

/** The built-in profiles that read a file starting with this record. */
function suggestionsFor(rec: CsvRecord): { id: string; slug: string; name: string }[] {
  return profilesThatRead([rec]).map(({ id, slug, name }) => ({ id, slug, name }));
}
