import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SMS and signed links: users get a phone (E.164) for on-call SMS; the built-in mailbox also keeps SMS (when no
 * SMS_GATEWAY_URL is set), marked by channel; `signing_keys` holds the generated secret of the customers'
 * one-click review links when LINK_SIGNING_SECRET is not set, so every instance signs alike.
 */
export class AddedSmsAndSignedLinks1764780000000 implements MigrationInterface {
  name = 'AddedSmsAndSignedLinks1764780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE users ADD COLUMN phone text;
      ALTER TABLE mailbox ADD COLUMN channel text NOT NULL DEFAULT 'mail',
        ADD CONSTRAINT ck_mailbox_channel CHECK (channel IN ('mail', 'sms'));
      CREATE TABLE signing_keys (
        name text PRIMARY KEY,
        secret bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE signing_keys;
      ALTER TABLE mailbox DROP COLUMN channel;
      ALTER TABLE users DROP COLUMN phone;
    `);
  }
}
