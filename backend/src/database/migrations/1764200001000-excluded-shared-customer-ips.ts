import type { MigrationInterface, QueryRunner } from 'typeorm';
import { MigrationRefusedError } from '../migration-refused.js';

/** The IPv4 range an IPv4-mapped IPv6 range (::ffff:a.b.c.d/96+n) stands for: a.b.c.d/n. */
const asIpv4 = (col: string) =>
  `set_masklen('0.0.0.0'::inet + (${col} - '::ffff:0.0.0.0'::inet), masklen(${col}) - 96)::cidr`;
const isMapped = (col: string) =>
  `(family(${col}) = 6 AND masklen(${col}) >= 96 AND ${col} <<= '::ffff:0.0.0.0/96'::cidr)`;

/**
 * An IP address belongs to at most one customer: an exclusion constraint on overlapping ranges of
 * different customers, deferred to commit so an import may move a range from one customer to another.
 * IPv4-mapped IPv6 ranges are first stored as the IPv4 ranges they are, so they overlap as they should.
 * Existing overlaps between customers are refused with the list, not resolved: which customer owns an
 * address is the operator's call, and it decides whose portal the traffic shows in.
 */
export class ExcludedSharedCustomerIps1764200001000 implements MigrationInterface {
  name = 'ExcludedSharedCustomerIps1764200001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM customer_ips m USING customer_ips v
       WHERE ${isMapped('m.cidr')} AND v.customer_id = m.customer_id AND v.cidr = ${asIpv4('m.cidr')};
      UPDATE customer_ips SET cidr = ${asIpv4('cidr')} WHERE ${isMapped('cidr')};
    `);
    const overlaps: { line: string }[] = await q.query(`
      SELECT format('%s of customer %s (%s, id %s) overlaps %s of customer %s (%s, id %s)',
                    a.cidr, ca.account_code, ca.name, ca.id, b.cidr, cb.account_code, cb.name, cb.id) AS line
        FROM customer_ips a
        JOIN customer_ips b ON a.cidr && b.cidr AND a.customer_id < b.customer_id
        JOIN customers ca ON ca.id = a.customer_id
        JOIN customers cb ON cb.id = b.customer_id
       ORDER BY ca.account_code, a.cidr, cb.account_code, b.cidr`);
    if (overlaps.length) {
      throw new MigrationRefusedError(
        [
          `an IP address now belongs to one customer, but ${overlaps.length} range(s) are shared between customers:`,
          ...overlaps.map((o) => `  - ${o.line}`),
          'Keep each address with the customer that owns it and remove it from the others, e.g.',
          `  DELETE FROM customer_ips WHERE customer_id = '<customer id>' AND cidr = '<range>';`,
          '(or re-import the customers without it), then start Tollgate again. Nothing was changed.',
        ].join('\n'),
      );
    }
    await q.query(`
      CREATE EXTENSION IF NOT EXISTS btree_gist;
      ALTER TABLE customer_ips ADD CONSTRAINT ex_customer_ip_overlap
        EXCLUDE USING gist (cidr inet_ops WITH &&, customer_id WITH <>) DEFERRABLE INITIALLY DEFERRED;
      -- The constraint's GiST index leads with cidr and serves the && lookups the old index did.
      DROP INDEX idx_customer_ip_cidr;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX idx_customer_ip_cidr ON customer_ips USING gist (cidr inet_ops);
      ALTER TABLE customer_ips DROP CONSTRAINT ex_customer_ip_overlap;
    `);
  }
}
