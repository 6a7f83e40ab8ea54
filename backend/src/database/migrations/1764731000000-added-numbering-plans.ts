import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A customer's home country reads the numbers its switch writes without `+` (null: the deployment's
 * CDR_HOME_COUNTRY); a CDR keeps its hangup cause (Q.850 / the carrier's disconnect code) next to its SIP code.
 */
export class AddedNumberingPlans1764731000000 implements MigrationInterface {
  name = 'AddedNumberingPlans1764731000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customers ADD COLUMN country char(2) CONSTRAINT ck_customer_country CHECK (country ~ '^[A-Z]{2}$');
      ALTER TABLE cdrs ADD COLUMN hangup_cause text;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cdrs DROP COLUMN hangup_cause; ALTER TABLE customers DROP COLUMN country;`);
  }
}
