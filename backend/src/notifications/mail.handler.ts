import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { MailAttachments } from './mail-attachments.js';
import { htmlOfText } from './mail-html.js';
import { keepInMailbox } from './mailbox-rows.js';
import { mailDomain } from './outbox.js';
import { type OutboxDelivery, type OutboxHandler, SkipDelivery } from './outbox-queue.js';

/**
 * Delivers a rendered mail (text and HTML) with the Message-ID it was given when it was queued: over SMTP_URL,
 * or with no SMTP_URL into the built-in mailbox, as the same bytes.
 */
@Injectable()
export class MailHandler implements OutboxHandler, OnModuleDestroy {
  private transport: Transporter | null = null;
  private readonly mailbox = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  private readonly domain: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
    private readonly attachments: MailAttachments,
  ) {
    this.domain = mailDomain(config.mailFrom);
  }

  async deliver({ id, payload, messageId }: OutboxDelivery): Promise<void> {
    if (!payload.to.length) throw new SkipDelivery(payload.noRecipient ?? 'no recipient');
    const mail = this.message(payload, messageId);
    // Rendered now (each attempt), so the row stays small and a mail never goes out without what it announces.
    const files = await this.attachments.render(payload.attachments);
    mail.attachments = files.map((f) => ({ filename: f.filename, contentType: f.contentType, content: f.content }));
    if (!this.config.smtpUrl) {
      const { message } = (await this.mailbox.sendMail(mail)) as { message: Buffer };
      await keepInMailbox(this.db, {
        outboxId: id,
        messageId,
        from: this.config.mailFrom,
        to: payload.to,
        subject: payload.subject,
        text: payload.text,
        html: mail.html as string,
        attachments: files.map((f) => ({
          filename: f.filename,
          contentType: f.contentType,
          sizeBytes: f.content.length,
        })),
        channel: 'mail',
        raw: message,
      });
      return;
    }
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
    await this.transport.sendMail(mail);
  }

  private message(payload: OutboxDelivery['payload'], messageId: string): Mail.Options {
    const thread = payload.thread;
    return {
      from: this.config.mailFrom,
      to: payload.to,
      subject: payload.subject,
      text: payload.text,
      html: payload.html ?? htmlOfText(payload.text),
      messageId,
      // One thread per ticket in the recipient's mail client.
      ...(thread && { references: `<ticket-${thread.ticketId}@${this.domain}>` }),
      headers: {
        // RFC 3834: automatic mail; well-behaved responders do not answer it.
        'Auto-Submitted': 'auto-generated',
        ...(thread && { 'X-Tollgate-Ticket': thread.ticketNumber }),
      },
    };
  }

  onModuleDestroy(): void {
    this.transport?.close();
  }
}

/** Mail to customers and staff: patient, since a mail server may be down for a while. */
export const MAIL_POLICY = {
  maxAttempts: 8,
  backoffSeconds: (attempts: number) => Math.min(30 * 2 ** (attempts - 1), 3600),
  leaseSeconds: 300,
};

/** A page is urgent: retried fast and given up sooner (the escalation time-out pages the next level). */
export const PAGE_POLICY = {
  maxAttempts: 5,
  backoffSeconds: (attempts: number) => Math.min(15 * attempts, 60),
  leaseSeconds: 60,
};
