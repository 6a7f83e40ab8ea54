import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stepped and expiring restrictions: the `destination_class` kind (international, caribbean, premium), and an
 * optional `expires_at` after which a timer lifts the row (restores the service) unless a technician made it
 * permanent (expires_at back to null).
 */
export class AddedRestrictionClassesAndExpiry1764700000000 implements MigrationInterface {
  name = 'AddedRestrictionClassesAndExpiry1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE restrictions DROP CONSTRAINT restrictions_kind_check;
      ALTER TABLE restrictions ADD CONSTRAINT chk_restriction_kind
        CHECK (kind IN ('ip','seat','group','destination','destination_class','account'));
      -- retimes: how often the expiry was changed, so the blocklist version moves when it is.
      ALTER TABLE restrictions ADD COLUMN expires_at timestamptz, ADD COLUMN retimes integer NOT NULL DEFAULT 0;
      CREATE INDEX idx_restriction_expiring ON restrictions (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX idx_restriction_expiring;
      ALTER TABLE restrictions DROP COLUMN expires_at, DROP COLUMN retimes;
      UPDATE restrictions SET status = 'lifted', lifted_at = now(), lifted_by_name = 'migration down'
       WHERE kind = 'destination_class' AND status = 'active';
      ALTER TABLE restrictions DROP CONSTRAINT chk_restriction_kind;
      ALTER TABLE restrictions ADD CONSTRAINT restrictions_kind_check
        CHECK (kind IN ('ip','seat','group','destination','account'));
    `);
  }
}
