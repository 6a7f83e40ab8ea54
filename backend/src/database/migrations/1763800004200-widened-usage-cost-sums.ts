import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A rollup row sums the cost of every call of its hour (or day) and key: numeric(16,6), the width of one
 * CDR's cost plus two digits, overflowed at 100 costly calls and failed the whole import batch. Sums are
 * unbounded numeric now (same scale, so PostgreSQL changes the type without rewriting the tables).
 */
export class WidenedUsageCostSums1763800004200 implements MigrationInterface {
  name = 'WidenedUsageCostSums1763800004200';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE usage_hourly ALTER COLUMN cost TYPE numeric;
      ALTER TABLE usage_daily ALTER COLUMN cost TYPE numeric;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE usage_hourly ALTER COLUMN cost TYPE numeric(16,6);
      ALTER TABLE usage_daily ALTER COLUMN cost TYPE numeric(16,6);
    `);
  }
}
