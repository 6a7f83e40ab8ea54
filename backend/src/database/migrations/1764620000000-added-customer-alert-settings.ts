import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's alert settings beside its detection settings (docs/api.md §Detection): who is told of its
 * detected events (contacts with an email and/or a phone), from which severity, which baseline jurisdictions it
 * opted out of, and a snooze that silences baselines and alerts until midnight in its time zone.
 */
export class AddedCustomerAlertSettings1764620000000 implements MigrationInterface {
  name = 'AddedCustomerAlertSettings1764620000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customer_detection_settings
        ADD COLUMN alert_contacts jsonb NOT NULL DEFAULT '[]',
        ADD COLUMN alert_min_severity text NOT NULL DEFAULT 'warning'
          CONSTRAINT ck_detection_settings_min_severity CHECK (alert_min_severity IN ('notify','warning','urgent')),
        ADD COLUMN alert_opt_outs text[] NOT NULL DEFAULT '{}',
        ADD COLUMN snoozed_until timestamptz;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customer_detection_settings
        DROP COLUMN snoozed_until, DROP COLUMN alert_opt_outs,
        DROP COLUMN alert_min_severity, DROP COLUMN alert_contacts;
    `);
  }
}
