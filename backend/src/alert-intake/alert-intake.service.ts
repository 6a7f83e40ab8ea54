import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { AlertEmailErrorCode } from '../common/error-codes.js';
import { CaseService, type DetectedEventInput } from '../cases/case.service.js';
import { CdrsService } from '../cdrs/cdrs.service.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import {
  customerByAccountCode,
  customersOfAddress,
  groupsByExternalId,
  markContactsUndeliverable,
  seatsByUserId,
} from '../customers/customer-match-rows.js';
import { registeredRangesHolding } from '../customers/customer-ip-rows.js';
import { isOutgoingMessageId, mailDomain, ticketOfMessageIds } from '../notifications/outbox.js';
import { parseTicketNumber } from '../tickets/case-kinds.js';
import {
  addExternalRef,
  type CaseActor,
  SYSTEM_ACTOR,
  ticketByNumber,
  ticketCustomer,
} from '../tickets/ticket-rows.js';
import { writeTimeline } from '../tickets/timeline-rows.js';
import { type CaribbeanAlert, type CarrierNotice, parseCaribbeanAlert, parseCarrierNotice } from './carrier-alerts.js';
import {
  finishInbound,
  inboundById,
  inboundByKey,
  type InboundEmailRow,
  inboundRaw,
  type InboundVia,
  insertInbound,
  unhandledInbound,
} from './inbound-email-rows.js';
import { contentHash, type MailMessage, rawMessageId, readMailMessage } from './mail-message.js';
import { automaticMailReason, permanentFailures } from './mail-rules.js';
import { keepOriginal } from './original-note.js';

/** docs/api.md §Alert emails: what became of a message. */
export interface IntakeResult {
  id: string;
  messageId: string | null;
  duplicate: boolean;
  status: InboundEmailRow['status'];
  parsedAs: string | null;
  reason: string | null;
  eventIds: string[];
  ticketIds: string[];
}

interface Outcome {
  status: 'processed' | 'quarantined' | 'ignored';
  parsedAs: string;
  reason?: string;
  eventIds?: string[];
  ticketIds?: string[];
}

const quarantine = (parsedAs: string, reason: string): Outcome => ({ status: 'quarantined', parsedAs, reason });

/**
 * The one handler behind the three doors (SMTP listener, IMAP poller, upload): each message is stored whole first,
 * once (by Message-ID, or content hash when it has none), then parsed into detected events, a reply on its ticket,
 * a bounce, or a triage case; anything it cannot place is quarantined with the reason, never dropped.
 */
