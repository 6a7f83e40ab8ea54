import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Detection rules (docs/api.md §Detection): one row per rule, global or for one customer, live or shadow,
 * with its kind's params as jsonb (validated by the API, read by the detectors and, later, by real-time
 * enforcement at call set-up). Per-customer settings hold "detection disabled". Both are detection/'s.
 * Detected events name the rule that raised them and whether it ran in shadow (cases/ owns that table).
 */
export class CreatedDetectionRules1764500000000 implements MigrationInterface {
  name = 'CreatedDetectionRules1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE detection_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('threshold')),
        scope text NOT NULL CHECK (scope IN ('global','customer')),
        customer_id uuid REFERENCES customers(id) ON DELETE RESTRICT,
        mode text NOT NULL DEFAULT 'live' CHECK (mode IN ('live','shadow')),
        enabled boolean NOT NULL DEFAULT true,
        params jsonb NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_detection_rule_scope CHECK ((scope = 'customer') = (customer_id IS NOT NULL))
      );
      CREATE INDEX idx_detection_rules_kind ON detection_rules (kind) WHERE enabled;

      CREATE TABLE customer_detection_settings (
        customer_id uuid PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
        detection_disabled boolean NOT NULL DEFAULT false,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      ALTER TABLE detected_events ADD COLUMN shadow boolean NOT NULL DEFAULT false;
      ALTER TABLE detected_events ADD COLUMN rule_id uuid;
      CREATE INDEX idx_event_rule ON detected_events (rule_id, detected_at DESC) WHERE rule_id IS NOT NULL;
      -- One event per rule, dedupe key (subject), severity and window end: a detector raising twice is a no-op.
      CREATE UNIQUE INDEX uq_event_rule_window ON detected_events (rule_id, dedupe_key, severity, occurred_at)
        WHERE rule_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX uq_event_rule_window;
      DROP INDEX idx_event_rule;
      ALTER TABLE detected_events DROP COLUMN rule_id;
      ALTER TABLE detected_events DROP COLUMN shadow;
      DROP TABLE customer_detection_settings;
      DROP TABLE detection_rules;
    `);
  }
}
