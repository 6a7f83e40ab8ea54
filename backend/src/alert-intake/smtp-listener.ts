import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { parseCidr, parseIp, cidrContains, normalizeIp } from '../common/ip.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { AlertIntakeService } from './alert-intake.service.js';

/**
 * The inbound SMTP door (INBOUND_SMTP_PORT; 0 = off) for mail forwarded from the NOC mailbox. It accepts any
 * recipient because it delivers to no one: every message goes to the intake, never onwards (not a relay).
 */
@Injectable()
export class SmtpListener implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SmtpListener.name);
  private server: SMTPServer | null = null;
  private port: number | null = null;

  constructor(
    private readonly intake: AlertIntakeService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The port it listens on (tests listen on a free one); null when off. */
  get listeningPort(): number | null {
    return this.port;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.inboundSmtpPort) return;
    const allowed = this.config.inboundSmtpAllowedClients
      .map((a) => parseCidr(a.includes('/') ? a : hostCidr(a)))
      .filter((c) => c !== null);
    const tls = this.config.inboundSmtpTlsKey
      ? { key: readFileSync(this.config.inboundSmtpTlsKey), cert: readFileSync(this.config.inboundSmtpTlsCert!) }
      : null;
    const max = this.config.inboundMailMaxBytes;
    this.server = new SMTPServer({
      name: 'tollgate',
      banner: 'Tollgate alert intake',
      authOptional: true,
      disabledCommands: tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
      ...(tls && { key: tls.key, cert: tls.cert }),
      size: max,
      logger: false,
      maxClients: 50,
      socketTimeout: 60_000,
      onConnect: (session, cb) => {
        if (!allowed.length) return cb();
        const ip = parseIp(normalizeIp(session.remoteAddress) ?? '');
        if (ip && allowed.some((c) => cidrContains(c, ip))) return cb();
        cb(Object.assign(new Error(`${session.remoteAddress} may not send mail here`), { responseCode: 554 }));
      },
      onData: (stream, session, cb) => this.onData(stream, session, max, cb),
    });
    this.server.on('error', (e) => this.logger.error(`inbound SMTP: ${e.message}`));
    await new Promise<void>((resolve, reject) => {
      this.server!.server.once('error', reject);
      this.server!.listen(this.config.inboundSmtpPort, this.config.host, () => resolve());
    });
    this.port = (this.server.server.address() as { port: number }).port;
    this.logger.log(`inbound SMTP listening on ${this.config.host}:${this.port}${tls ? ' (STARTTLS)' : ''}`);
  }

  private onData(
    stream: SMTPServerDataStream,
    session: SMTPServerSession,
    max: number,
    cb: (err?: Error | null, message?: string) => void,
  ): void {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      if (stream.sizeExceeded) {
        return cb(Object.assign(new Error(`Message is larger than ${max} bytes`), { responseCode: 552 }));
      }
      this.intake.receive(Buffer.concat(chunks), 'smtp').then(
        (r) => cb(null, `Accepted ${r.duplicate ? 'duplicate ' : ''}${r.id} (${r.parsedAs ?? r.status})`),
        (e: Error) => {
          // Refused with a reason the sender sees; the listener itself carries on.
          this.logger.warn(`inbound SMTP from ${session.remoteAddress}: ${e.message}`);
          cb(Object.assign(new Error(e.message.slice(0, 300)), { responseCode: 554 }));
        },
      );
    });
    stream.on('error', (e) => cb(Object.assign(e, { responseCode: 451 })));
  }

  async onModuleDestroy(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

function hostCidr(ip: string): string {
  return ip.includes(':') ? `${ip}/128` : `${ip}/32`;
}
