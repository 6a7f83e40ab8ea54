import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rule's event is one per (dedupe key, subject, severity, window end): the dedupe key groups a case (e.g. a
 * customer's premium-rate calls of a day), the subject tells apart what the case holds (each destination), so
 * two destinations first called in the same second are two events on the one case.
 */
export class AddedEventSubjects1764650000000 implements MigrationInterface {
  name = 'AddedEventSubjects1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE detected_events ADD COLUMN subject text NOT NULL DEFAULT '';
      DROP INDEX uq_event_rule_window;
      CREATE UNIQUE INDEX uq_event_rule_window ON detected_events (rule_id, dedupe_key, subject, severity, occurred_at)
        WHERE rule_id IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX uq_event_rule_window;
      CREATE UNIQUE INDEX uq_event_rule_window ON detected_events (rule_id, dedupe_key, severity, occurred_at)
        WHERE rule_id IS NOT NULL;
      ALTER TABLE detected_events DROP COLUMN subject;
    `);
  }
}
