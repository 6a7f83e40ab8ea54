import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatedFoundation1763800000000 implements MigrationInterface {
  name = 'CreatedFoundation1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      -- Append-only tables (audit, timeline) reject UPDATE and DELETE at the database itself.
      CREATE FUNCTION forbid_row_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'insufficient_privilege';
      END $$;

      CREATE TABLE customers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        account_code text NOT NULL,
        timezone text NOT NULL,
        state text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uq_customer_account_code UNIQUE (account_code)
      );
      CREATE INDEX idx_customer_name ON customers (lower(name), id);

      CREATE TABLE customer_contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        name text NOT NULL,
        email text,
        phone text
      );
      CREATE INDEX idx_contact_customer ON customer_contacts (customer_id);

      CREATE TABLE customer_ips (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        cidr cidr NOT NULL,
        CONSTRAINT uq_customer_ip UNIQUE (customer_id, cidr)
      );
      CREATE INDEX idx_customer_ip_cidr ON customer_ips USING gist (cidr inet_ops);

      CREATE TABLE customer_groups (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        name text NOT NULL,
        external_id text NOT NULL,
        CONSTRAINT uq_group_external_id UNIQUE (customer_id, external_id)
      );

      CREATE TABLE seats (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        group_id uuid REFERENCES customer_groups(id) ON DELETE SET NULL,
        user_id text NOT NULL,
        sip_username text,
        name text NOT NULL,
        did text,
        extension text,
        CONSTRAINT uq_seat_user_id UNIQUE (customer_id, user_id)
      );
      CREATE INDEX idx_seat_group ON seats (group_id);
      CREATE INDEX idx_seat_sip_username ON seats (customer_id, sip_username);
      CREATE INDEX idx_seat_did ON seats (customer_id, did);

      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin','technician','engineer','manager','customer')),
        customer_id uuid REFERENCES customers(id) ON DELETE RESTRICT,
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        last_login_at timestamptz,
        CONSTRAINT uq_user_email UNIQUE (email),
        CONSTRAINT chk_user_customer CHECK ((role = 'customer') = (customer_id IS NOT NULL))
      );

      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        source_ip inet,
        user_agent text,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        CONSTRAINT uq_session_token UNIQUE (token_hash)
      );
      CREATE INDEX idx_session_user ON sessions (user_id);

      -- Every failed portal login, with its source: the brute-force detector reads this.
      CREATE TABLE login_failures (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email text NOT NULL,
        source_ip inet,
        reason text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_login_failure_ip_at ON login_failures (source_ip, at);
      CREATE TRIGGER login_failures_append_only BEFORE UPDATE OR DELETE ON login_failures
        FOR EACH ROW EXECUTE FUNCTION forbid_row_change();

      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        actor_id uuid,
        actor_role text NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id text,
        details jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_audit_entity ON audit_log (entity, entity_id);
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION forbid_row_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE audit_log, login_failures, sessions, users, seats, customer_groups, customer_ips,
        customer_contacts, customers;
      DROP FUNCTION forbid_row_change();
    `);
  }
}