@Injectable()
export class AlertIntakeService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AlertIntakeService.name);
  private readonly ownDomain: string;
  private readonly ownAddress: string;

  constructor(
    private readonly db: DataSource,
    private readonly cases: CaseService,
    private readonly cdrs: CdrsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.ownDomain = mailDomain(config.mailFrom);
    this.ownAddress = (/<([^>]+)>/.exec(config.mailFrom)?.[1] ?? config.mailFrom).trim().toLowerCase();
  }

  get maxBytes(): number {
    return this.config.inboundMailMaxBytes;
  }

  /** Messages stored before a crash and never handled are handled now. */
  async onApplicationBootstrap(): Promise<void> {
    for (const id of await unhandledInbound(this.db)) {
      await this.process(id).catch((e) => this.logger.error(`inbound mail ${id}: ${(e as Error).stack ?? e}`));
    }
  }

  async receive(raw: Buffer, via: InboundVia, by: string | null = null): Promise<IntakeResult> {
    if (raw.length > this.config.inboundMailMaxBytes) {
      throw new AppError(
        AlertEmailErrorCode.TooLarge,
        `The message is ${raw.length} bytes; the limit is ${this.config.inboundMailMaxBytes} (INBOUND_MAIL_MAX_BYTES)`,
      );
    }
    if (!looksLikeMail(raw)) {
      throw new AppError(AlertEmailErrorCode.MessageInvalid, 'The body is not a mail message: it has no header block');
    }
    const messageId = rawMessageId(raw);
    const hash = contentHash(raw);
    const dedupeKey = messageId ? `message-id:${messageId.toLowerCase()}` : `sha256:${hash}`;
    const id = await insertInbound(this.db, { dedupeKey, messageId, contentHash: hash, via, raw, by });
    if (!id) {
      const stored = (await inboundByKey(this.db, dedupeKey))!;
      return { ...resultOf(stored), duplicate: true };
    }
    return this.process(id);
  }

  async get(id: string): Promise<IntakeResult> {
    const row = await inboundById(this.db, id);
    if (!row) throw new AppError(AlertEmailErrorCode.NotFound, `No inbound message ${id}`);
    return resultOf(row);
  }

  /** Handles a stored message once; any failure quarantines it with the reason (the raw bytes stay). */
  private async process(id: string): Promise<IntakeResult> {
    const raw = (await inboundRaw(this.db, id))!;
    let mail: MailMessage | null = null;
    let outcome: Outcome;
    try {
      mail = await readMailMessage(raw);
      outcome = await this.route(mail, id);
    } catch (e) {
      const reason = e instanceof AppError ? e.message : `could not be handled: ${(e as Error).message ?? e}`;
      if (!(e instanceof AppError)) this.logger.error(`inbound mail ${id}: ${(e as Error).stack ?? e}`);
      outcome = quarantine(mail ? 'unhandled' : 'unreadable', reason.slice(0, 2000));
    }
    await finishInbound(this.db, id, {
      status: outcome.status,
      parsedAs: outcome.parsedAs,
      reason: outcome.reason ?? null,
      fromAddress: mail?.fromAddress ?? null,
      subject: mail?.subject.slice(0, 998) ?? null,
      eventIds: outcome.eventIds ?? [],
      ticketIds: outcome.ticketIds ?? [],
    });
    const row = (await inboundById(this.db, id))!;
    if (row.status === 'quarantined') this.logger.warn(`inbound mail ${id} quarantined: ${row.reason}`);
    return resultOf(row);
  }

  private async route(mail: MailMessage, inboundId: string): Promise<Outcome> {
    if (await this.isOwnMail(mail)) {
      return { status: 'ignored', parsedAs: 'own_mail', reason: "Tollgate's own mail is never taken in again" };
    }
    const failures = permanentFailures(mail);
    if (mail.deliveryStatus.length) return this.bounce(mail, failures);
    const replyTo = await this.ticketRepliedTo(mail);
    if (replyTo) return this.reply(mail, replyTo, inboundId);
    const caribbean = parseCaribbeanAlert(mail.subject, mail.text);
    if (caribbean) return this.caribbeanAlert(mail, caribbean);
    const notice = parseCarrierNotice(mail.subject, mail.text);
    if (notice) return this.carrierNotice(mail, notice);
    return this.triage(mail, inboundId);
  }

  private async isOwnMail(mail: MailMessage): Promise<boolean> {
    if (mail.fromAddress && mail.fromAddress === this.ownAddress) return true;
    return !!mail.messageId && (await isOutgoingMessageId(this.db, mail.messageId));
  }

  // ---- carrier formats ----

  private async caribbeanAlert(mail: MailMessage, a: CaribbeanAlert): Promise<Outcome> {
    const scope = a.userId ? 'seat' : a.groupId ? 'group' : null;
    if (!scope) return quarantine(a.format, 'The alert names neither a User ID nor a Group ID');
    const match = await this.caribbeanCustomer(a);
    if ('reason' in match) return quarantine(a.format, match.reason);
    const server = a.applicationServer ?? mail.fromAddress?.split('@')[1] ?? 'the upstream application server';
    const target = scope === 'seat' ? match.userId! : match.groupId!;
    const blockedScope = a.blocked === 'user' ? 'seat' : a.blocked === 'group' ? 'group' : null;
    const blockedValue = blockedScope === 'seat' ? match.userId : blockedScope === 'group' ? match.groupId : null;
    const lastCall = a.calls.at(-1)?.at;
    const occurredAt = lastCall ?? a.alertTime ?? mail.date ?? new Date().toISOString();
    const calls = a.caribbeanCalls ?? a.calls.length;
    const summary =
      `CARIBBEAN_FRAUD_ALERT from ${server}: ${scope} ${target}` +
      (scope === 'seat' && match.groupId ? ` (${match.groupId})` : '') +
      ` placed ${calls} call(s) to the Caribbean` +
      (a.totalCalls !== null ? ` of ${a.totalCalls}` : '') +
      (blockedValue ? `; the ${blockedScope} is already blocked upstream` : '; below the block threshold');
    const event: DetectedEventInput = {
      customerId: match.customerId,
      kind: 'carrier_alert',
      severity: blockedValue ? 'block' : 'warning',
      dedupeKey: `caribbean:${scope}:${target.toLowerCase()}`,
      summary,
      details: { ...a, messageId: mail.messageId, from: mail.fromAddress },
      occurredAt,
      ...(a.calls.length && { evidence: { from: a.calls[0].at, to: lastCall } }),
      ...(blockedValue && {
        restrictions: [
          {
            kind: blockedScope!,
            value: blockedValue,
            reason: `Intercepted upstream by ${server} (THIS ${a.blocked!.toUpperCase()} WILL BE BLOCKED!!!)`,
          },
        ],
        restrictedBy: `Upstream carrier (${server})`,
      }),
    };
    return this.raise(mail, event, a.format);
  }

  /** The seat's (or group's) customer, as CDRs match seats; an id two customers share is not guessed. */
  private async caribbeanCustomer(
    a: CaribbeanAlert,
  ): Promise<{ customerId: string; userId: string | null; groupId: string | null } | { reason: string }> {
    const groups = a.groupId ? await groupsByExternalId(this.db, a.groupId) : [];
    if (a.userId) {
      let seats = await seatsByUserId(this.db, a.userId);
      if (seats.length > 1 && a.groupId) {
        seats = seats.filter((s) => s.groupExternalId?.toLowerCase() === a.groupId!.toLowerCase());
      }
      if (seats.length === 1) {
        const s = seats[0];
        if (a.groupId && groups.length && !groups.some((g) => g.customerId === s.customerId)) {
          return { reason: `User ID ${a.userId} and Group ID ${a.groupId} belong to different customers` };
        }
        return { customerId: s.customerId, userId: s.userId, groupId: s.groupExternalId ?? a.groupId };
      }
      if (seats.length > 1) return { reason: `User ID ${a.userId} is a seat of several customers` };
      if (groups.length !== 1) return { reason: `No customer has a seat with User ID ${a.userId}` };
      return { customerId: groups[0].customerId, userId: a.userId, groupId: groups[0].externalId };
    }
    if (groups.length === 1) return { customerId: groups[0].customerId, userId: null, groupId: groups[0].externalId };
    return {
      reason: groups.length
        ? `Group ID ${a.groupId} is a group of several customers`
        : `No customer has a group with Group ID ${a.groupId}`,
    };
  }

  private async carrierNotice(mail: MailMessage, n: CarrierNotice): Promise<Outcome> {
    const customer = await this.noticeCustomer(n);
    if ('reason' in customer) return quarantine(n.format, customer.reason);
    const carrier = mail.fromAddress?.split('@')[1] ?? 'the upstream carrier';
    // The carrier's CDRs of the calls in question, through the CDR importer, as rows of this account.
    const imports: { filename: string; imported: number; duplicates: number; rejected: number }[] = [];
    for (const file of mail.attachments.filter((f) => /csv/.test(f.contentType) || /\.csv$/i.test(f.filename))) {
      const report = await this.cdrs.import(
        Readable.from([file.content]),
        file.filename,
        { format: 'auto', accountCode: customer.accountCode },
        { id: null },
      );
      imports.push({ filename: file.filename, ...pick(report, 'imported', 'duplicates', 'rejected') });
    }
    const summary =
      `Carrier ticket ${n.carrierTicket} from ${carrier}: ${n.eventType ?? 'potential fraud event'}` +
      (n.callsInQuestion !== null ? `; ${n.callsInQuestion} call(s) in question` : '') +
      (n.restrictedIps.length ? `; the carrier restricted ${n.restrictedIps.join(', ')}` : '');
    const event: DetectedEventInput = {
      customerId: customer.id,
      kind: 'carrier_alert',
      severity: n.restrictedIps.length ? 'block' : 'urgent',
      dedupeKey: `carrier-ticket:${n.carrierTicket.toLowerCase()}`,
      summary,
      details: { ...n, imports, messageId: mail.messageId, from: mail.fromAddress },
      occurredAt: n.window?.to ?? n.openedAt ?? mail.date ?? new Date().toISOString(),
      ...(n.window && { evidence: { from: n.window.from, to: n.window.to } }),
      ...(n.restrictedIps.length && {
        restrictions: n.restrictedIps.map((ip) => ({
          kind: 'ip' as const,
          value: ip,
          reason: `Restricted by ${carrier} (ticket ${n.carrierTicket})`,
        })),
        restrictedBy: `Upstream carrier (${carrier})`,
      }),
    };
    return this.raise(mail, event, n.format, n.carrierTicket);
  }

  /** The sub-account's customer (account code, as CDRs and authorize match), else the restricted IPs' one. */
  private async noticeCustomer(n: CarrierNotice): Promise<{ id: string; accountCode: string } | { reason: string }> {
    const byAccount = n.subAccount ? await customerByAccountCode(this.db, n.subAccount) : null;
    if (byAccount) return byAccount;
    const ranges = [...(await registeredRangesHolding(this.db, n.restrictedIps)).values()];
    const codes = [...new Set(ranges.map((r) => r.accountCode))];
    if (codes.length === 1) return (await customerByAccountCode(this.db, codes[0]))!;
    if (codes.length > 1) return { reason: `The restricted IPs belong to several customers (${codes.join(', ')})` };
    return {
      reason: n.subAccount
        ? `Sub-account ${n.subAccount} is not a customer's account code`
        : 'The notice names no sub-account and none of its IPs is a customer’s',
    };
  }

  /** Raises the event as from email, then keeps the original on its ticket and the carrier's reference. */
  private async raise(mail: MailMessage, event: DetectedEventInput, parsedAs: string, ref?: string): Promise<Outcome> {
    const raised = await this.cases.raise(event, 'email');
    const ticketId = raised.ticketId!;
    await this.db.transaction(async (m) => {
      if (ref) await addExternalRef(m, ticketId, ref);
      await keepOriginal(m, ticketId, mail, SYSTEM_ACTOR, 'internal');
    });
    return { status: 'processed', parsedAs, eventIds: [raised.id], ticketIds: [ticketId] };
  }

  /** Anything else: a triage case on the sender's customer, or quarantined for a technician when none is known. */
  private async triage(mail: MailMessage, inboundId: string): Promise<Outcome> {
    const automatic = automaticMailReason(mail);
    if (automatic) return { status: 'ignored', parsedAs: 'automatic', reason: `Automatic mail (${automatic})` };
    const customers = mail.fromAddress ? await customersOfAddress(this.db, mail.fromAddress) : [];
    if (customers.length !== 1) {
      return quarantine(
        'unknown',
        customers.length
          ? `The sender ${mail.fromAddress} is a contact of several customers`
          : `Not a known alert format, and the sender ${mail.fromAddress ?? '(none)'} is no customer's contact`,
      );
    }
    const event: DetectedEventInput = {
      customerId: customers[0],
      kind: 'external',
      severity: 'notify',
      dedupeKey: `email:${inboundId}`,
      summary: `Email from ${mail.fromAddress}: ${mail.subject || '(no subject)'}`.slice(0, 2000),
      details: { messageId: mail.messageId, from: mail.fromAddress },
      occurredAt: mail.date ?? new Date().toISOString(),
    };
    return this.raise(mail, event, 'triage');
  }

  // ---- replies and bounces ----

  /** The ticket a message answers: its hook `[FRD-000123]` in the subject, or a Message-ID of ours it refers to. */
  private async ticketRepliedTo(mail: MailMessage): Promise<{ id: string; customerId: string } | null> {
    const refs = [...(mail.inReplyTo ? [mail.inReplyTo] : []), ...mail.references];
    const root = refs
      .map((r) => new RegExp(`^<ticket-([0-9a-f-]{36})@${escapeRe(this.ownDomain)}>$`, 'i').exec(r)?.[1])
      .find(Boolean);
    const byRef = root ?? (await ticketOfMessageIds(this.db, refs));
    if (byRef) {
      const t = await ticketCustomer(this.db, byRef).catch(() => null);
      if (t) return t;
    }
    const hook = /\[(FRD-\d{1,15})\]/i.exec(mail.subject)?.[1];
    const n = hook ? parseTicketNumber(hook) : null;
    return n !== null ? ticketByNumber(this.db, n) : null;
  }

  private async reply(mail: MailMessage, ticket: { id: string; customerId: string }, inboundId: string) {
    const from = mail.fromAddress;
    const customers = from ? await customersOfAddress(this.db, from) : [];
    if (!customers.includes(ticket.customerId)) {
      return quarantine(
        'reply',
        `The sender ${from ?? '(none)'} is not a contact of the ticket's customer; it did not reach the ticket`,
      );
    }
    const automatic = automaticMailReason(mail);
    const actor: CaseActor = {
      id: null,
      role: 'customer',
      name: mail.fromName ?? from!,
      customerId: ticket.customerId,
    };
    await this.db.transaction(async (m) => {
      // An auto-reply (out of office) is kept for the NOC but is not the customer's answer, and nothing answers it.
      await keepOriginal(m, ticket.id, mail, actor, automatic ? 'internal' : 'customer', automatic);
    });
    this.logger.log(`inbound mail ${inboundId} threaded into ticket ${ticket.id}`);
    return {
      status: 'processed' as const,
      parsedAs: automatic ? 'auto_reply' : 'reply',
      ...(automatic && { reason: `Automatic mail (${automatic}): kept, not answered` }),
      ticketIds: [ticket.id],
    };
  }

  private async bounce(mail: MailMessage, failures: { recipient: string; reason: string }[]): Promise<Outcome> {
    if (!failures.length) {
      return {
        status: 'ignored',
        parsedAs: 'delivery_status',
        reason: 'A delivery report without a permanent failure',
      };
    }
    // The bounced message's own Message-ID, in the report's returned headers, leads to its ticket.
    const returned = mail.attachments
      .filter((a) => /rfc822/.test(a.contentType))
      .map((a) => rawMessageId(a.content))
      .filter((x): x is string => !!x);
    const ticketId = await ticketOfMessageIds(this.db, returned);
    const customers = new Set<string>();
    await this.db.transaction(async (m) => {
      for (const f of failures) {
        for (const c of await markContactsUndeliverable(m, f.recipient, f.reason)) customers.add(c);
      }
      if (ticketId) {
        await writeTimeline(m, {
          ticketId,
          actor: SYSTEM_ACTOR,
          type: 'mail_bounced',
          payload: { recipients: failures.map((f) => f.recipient), reason: failures.map((f) => f.reason).join('; ') },
          visibility: 'internal',
        });
      }
    });
    return {
      status: 'processed',
      parsedAs: 'bounce',
      reason: `Undeliverable: ${failures.map((f) => `${f.recipient} (${f.reason})`).join(', ')}`.slice(0, 2000),
      ticketIds: ticketId ? [ticketId] : [],
    };
  }
}

function resultOf(r: InboundEmailRow): IntakeResult {
  return {
    id: r.id,
    messageId: r.messageId,
    duplicate: false,
    status: r.status,
    parsedAs: r.parsedAs,
    reason: r.reason,
    eventIds: r.eventIds,
    ticketIds: r.ticketIds,
  };
}

/** A header block: a `Name: value` line first, and no NUL in it. */
function looksLikeMail(raw: Buffer): boolean {
  const head = raw.subarray(0, 4096).toString('latin1');
  return /^[!-9;-~]+:/.test(head) && !head.includes('\u0000');
}

function pick<T extends object, K extends keyof T>(o: T, ...keys: K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Pick<T, K>;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
