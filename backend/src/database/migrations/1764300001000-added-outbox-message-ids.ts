import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox rows now carry finished mails (recipients, subject, text) and their own Message-ID, so
 * replies can be threaded back to the ticket. Customer reminders become one timer per waiting ticket.
 */
export class AddedOutboxMessageIds1764300001000 implements MigrationInterface {
  name = 'AddedOutboxMessageIds1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE outbox ADD COLUMN message_id text;
      CREATE UNIQUE INDEX uq_outbox_message_id ON outbox (message_id);
      -- Rows queued by the previous release hold a template, not a mail: say so instead of sending garbage.
      UPDATE outbox SET status = 'skipped', done_at = now(),
             last_error = 'queued before the upgrade to rendered outbox messages; not sent'
       WHERE status = 'pending';
      INSERT INTO timers (kind, due_at, payload, dedupe_key)
      SELECT 'ticket.customer_reminder', greatest(waiting_since, coalesce(reminded_at, waiting_since)) + interval '24 hours',
             jsonb_build_object('ticketId', id), id::text
        FROM tickets WHERE state = 'restricted' AND waiting_since IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM timers WHERE kind = 'ticket.customer_reminder';
      DROP INDEX uq_outbox_message_id;
      ALTER TABLE outbox DROP COLUMN message_id;
    `);
  }
}
