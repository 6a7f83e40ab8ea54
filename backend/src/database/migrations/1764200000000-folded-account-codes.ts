import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MigrationRefusedError } from '../migration-refused.js';

/**
 * Account codes become case-insensitive: unique on lower(account_code), the folding every matcher uses
 * (CDRs, authorize, events, restrictions). A database that already holds codes differing only in case
 * is refused with the list, not renamed: a switch sends those codes, and only the operator knows which
 * customer a renamed code should now reach.
 */
export class FoldedAccountCodes1764200000000 implements MigrationInterface {
  name = 'FoldedAccountCodes1764200000000';

  async up(q: QueryRunner): Promise<void> {
    const clashes: { folded: string; holders: string }[] = await q.query(`
      SELECT lower(account_code) AS folded,
             string_agg(format('%s (customer %s, "%s")', account_code, id, name), ', ' ORDER BY account_code, id) AS holders
        FROM customers GROUP BY lower(account_code) HAVING count(*) > 1 ORDER BY 1`);
    if (clashes.length) {
      throw new MigrationRefusedError(
        [
          `account codes are now case-insensitive, but ${clashes.length} of them are held by more than one customer:`,
          ...clashes.map((c) => `  - ${c.folded}: ${c.holders}`),
          'Give each of these customers a code of its own (and tell the switch), e.g.',
          `  UPDATE customers SET account_code = 'NEWCODE' WHERE id = '<customer id>';`,
          'then start Tollgate again. Nothing was changed.',
        ].join('\n'),
      );
    }
    await q.query(`
      ALTER TABLE customers DROP CONSTRAINT uq_customer_account_code;
      CREATE UNIQUE INDEX uq_customer_account_code_folded ON customers (lower(account_code));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX uq_customer_account_code_folded;
      ALTER TABLE customers ADD CONSTRAINT uq_customer_account_code UNIQUE (account_code);
    `);
  }
}
