import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The built-in mailbox: with no SMTP_URL, outgoing mail is kept here whole (the bytes a server would have got),
 * so the embedded default shows every message a real deployment would send. One row per outbox message.
 */
export class CreatedMailbox1764711000000 implements MigrationInterface {
  name = 'CreatedMailbox1764711000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mailbox (
        id bigserial PRIMARY KEY,
        outbox_id bigint NOT NULL,
        message_id text NOT NULL,
        from_address text NOT NULL,
        to_addresses text[] NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text,
        attachments jsonb NOT NULL DEFAULT '[]',
        raw bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_mailbox_outbox UNIQUE (outbox_id)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE mailbox`);
  }
}
