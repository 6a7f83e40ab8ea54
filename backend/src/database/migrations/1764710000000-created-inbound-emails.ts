import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every inbound mail (SMTP listener, IMAP poller, upload) is stored whole before it is parsed: a crash mid-ingest
 * loses nothing (rows still `received` are handled again at start-up) and a retry does not double it (one row per
 * Message-ID, or per content hash when the mail has none). Tickets keep the external references (an upstream
 * carrier's ticket number) that later notices join on, and contacts whose mail bounced are marked undeliverable.
 */
export class CreatedInboundEmails1764710000000 implements MigrationInterface {
  name = 'CreatedInboundEmails1764710000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE inbound_emails (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        dedupe_key text NOT NULL,
        message_id text,
        content_hash text NOT NULL,
        via text NOT NULL CHECK (via IN ('smtp','imap','upload')),
        raw bytea NOT NULL,
        size_bytes int NOT NULL,
        from_address text,
        subject text,
        status text NOT NULL DEFAULT 'received' CHECK (status IN ('received','processed','quarantined','ignored')),
        parsed_as text,
        reason text,
        event_ids uuid[] NOT NULL DEFAULT '{}',
        ticket_ids uuid[] NOT NULL DEFAULT '{}',
        received_by uuid,
        received_at timestamptz NOT NULL DEFAULT now(),
        processed_at timestamptz,
        CONSTRAINT uq_inbound_email_dedupe UNIQUE (dedupe_key)
      );
      CREATE INDEX idx_inbound_email_status ON inbound_emails (status, received_at);
      CREATE INDEX idx_inbound_email_received ON inbound_emails (received_at DESC, id);

      ALTER TABLE tickets ADD COLUMN external_refs text[] NOT NULL DEFAULT '{}';
      CREATE INDEX idx_ticket_external_refs ON tickets USING gin (external_refs);

      ALTER TABLE customer_contacts ADD COLUMN undeliverable_at timestamptz, ADD COLUMN undeliverable_reason text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customer_contacts DROP COLUMN undeliverable_at, DROP COLUMN undeliverable_reason;
      DROP INDEX idx_ticket_external_refs;
      ALTER TABLE tickets DROP COLUMN external_refs;
      DROP TABLE inbound_emails;
    `);
  }
}
