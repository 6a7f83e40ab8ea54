import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Import profiles: how to read a CDR file whose header the importer does not know, or that has none (its column
 * map, date format, time zone and numbering plan), saved once per customer or source and picked with ?profile=.
 */
export class CreatedImportProfiles1764732000000 implements MigrationInterface {
  name = 'CreatedImportProfiles1764732000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cdr_import_profiles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        customer_id uuid REFERENCES customers(id) ON DELETE CASCADE,
        has_header boolean NOT NULL,
        columns jsonb NOT NULL,
        date_format text NOT NULL,
        time_zone text,
        home_country char(2),
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE UNIQUE INDEX uq_cdr_import_profile_name ON cdr_import_profiles (lower(name));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE cdr_import_profiles`);
  }
}
