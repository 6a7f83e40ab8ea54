import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The voice-engineering on-call: one setup row (rota, overrides, business hours, escalation policy), and one
 * escalation row per ESCALATE with the setup as it was then (so a later rota edit does not rewrite history)
 * and every page sent, with whom it reached. Acknowledge links carry a token whose hash is kept here.
 */
export class CreatedOncall1764720000000 implements MigrationInterface {
  name = 'CreatedOncall1764720000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE oncall_setup (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        setup jsonb NOT NULL,
        updated_by uuid REFERENCES users(id) ON DELETE SET NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE escalations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        ticket_number text NOT NULL,
        ticket_title text NOT NULL,
        severity text NOT NULL,
        reason text,
        setup jsonb NOT NULL,
        started_at timestamptz NOT NULL,
        level int NOT NULL DEFAULT 1,
        acknowledged_at timestamptz,
        acknowledged_by uuid REFERENCES users(id) ON DELETE SET NULL,
        ended_at timestamptz
      );
      CREATE UNIQUE INDEX uq_escalation_open_ticket ON escalations (ticket_id) WHERE ended_at IS NULL;
      CREATE INDEX idx_escalation_started ON escalations (started_at);

      CREATE TABLE escalation_pages (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        escalation_id uuid NOT NULL REFERENCES escalations(id) ON DELETE CASCADE,
        level int NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        user_name text NOT NULL,
        user_email text NOT NULL,
        ack_token_hash bytea NOT NULL,
        paged_at timestamptz NOT NULL,
        CONSTRAINT uq_escalation_page_token UNIQUE (ack_token_hash)
      );
      CREATE INDEX idx_escalation_page_escalation ON escalation_pages (escalation_id, level);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE escalation_pages, escalations, oncall_setup`);
  }
}
