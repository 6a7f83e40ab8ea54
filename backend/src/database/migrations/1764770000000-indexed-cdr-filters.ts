import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The call records page filters by called number (E.164 prefix), source IP (address or range) and seat, each
 * with a time range: one index per filter, the time last so a range reads only its days' slice. Each is built on
 * every daily partition and costs the importer's `COPY` a little; country and customer ride on
 * `idx_cdr_customer_started` (country is of low selectivity within one customer).
 */
export class IndexedCdrFilters1764770000000 implements MigrationInterface {
  name = 'IndexedCdrFilters1764770000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX idx_cdr_called_started ON cdrs (called_e164 text_pattern_ops, started_at);
      CREATE INDEX idx_cdr_source_ip_started ON cdrs (source_ip, started_at);
      CREATE INDEX idx_cdr_seat_started ON cdrs (seat_id, started_at);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX idx_cdr_seat_started;
      DROP INDEX idx_cdr_source_ip_started;
      DROP INDEX idx_cdr_called_started;
    `);
  }
}
