import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { keepInMailbox } from './mailbox-rows.js';
import { type OutboxDelivery, type OutboxHandler, SkipDelivery } from './outbox-queue.js';

/** How long one POST to the gateway may take before the attempt counts as failed (and is retried). */
const GATEWAY_TIMEOUT_MS = 10_000;

/**
 * Delivers an SMS (`to`: E.164 numbers, `text`: the body) by POSTing `{to, body}` to SMS_GATEWAY_URL, as JSON or
 * as a form (SMS_GATEWAY_FORMAT), under the field names SMS_GATEWAY_FIELDS gives and with SMS_GATEWAY_FROM as the
 * sender, so that a provider's own API (Twilio's `To`/`Body`/`From` form with Basic auth, say) is called as it is.
 * `Authorization: Bearer SMS_GATEWAY_TOKEN` when set, else Basic from the URL's user and password; the message's
 * id as `Idempotency-Key`, so a gateway can drop a retry whose first answer was lost. Any answer but 2xx is
 * retried by the outbox. With no gateway, the SMS is kept in the built-in mailbox, marked as SMS.
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
    const { endpoint, authorization } = gatewayOf(url, this.config.smsGatewayToken);
    const names = this.config.smsGatewayFields;
    const form = this.config.smsGatewayFormat === 'form';
    // Queued SMS have one number each, so a retry never texts a number twice.
    for (const to of payload.to) {
      const fields: Record<string, string> = { [names.to]: to, [names.body]: payload.text };
      if (this.config.smsGatewayFrom) fields[names.from] = this.config.smsGatewayFrom;
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json',
          'idempotency-key': messageId,
          ...(authorization && { authorization }),
        },
        body: form ? new URLSearchParams(fields).toString() : JSON.stringify(fields),
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

/** The URL without its credentials (fetch refuses them), and the Authorization to send: the token, else Basic. */
function gatewayOf(url: string, token: string | null): { endpoint: string; authorization: string | null } {
  const u = new URL(url);
  const user = decodeURIComponent(u.username);
  const password = decodeURIComponent(u.password);
  u.username = '';
  u.password = '';
  const basic = user ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` : null;
  return { endpoint: u.toString(), authorization: token ? `Bearer ${token}` : basic };
}
