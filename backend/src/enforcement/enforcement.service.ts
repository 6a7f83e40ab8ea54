import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { restrictionBlocks } from '../restrictions/restriction-rows.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { type BlockEntry, BlocklistIndex, type CustomerRef, type SeatRef } from './blocklist-index.js';

const CHANNEL = 'tollgate_enforcement';
/**
 * Inventory (customer IPs, seats) changes without a notification, so every instance resyncs now and
 * then: one durable timer sends the NOTIFY every instance listens to.
 */
const RESYNC_SECONDS = 60;
const RECONNECT_MS = 5_000;

/** A source of blocks; the brute-force blacklist will be a second one. `version` must only grow. */
export interface BlockSource {
  name: string;
  load(db: DataSource): Promise<{ entries: BlockEntry[]; version: number }>;
}

/** The restrictions placed on tickets, as the restrictions feature hands them over. */
const restrictions: BlockSource = { name: 'restrictions', load: restrictionBlocks };

/** Owns the blocklist index: rebuilt at boot, after every committed restriction change, and on NOTIFY. */
@Injectable()
export class EnforcementService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(EnforcementService.name);
  private readonly sources: BlockSource[] = [restrictions];
  private index = BlocklistIndex.empty();
  private rebuilding: Promise<void> | null = null;
  private pending: Promise<void> | null = null;
  private listener: pg.Client | null = null;
  private reconnect: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: DataSource,
    scheduler: Scheduler,
  ) {
    scheduler.every('enforcement.resync', RESYNC_SECONDS, (_t, m) => EnforcementService.announceChange(m));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.refresh();
    await this.listen();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    await this.listener?.end().catch(() => {});
    await this.pending;
    await this.rebuilding;
  }

  current(): BlocklistIndex {
    return this.index;
  }

  /** Later features (brute-force blacklist) merge their own list into the index. */
  addSource(source: BlockSource): void {
    this.sources.push(source);
  }

  /** Call inside the transaction that changed blocks: other instances rebuild when it commits. */
  static async announceChange(m: EntityManager): Promise<void> {
    await m.query(`SELECT pg_notify('${CHANNEL}', '')`);
  }

  /**
   * Rebuilds from the database. Concurrent calls share one follow-up rebuild, so a caller
   * always sees changes committed before it called.
   */
  refresh(): Promise<void> {
    if (!this.rebuilding) {
      this.rebuilding = this.rebuild().finally(() => (this.rebuilding = null));
      return this.rebuilding;
    }
    this.pending ??= this.rebuilding
      .catch(() => undefined)
      .then(() => {
        this.pending = null;
        return this.refresh();
      });
    return this.pending;
  }

  private async rebuild(): Promise<void> {
    if (this.stopped) return;
    const loaded = await Promise.all(this.sources.map((s) => s.load(this.db)));
    const entries = loaded.flatMap((l) => l.entries);
    const customerIds = [
      ...new Set(entries.filter((e) => e.kind === 'seat' || e.kind === 'group').map((e) => e.customerId)),
    ];
    const [seats, customers] = await Promise.all([
      customerIds.length
        ? this.db.query(
            `SELECT s.customer_id AS "customerId", s.user_id AS "userId", s.sip_username AS "sipUsername", s.did,
                    g.external_id AS "groupExternalId"
               FROM seats s LEFT JOIN customer_groups g ON g.id = s.group_id
              WHERE s.customer_id = ANY($1)`,
            [customerIds],
          )
        : [],
      this.db.query(
        `SELECT c.id, c.account_code AS "accountCode",
                coalesce(array_agg(i.cidr::text) FILTER (WHERE i.cidr IS NOT NULL), '{}') AS cidrs
           FROM customers c LEFT JOIN customer_ips i ON i.customer_id = c.id GROUP BY c.id`,
      ),
    ]);
    const version = loaded.reduce((sum, l) => sum + l.version, 0);
    this.index = new BlocklistIndex(entries, seats as SeatRef[], customers as CustomerRef[], version);
  }

  private async listen(): Promise<void> {
    const url = (this.db.options as { url?: string }).url;
    if (!url || this.stopped) return;
    const client = new pg.Client({ connectionString: url, application_name: 'tollgate-enforcement' });
    client.on('notification', () => void this.refresh().catch((e) => this.logger.error(e)));
    client.on('error', (e) => {
      if (this.stopped) return;
      this.logger.warn(`enforcement listener lost (${e.message}); reconnecting`);
      this.listener = null;
      this.reconnectSoon();
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
      this.listener = client;
    } catch (e) {
      this.logger.warn(`enforcement listener unavailable (${(e as Error).message}); retrying`);
      await client.end().catch(() => {});
      this.reconnectSoon();
    }
  }

  /** Retrying a lost connection (not a job): once back, rebuild, since notifications were missed meanwhile. */
  private reconnectSoon(): void {
    if (this.stopped) return;
    this.reconnect = setTimeout(() => void this.listen().then(() => this.refresh()), RECONNECT_MS);
    this.reconnect.unref();
  }
}
