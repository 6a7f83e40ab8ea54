import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { ImapFlow } from 'imapflow';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Scheduler } from '../scheduler/scheduler.js';
import { AlertIntakeService } from './alert-intake.service.js';

/**
 * The IMAP door (IMAP_URL): reads unseen mail in the NOC mailbox's folder, hands each message to the intake, then
 * flags it \Seen (or moves it to IMAP_MOVE_TO). IDLE wakes it when the server supports it; a recurring timer polls
 * (and reconnects) in any case. A message is marked only after the intake stored it, so a crash reads it again and
 * the intake answers it as a duplicate.
 */
@Injectable()
export class ImapPoller implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ImapPoller.name);
  private client: ImapFlow | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly folder: string;

  constructor(
    private readonly intake: AlertIntakeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    scheduler: Scheduler,
  ) {
    const path = config.imapUrl ? decodeURIComponent(new URL(config.imapUrl).pathname.replace(/^\/+/, '')) : '';
    this.folder = path || 'INBOX';
    if (config.imapUrl) scheduler.every('imap.poll', config.imapPollSeconds, async () => this.poll());
  }

  onApplicationBootstrap(): void {
    if (this.config.imapUrl) void this.poll();
  }

  /** Reads what is unseen now; a call while reading makes it read once more after. */
  poll(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.read()
      .catch((e: Error) => {
        this.logger.warn(`IMAP ${this.folder}: ${e.message}`);
        this.drop();
      })
      .finally(() => {
        this.running = null;
        if (this.again && !this.stopped) {
          this.again = false;
          void this.poll();
        }
      });
    return this.running;
  }

  private async connect(): Promise<ImapFlow> {
    if (this.client?.usable) return this.client;
    this.drop();
    const u = new URL(this.config.imapUrl!);
    const secure = u.protocol === 'imaps:';
    const client = new ImapFlow({
      host: u.hostname,
      port: Number(u.port) || (secure ? 993 : 143),
      secure,
      auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) },
      logger: false,
    });
    client.on('error', (e: Error) => this.logger.warn(`IMAP: ${e.message}`));
    // New mail while idling (IDLE, or NOOP polling where IDLE is missing).
    client.on('exists', () => void this.poll());
    client.on('close', () => {
      if (this.client === client) this.client = null;
    });
    await client.connect();
    await client.mailboxOpen(this.folder);
    this.client = client;
    return client;
  }

  private async read(): Promise<void> {
    const client = await this.connect();
    const uids = (await client.search({ seen: false }, { uid: true })) || [];
    for (const uid of uids) {
      if (this.stopped) return;
      const msg = await client.fetchOne(String(uid), { source: true }, { uid: true });
      if (!msg || !msg.source) continue;
      try {
        const r = await this.intake.receive(msg.source, 'imap');
        this.logger.log(`IMAP ${this.folder} #${uid}: ${r.duplicate ? 'duplicate' : (r.parsedAs ?? r.status)}`);
      } catch (e) {
        // Refused (too large, not a message): marked all the same, with the reason in the log; it is not retried.
        this.logger.warn(`IMAP ${this.folder} #${uid} refused: ${(e as Error).message}`);
      }
      if (this.config.imapMoveTo) await client.messageMove(String(uid), this.config.imapMoveTo, { uid: true });
      else await client.messageFlagsAdd(String(uid), ['\\Seen'], { uid: true });
    }
  }

  private drop(): void {
    const c = this.client;
    this.client = null;
    if (c) c.close();
  }

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.running;
    const c = this.client;
    this.client = null;
    if (c?.usable) await c.logout().catch(() => c.close());
  }
}
