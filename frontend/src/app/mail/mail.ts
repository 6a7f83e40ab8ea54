import type { components } from '../core/api.generated';

type Schemas = components['schemas'];

/** The answer of `POST /api/alert-emails`: what became of the message. */
export type AlertEmailResult = Schemas['AlertEmailResult'];
/** A row of `GET /api/alert-emails`. */
export type AlertEmail = Schemas['AlertEmail'];
/** A message in the built-in mailbox (`GET /api/mailbox`). */
export type MailboxEntry = Schemas['MailboxEntry'];

export const PARSED_AS_LABELS: Readonly<Partial<Record<string, string>>> = {
  caribbean_fraud_alert: 'CARIBBEAN_FRAUD_ALERT',
  carrier_fraud_notice: 'Carrier fraud notice',
  reply: 'Customer reply',
  auto_reply: 'Automatic reply',
  bounce: 'Bounce',
  triage: 'Triage case',
  unknown: 'Unknown format',
  attached: 'Attached by a technician',
  unreadable: 'Unreadable',
  unhandled: 'Could not be handled',
  own_mail: 'Our own mail',
  automatic: 'Automatic mail',
  delivery_status: 'Delivery report',
};
