import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A user's named queue filters (state, owner, customer, text, severity, sort): each sees only their own. */
export class CreatedSavedQueueFilters1764750000000 implements MigrationInterface {
  name = 'CreatedSavedQueueFilters1764750000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_queue_filters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name text NOT NULL,
        filter jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_saved_queue_filter_user_name UNIQUE (user_id, name)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE saved_queue_filters`);
  }
}
