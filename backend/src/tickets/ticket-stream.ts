// The live queue's source: PostgreSQL's `ticket_changes` notifications (sent at commit by the triggers of
// migration 1764740000000), heard on one dedicated connection and fanned out to each caller's stream, scoped.
import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import pg from 'pg';
import { filter, type Observable, Subject } from 'rxjs';
import { DataSource } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import type { Severity } from './case-kinds.js';

/** One change of a case, as the stream sends it. */
export interface TicketChange {
  ticketId: string;
  customerId: string;
  /** The case was just opened. */
  created: boolean;
  severity: Severity;
  /** An internal note or timeline entry: staff only. */
  internal: boolean;
}

/** Sent after the listener reconnected: changes may have been missed, so clients reload what they show. */
export interface TicketResync {
  resync: true;
}

export type TicketStreamItem = TicketChange | TicketResync;

const CHANNEL = 'ticket_changes';
const RECONNECT_MS = 1000;

function isChange(v: unknown): v is TicketChange {
  const c = v as TicketChange;
  return typeof c === 'object' && c !== null && typeof c.ticketId === 'string' && typeof c.customerId === 'string';
}

@Injectable()
export class TicketStream implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(TicketStream.name);
  private readonly items = new Subject<TicketStreamItem>();
  private client?: pg.Client;
  private stopped = false;
  private retry?: NodeJS.Timeout;

  constructor(private readonly db: DataSource) {}

  async onModuleInit(): Promise<void> {
    await this.listen(false).catch((err: unknown) => {
      this.logger.warn(`${CHANNEL} listener: ${err instanceof Error ? err.message : err}; retrying`);
      this.retry = setTimeout(() => void this.reconnect(), RECONNECT_MS);
    });
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    this.items.complete();
    await this.client?.end().catch(() => undefined);
  }

  /** The changes `p` may see: staff every case's, a customer user only its own customer's non-internal ones. */
  changesFor(p: Principal): Observable<TicketStreamItem> {
    const scope = scopeOf(p);
    if (scope === null) return this.items.asObservable();
    return this.items.pipe(filter((i) => !isChange(i) || (i.customerId === scope && !i.internal)));
  }

  private async listen(resync: boolean): Promise<void> {
    const { url } = this.db.options as { url?: string };
    const client = new pg.Client({ connectionString: url, application_name: 'tollgate-listen' });
    client.on('notification', (n) => {
      if (n.channel !== CHANNEL || !n.payload) return;
      try {
        const change: unknown = JSON.parse(n.payload);
        if (isChange(change)) this.items.next(change);
      } catch {
        this.logger.warn(`unreadable ${CHANNEL} payload`);
      }
    });
    const lost = (err?: Error) => {
      if (this.stopped || this.client !== client) return;
      this.client = undefined;
      this.logger.warn(`${CHANNEL} listener lost${err ? `: ${err.message}` : ''}; reconnecting`);
      client.end().catch(() => undefined);
      this.retry = setTimeout(() => void this.reconnect(), RECONNECT_MS);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (err) {
      client.end().catch(() => undefined);
      throw err;
    }
    this.client = client;
    if (resync) this.items.next({ resync: true });
  }

  private async reconnect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.listen(true);
    } catch (err) {
      this.logger.warn(`${CHANNEL} listener: ${err instanceof Error ? err.message : err}; retrying`);
      this.retry = setTimeout(() => void this.reconnect(), RECONNECT_MS * 5);
    }
  }
}
