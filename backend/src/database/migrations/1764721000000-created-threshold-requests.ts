import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Threshold-increase requests (filed from a ticket, decided by an engineer) and the overrides an approval
 * writes: one row per seat that was in the group at that moment (user thresholds) and one for the group
 * (group thresholds). A seat added later has no row, so it keeps the rule's defaults.
 */
export class CreatedThresholdRequests1764721000000 implements MigrationInterface {
  name = 'CreatedThresholdRequests1764721000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE threshold_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE CASCADE,
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        rule_id uuid REFERENCES detection_rules(id) ON DELETE SET NULL,
        scope text NOT NULL CHECK (scope IN ('seat','group')),
        target_id text NOT NULL,
        current jsonb NOT NULL,
        requested jsonb NOT NULL,
        reason text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
        applied_to text[] NOT NULL DEFAULT '{}',
        requested_by uuid REFERENCES users(id) ON DELETE SET NULL,
        decided_by uuid REFERENCES users(id) ON DELETE SET NULL,
        decision_comment text,
        created_at timestamptz NOT NULL,
        decided_at timestamptz
      );
      CREATE INDEX idx_threshold_request_status ON threshold_requests (status, created_at);
      CREATE INDEX idx_threshold_request_ticket ON threshold_requests (ticket_id);

      CREATE TABLE threshold_overrides (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        -- Null: every seat_threshold rule.
        rule_id uuid REFERENCES detection_rules(id) ON DELETE CASCADE,
        level text NOT NULL CHECK (level IN ('seat','group')),
        -- A seat's userId or a group's externalId.
        subject text NOT NULL,
        warn int,
        block int NOT NULL,
        request_id uuid NOT NULL REFERENCES threshold_requests(id) ON DELETE CASCADE,
        applied_at timestamptz NOT NULL
      );
      CREATE UNIQUE INDEX uq_threshold_override ON threshold_overrides
        (customer_id, coalesce(rule_id, '00000000-0000-0000-0000-000000000000'::uuid), level, subject);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE threshold_overrides, threshold_requests`);
  }
}
