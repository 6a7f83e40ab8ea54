import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case that placed a restriction, as the NOC names it (`FRD-000123`): the blocklist gives it as the
 * reason of a block, and the restrictions feature keeps it on its own row instead of reading tickets.
 * Null only on a row written by an instance older than this migration.
 */
export class AddedRestrictionSources1764400000000 implements MigrationInterface {
  name = 'AddedRestrictionSources1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE restrictions ADD COLUMN source text;
      UPDATE restrictions r SET source = 'FRD-' || lpad(t.number::text, greatest(6, length(t.number::text)), '0')
        FROM tickets t WHERE t.id = r.ticket_id;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE restrictions DROP COLUMN source;`);
  }
}
