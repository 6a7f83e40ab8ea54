import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { keepInMailbox } from './mailbox-rows.js';
import { type OutboxDelivery, type OutboxHandler, SkipDelivery } from './outbox-queue.js';

/** How long one POST to the gateway may take before the attempt counts as failed (and is retried). */
const GATEWAY_TIMEOUT_MS = 10_000;

/**
 * Delivers an SMS (`to`: E.164 numbers, `text`: the body) by POSTing JSON `{to, body}` to SMS_GATEWAY_URL, with
 * `Authorization: Bearer SMS_GATEWAY_TOKEN` when set and the message's id as `Idempotency-Key`, so a gateway can
 * drop a retry whose first answer was lost. Any answer but 2xx is retried by the outbox. With no gateway, the SMS
 * is kept in the built-in mailbox, marked as SMS.
 */
@Injectable()
export class SmsHandler implements OutboxHandler {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly db: DataSource,
  ) {}

  async deliver({ id, payload, messageId }: OutboxDelivery): Promise<void> {
    if (!payload.to.length) throw new SkipDelivery(payload.noRecipient ?? 'no phone number');
    const url = this.config.smsGatewayUrl;
    if (!url) {
      await keepInMailbox(this.db, {
        outboxId: id,
        messageId,
        from: 'Tollgate SMS',
        to: payload.to,
        subject: `SMS to ${payload.to.join(', ')}`,
        text: payload.text,
        html: null,
        attachments: [],
        channel: 'sms',
        raw: Buffer.from(JSON.stringify(payload.to.map((to) => ({ to, body: payload.text })))),
      });
      return;
    }
    // Queued SMS have one number each, so a retry never texts a number twice.
    for (const to of payload.to) {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': messageId,
          ...(this.config.smsGatewayToken && { authorization: `Bearer ${this.config.smsGatewayToken}` }),
        },
        body: JSON.stringify({ to, body: payload.text }),
        signal: AbortSignal.timeout(GATEWAY_TIMEOUT_MS),
      });
      if (!res.ok) {
        const detail = (await res.text().catch(() => '')).slice(0, 200);
        throw new Error(`SMS gateway answered ${res.status}${detail ? `: ${detail}` : ''}`);
      }
      await res.body?.cancel().catch(() => undefined);
    }
  }
}
