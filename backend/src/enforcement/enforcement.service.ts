import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import pg from 'pg';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { restrictionBlocks } from '../restrictions/restriction-rows.js';
import { Scheduler } from '../scheduler/scheduler.js';
import {
  type AuthorizeQuery,
  type BlockEntry,
  BlocklistIndex,
  type CustomerRef,
  type Decision,
  type PremiumCheck,
  type SeatRef,
} from './blocklist-index.js';
import { type AttemptObserver, authorizeCall } from './authorize.js';

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

/** How long a block placed at call set-up waits for its restriction row before it is dropped. */
const LIVE_BLOCK_TTL_MS = 10 * 60_000;

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
  private observer: AttemptObserver | null = null;
  private premium: PremiumCheck = () => false;
  /** Blocks placed at call set-up whose restriction rows do not exist yet, with when they were placed. */
  private live: { entry: BlockEntry; atMs: number }[] = [];
  /** Blocks ever placed at call set-up: part of the blocklist version, which only grows. */
  private liveAdded = 0;
  private readonly emergency: ReadonlySet<string>;
  private readonly refreshed: (() => Promise<void>)[] = [];

  constructor(
    private readonly db: DataSource,
    scheduler: Scheduler,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    scheduler.every('enforcement.resync', RESYNC_SECONDS, (_t, m) => EnforcementService.announceChange(m));
    this.emergency = new Set(config.emergencyNumbers);
  }

  /** The real-time rules (detection) count every attempt through this; one observer per process. */
  observeAttempts(observer: AttemptObserver): void {
    this.observer = observer;
  }

  /** Told after each rebuild (the real-time rules reload the customers' settings with the inventory). */
  onRefreshed(listener: () => Promise<void>): void {
    this.refreshed.push(listener);
  }

  /** Detection tells which numbers are above a customer's price cap (the `premium` destination class). */
  setPremiumCheck(check: PremiumCheck): void {
    this.premium = check;
  }

  /**
   * The switch's question, answered from memory. A block placed by the real-time rules is in force for the next
   * call at once, and stays over rebuilds until its restriction row exists.
   */
  authorize(q: AuthorizeQuery): Decision {
    const index = this.index;
    const { decision, blocks } = authorizeCall(index, q, {
      emergency: this.emergency,
      atMs: this.clock.now().getTime(),
      observer: this.observer,
    });
    if (blocks.length) {
      const atMs = this.clock.now().getTime();
      this.live.push(...blocks.map((entry) => ({ entry, atMs })));
      this.liveAdded += blocks.length;
      index.addLive(blocks, blocks.length);
    }
    return decision;
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
    // Every seat: the real-time rules count attempts per seat and group, blocked or not.
    const [seats, customers] = await Promise.all([
      this.db.query(
        `SELECT s.customer_id AS "customerId", s.user_id AS "userId", s.sip_username AS "sipUsername", s.did,
                g.external_id AS "groupExternalId"
           FROM seats s LEFT JOIN customer_groups g ON g.id = s.group_id`,
      ),
      this.db.query(
        `SELECT c.id, c.account_code AS "accountCode",
                coalesce(array_agg(i.cidr::text) FILTER (WHERE i.cidr IS NOT NULL), '{}') AS cidrs
           FROM customers c LEFT JOIN customer_ips i ON i.customer_id = c.id GROUP BY c.id`,
      ),
    ]);
    const version = loaded.reduce((sum, l) => sum + l.version, 0);
    const index = new BlocklistIndex(entries, seats as SeatRef[], customers as CustomerRef[], version, (c, n) =>
      this.premium(c, n),
    );
    // A block placed at call set-up stays until its restriction row is loaded (or it waited too long).
    const stored = new Set(entries.map(blockKey));
    const cutoff = this.clock.now().getTime() - LIVE_BLOCK_TTL_MS;
    this.live = this.live.filter((l) => !stored.has(blockKey(l.entry)) && l.atMs > cutoff);
    index.addLive(
      this.live.map((l) => l.entry),
      this.liveAdded,
    );
    this.index = index;
    for (const listener of this.refreshed) await listener();
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

const blockKey = (e: BlockEntry) => `${e.customerId}\n${e.kind}\n${e.value}`;
