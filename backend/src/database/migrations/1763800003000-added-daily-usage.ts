import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily usage next to the hourly rollups: a 30-day widget across all customers summed ~150 k hourly rows;
 * whole UTC days now come from here (24× fewer rows) and only the partial days at the edges from hourly.
 */
export class AddedDailyUsage1763800003000 implements MigrationInterface {
  name = 'AddedDailyUsage1763800003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE usage_daily (
        customer_id uuid NOT NULL,
        dim text NOT NULL CHECK (dim IN ('country','jurisdiction','state','source_ip','seat','customer')),
        day date NOT NULL,
        key text NOT NULL,
        calls int NOT NULL,
        failed int NOT NULL,
        billsec bigint NOT NULL,
        cost numeric(16,6) NOT NULL
      );
      CREATE INDEX idx_usage_daily ON usage_daily (customer_id, dim, day, key) INCLUDE (calls, failed, billsec, cost);
      INSERT INTO usage_daily (customer_id, dim, day, key, calls, failed, billsec, cost)
      SELECT customer_id, dim, (hour AT TIME ZONE 'UTC')::date, key, sum(calls), sum(failed), sum(billsec), sum(cost)
        FROM usage_hourly GROUP BY 1, 2, 3, 4;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE usage_daily`);
  }
}
