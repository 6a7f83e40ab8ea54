import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Brute force (docs/design.md §Detection): the failed SIP registrations the SBC reports, append-only like
 * `login_failures`, and the IP blacklist the brute-force detector fills. A blacklist row is one IP's standing
 * (one row per address, whatever rule put it there) or one shadow rule's finding (one row per address and rule).
 * `version` takes a new value from its sequence on every write, so the enforcement index's version only grows.
 */
export class CreatedIpBlacklist1764610000000 implements MigrationInterface {
  name = 'CreatedIpBlacklist1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sip_auth_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        source_ip inet NOT NULL,
        username text,
        at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_sip_auth_failure_ip_at ON sip_auth_failures (source_ip, at);
      CREATE TRIGGER sip_auth_failures_append_only BEFORE UPDATE OR DELETE ON sip_auth_failures
        FOR EACH ROW EXECUTE FUNCTION forbid_row_change();

      CREATE SEQUENCE ip_blacklist_version_seq;
      CREATE TABLE ip_blacklist (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ip inet NOT NULL,
        status text NOT NULL CHECK (status IN ('blacklisted','watch','trusted','whitelisted','shadow')),
        level text NOT NULL CHECK (level IN ('warn','block')),
        reason text NOT NULL,
        sip_failures int NOT NULL,
        portal_failures int NOT NULL,
        users text[] NOT NULL DEFAULT '{}',
        first_failure_at timestamptz,
        last_failure_at timestamptz,
        rule_id uuid REFERENCES detection_rules(id) ON DELETE SET NULL,
        rule_name text,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        whitelisted_at timestamptz,
        whitelisted_by uuid,
        whitelisted_by_name text,
        version bigint NOT NULL DEFAULT nextval('ip_blacklist_version_seq'),
        CONSTRAINT ck_ip_blacklist_whitelisted CHECK ((status = 'whitelisted') = (whitelisted_at IS NOT NULL))
      );
      CREATE UNIQUE INDEX uq_ip_blacklist_ip ON ip_blacklist (ip) WHERE status <> 'shadow';
      CREATE UNIQUE INDEX uq_ip_blacklist_shadow ON ip_blacklist (ip, rule_id) WHERE status = 'shadow';
      CREATE INDEX idx_ip_blacklist_newest ON ip_blacklist (created_at DESC, id DESC);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE ip_blacklist;
      DROP SEQUENCE ip_blacklist_version_seq;
      DROP TABLE sip_auth_failures;
    `);
  }
}
