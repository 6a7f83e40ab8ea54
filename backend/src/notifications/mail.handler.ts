import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { mailDomain } from './outbox.js';
import { type OutboxDelivery, type OutboxHandler, SkipDelivery } from './outbox-queue.js';

/** Delivers a rendered mail over SMTP with the Message-ID it was given when it was queued. */
@Injectable()
export class MailHandler implements OutboxHandler, OnModuleDestroy {
  private transport: Transporter | null = null;
  private readonly domain: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.domain = mailDomain(config.mailFrom);
  }

  async deliver({ payload, messageId }: OutboxDelivery): Promise<void> {
    if (!this.config.smtpUrl) throw new SkipDelivery('SMTP_URL is not set');
    if (!payload.to.length) throw new SkipDelivery(payload.noRecipient ?? 'no recipient');
    this.transport ??= nodemailer.createTransport(this.config.smtpUrl);
    const thread = payload.thread;
    await this.transport.sendMail({
      from: this.config.mailFrom,
      to: payload.to,
      subject: payload.subject,
      text: payload.text,
      messageId,
      // One thread per ticket in the recipient's mail client.
      ...(thread && { references: `<ticket-${thread.ticketId}@${this.domain}>` }),
      headers: {
        // RFC 3834: automatic mail; well-behaved responders do not answer it.
        'Auto-Submitted': 'auto-generated',
        ...(thread && { 'X-Tollgate-Ticket': thread.ticketNumber }),
      },
    });
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
