import type { EntityManager } from 'typeorm';
import type { RestrictionSpec } from '../tickets/ticket-machine.types.js';

/** Customer mail templates: the machine's, plus the reminder sweep and customer-visible notes. */
export type CustomerMailTemplate =
  'restricted' | 'restrictions_added' | 'info_requested' | 'restrictions_lifted' | 'dismissed' | 'reminder' | 'note';

export type OutboxMessage =
  | {
      kind: 'customer_mail';
      ticketId: string;
      payload: { template: CustomerMailTemplate; message?: string; restrictions?: RestrictionSpec[] };
    }
  | {
      kind: 'technician_mail';
      ticketId: string;
      payload: { reason: string; verdict?: string; message?: string };
    }
  | { kind: 'oncall_page'; ticketId: string; payload: { level: number; reason?: string } };

export type OutboxKind = OutboxMessage['kind'];

/** Written in the caller's transaction, so a message exists if and only if the change committed. */
export async function enqueueOutbox(m: EntityManager, messages: OutboxMessage[]): Promise<void> {
  if (!messages.length) return;
  await m.query(
    `INSERT INTO outbox (kind, ticket_id, payload)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::jsonb[])`,
    [messages.map((x) => x.kind), messages.map((x) => x.ticketId), messages.map((x) => JSON.stringify(x.payload))],
  );
}

/** Pending pages for a ticket are withdrawn once the escalation ends. */
export async function withdrawPages(m: EntityManager, ticketId: string): Promise<void> {
  await m.query(
    `UPDATE outbox SET status = 'skipped', last_error = 'escalation ended before the page was sent', done_at = now()
      WHERE ticket_id = $1 AND kind = 'oncall_page' AND status = 'pending'`,
    [ticketId],
  );
}
