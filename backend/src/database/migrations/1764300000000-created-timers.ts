import type { MigrationInterface, QueryRunner } from 'typeorm';

/** "Do X at time T" that survives a restart: one row per timer, claimed by one sweeper. */
export class CreatedTimers1764300000000 implements MigrationInterface {
  name = 'CreatedTimers1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE timers (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        due_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        dedupe_key text,
        every_seconds int CHECK (every_seconds > 0),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'failed', 'cancelled')),
        attempts int NOT NULL DEFAULT 0,
        leased_until timestamptz,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      );
      CREATE INDEX idx_timers_due ON timers (due_at) WHERE status = 'pending';
      CREATE UNIQUE INDEX uq_timers_pending_key ON timers (kind, dedupe_key) WHERE status = 'pending';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE timers`);
  }
}
