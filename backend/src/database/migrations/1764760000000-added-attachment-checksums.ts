import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each case file's sha256 (what a customer and the NOC compare to know they hold the same bytes), computed by
 * PostgreSQL on insert, and filled in for the files mail intake stored before.
 */
export class AddedAttachmentChecksums1764760000000 implements MigrationInterface {
  name = 'AddedAttachmentChecksums1764760000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ticket_attachments ADD COLUMN sha256 text;
      UPDATE ticket_attachments SET sha256 = encode(sha256(content), 'hex');
      ALTER TABLE ticket_attachments ALTER COLUMN sha256 SET NOT NULL;
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticket_attachments DROP COLUMN sha256`);
  }
}
