import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Why an IP restriction reaches beyond the ticket customer's own addresses, and whose inventory it
 * covered when it was placed ([{customerId, accountCode, name}]): shown to the NOC, never to customers.
 */
export class AddedRestrictionReasons1764200002000 implements MigrationInterface {
  name = 'AddedRestrictionReasons1764200002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE restrictions ADD COLUMN reason text, ADD COLUMN covers jsonb NOT NULL DEFAULT '[]';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE restrictions DROP COLUMN reason, DROP COLUMN covers;`);
  }
}
