import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import { badInput, notFound } from '../common/app-error.js';
import { CdrErrorCode, CustomerErrorCode } from '../common/error-codes.js';
import { decodeCursor, type Page, toPage } from '../common/pagination.js';
import { instantParam } from '../common/time.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { RateDeck } from './enrichment/rate-deck.js';
import { ImportProfilesService } from './profiles/import-profiles.service.js';
import { CdrBatchObservers } from './import/batch-observers.js';
import { CdrImport, type ImportReport } from './import/cdr-importer.js';
import { listCdrs } from './cdr-list-rows.js';
import { countryName } from '../common/phone/countries.js';
import { parseCidr } from '../common/ip.js';
import type { CdrListQuery, ImportQuery } from './cdrs.dto.js';

export const CDR_VIEW_COLUMNS = `id::text, call_id AS "callId", customer_id AS "customerId", seat_id AS "seatId",
  account_code AS "accountCode", host(source_ip) AS "sourceIp", sip_user AS "sipUser", caller_name AS "callerName",
  caller_number AS "callerNumber", called_number AS "calledNumber", caller_e164 AS "callerE164", called_e164 AS "calledE164",
  started_at AS "startedAt", answered_at AS "answeredAt", ended_at AS "endedAt", duration_sec AS "durationSec", billsec,
  disposition, sip_code AS "sipCode", hangup_cause AS "hangupCause", country, state, jurisdiction, caribbean, toll_free AS "tollFree",
  rate_per_minute::float8 AS "ratePerMinute", cost::float8 AS cost`;

@Injectable()
export class CdrsService implements OnApplicationBootstrap {
  private readonly logger = new Logger(CdrsService.name);

  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly observers: CdrBatchObservers,
    private readonly profiles: ImportProfilesService,
  ) {}

  /** Imports that were running when the process died are not silently "running" forever. */
  async onApplicationBootstrap(): Promise<void> {
    const r = await this.db.query(
      `UPDATE cdr_imports SET status = 'interrupted', failure = 'the server stopped during the import; re-run it (rows already stored are skipped)', finished_at = now()
        WHERE status = 'running' RETURNING id`,
    );
    const n = Array.isArray(r[0]) ? r[0].length : 0;
    if (n) this.logger.warn(`${n} CDR import(s) were interrupted by a restart`);
  }

  async import(
    stream: Readable,
    filename: string | null,
    q: ImportQuery,
    actor: Pick<Principal, 'id'> | { id: null },
  ): Promise<ImportReport> {
    // An unknown profile is refused after the upload is read off the wire, as the importer refuses a bad file.
    const profile = q.profile
      ? await this.profiles.get(q.profile).catch((err) => (stream.resume(), Promise.reject(err)))
      : null;
    const job = await CdrImport.start(
      this.db,
      {
        format: q.format ?? 'auto',
        filename: q.filename ?? filename,
        timeZone: q.timeZone ?? profile?.timeZone ?? this.config.cdrTimeZone,
        homeCountry: this.config.cdrHomeCountry,
        columnMap: profile
          ? { hasHeader: profile.hasHeader, columns: profile.columns, dateFormat: profile.dateFormat }
          : undefined,
        planCountry: profile?.homeCountry ?? null,
        userfieldIsSourceIp: q.userfieldIsSourceIp ?? this.config.asteriskUserfieldIsSourceIp,
        maxBytes: this.config.maxUploadBytes,
        batchRows: this.config.cdrBatchRows,
        batchMaxMs: this.config.cdrBatchMaxMs,
        actorId: actor.id,
        accountCode: q.accountCode ?? null,
      },
      this.observers,
    );
    return job.run(stream);
  }

  async listImports(limit = 50, cursor?: string) {
    const after = decodeCursor(cursor, ['timestamp', 'uuid']);
    const rows = await this.db.query(
      `SELECT i.id, i.filename, i.format, i.status, i.rows, i.imported, i.updated, i.duplicates, i.warnings, i.rejected, i.unassigned, i.bytes::float8 AS bytes,
              i.failure, i.started_at AS "startedAt", i.finished_at AS "finishedAt", u.name AS "createdBy"
         FROM cdr_imports i LEFT JOIN users u ON u.id = i.created_by
        WHERE ($1::timestamptz IS NULL OR (i.started_at, i.id) < ($1, $2::uuid))
        ORDER BY i.started_at DESC, i.id DESC LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, (r: { startedAt: Date; id: string }) => [r.startedAt, r.id]);
  }

  async getImport(id: string) {
    const [row] = await this.db.query(
      `SELECT id, filename, format, status, rows, imported, updated, duplicates, warnings, rejected, unassigned, bytes::float8 AS bytes, errors, failure,
              started_at AS "startedAt", finished_at AS "finishedAt" FROM cdr_imports WHERE id = $1`,
      [id],
    );
    if (!row) throw notFound('Import', CdrErrorCode.ImportNotFound);
    return row;
  }

  /** Call records, newest first, filtered; a customer user reads its own only. */
  async list(p: Principal, q: CdrListQuery): Promise<Page<Record<string, unknown>>> {
    const scope = scopeOf(p);
    if (scope && q.customerId && q.customerId !== scope) throw notFound('Customer', CustomerErrorCode.NotFound);
    const customerId = scope ?? q.customerId ?? null;
    const from = q.from ? instantParam('from', q.from, 'UTC') : null;
    const to = q.to ? instantParam('to', q.to, 'UTC') : null;
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['timestamp', 'bigint']);
    const rows = await listCdrs(this.db, {
      customerId,
      from,
      to,
      after: after ? { startedAt: after[0] as Date, id: after[1] as string } : null,
      limit: limit + 1,
      number: q.number ?? null,
      ip: q.ip ? (parseCidr(q.ip)?.text ?? null) : null,
      seat: q.seat?.trim() || null,
      country: q.country ?? null,
    });
    return toPage(
      rows.map((r) => ({ ...r, countryName: r.country ? countryName(r.country) : null })),
      limit,
      (r: { startedAt: Date; id: string }) => [r.startedAt, r.id],
    );
  }

  /** Replaces the rate deck from `prefix,description,rate_per_minute` CSV; all or nothing. */
  async replaceRateDeck(csv: string): Promise<{ prefixes: number }> {
    const parsed = RateDeck.parseCsv(csv);
    if (parsed.errors.length)
      throw badInput(
        parsed.errors.slice(0, 100).map((e) => `line ${e.line}: ${e.reason}`),
        CdrErrorCode.RateDeckInvalid,
      );
    if (!parsed.entries.length) throw badInput('The rate deck is empty', CdrErrorCode.RateDeckInvalid);
    await this.db.transaction(async (m) => {
      await m.query(`DELETE FROM rate_deck`);
      const e = parsed.entries;
      await m.query(
        `INSERT INTO rate_deck (prefix, description, rate_per_minute) SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[])`,
        [e.map((x) => x.prefix), e.map((x) => x.description), e.map((x) => x.ratePerMinute)],
      );
    });
    return { prefixes: parsed.entries.length };
  }

  async rateDeck(limit = 50, cursor?: string) {
    const after = decodeCursor(cursor, ['text']);
    const rows = await this.db.query(
      `SELECT prefix, description, rate_per_minute::float8 AS "ratePerMinute" FROM rate_deck WHERE ($1::text IS NULL OR prefix > $1) ORDER BY prefix LIMIT $2`,
      [after?.[0] ?? null, limit + 1],
    );
    return toPage(rows, limit, (r: { prefix: string }) => [r.prefix]);
  }
}
