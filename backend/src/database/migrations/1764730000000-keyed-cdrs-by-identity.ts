import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A CDR's identity no longer moves with the import's time zone: `cdr_keys` holds the md5 of each CDR's identity
 * (call id, start as written, leg) once, across partitions, and points at the row. The old key (call id + stored
 * start) doubled a file re-imported with a corrected zone, and dropped the legs of an Asterisk forked dial.
 *
 * Rows stored before keep a key built from what the table holds: call id and start in UTC (and the called number
 * for generic CSV, the disposition for Asterisk). A file imported before in a zone other than UTC, or an Asterisk
 * file (whose key now also names the destination channel), is stored again if re-imported after this migration.
 */
export class KeyedCdrsByIdentity1764730000000 implements MigrationInterface {
  name = 'KeyedCdrsByIdentity1764730000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cdr_keys (
        key uuid NOT NULL,
        cdr_id bigint NOT NULL,
        started_at timestamptz NOT NULL,
        CONSTRAINT pk_cdr_keys PRIMARY KEY (key)
      );
      INSERT INTO cdr_keys (key, cdr_id, started_at)
      SELECT md5(c.call_id || E'\\x1f' || ((extract(epoch FROM c.started_at) * 1000)::bigint)::text ||
               CASE i.format
                 WHEN 'freeswitch' THEN ''
                 WHEN 'asterisk' THEN E'\\x1f' || E'\\x1f' || c.disposition
                 ELSE E'\\x1f' || c.called_number
               END)::uuid,
             c.id, c.started_at
        FROM cdrs c LEFT JOIN cdr_imports i ON i.id = c.import_id
      ON CONFLICT DO NOTHING;
      ALTER TABLE cdrs DROP CONSTRAINT uq_cdr_call_id;
      ALTER TABLE cdr_imports ADD COLUMN updated int NOT NULL DEFAULT 0, ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE cdr_imports DROP COLUMN updated, DROP COLUMN warnings;
      ALTER TABLE cdrs ADD CONSTRAINT uq_cdr_call_id UNIQUE (call_id, started_at);
      DROP TABLE cdr_keys;
    `);
  }
}
