import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatedCdrStorage1763800001000 implements MigrationInterface {
  name = 'CreatedCdrStorage1763800001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE cdr_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        filename text,
        format text,
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','completed','failed','interrupted')),
        rows int NOT NULL DEFAULT 0,
        imported int NOT NULL DEFAULT 0,
        duplicates int NOT NULL DEFAULT 0,
        rejected int NOT NULL DEFAULT 0,
        unassigned int NOT NULL DEFAULT 0,
        bytes bigint NOT NULL DEFAULT 0,
        errors jsonb NOT NULL DEFAULT '[]',
        failure text,
        created_by uuid REFERENCES users(id) ON DELETE SET NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      );
      CREATE INDEX idx_cdr_import_started ON cdr_imports (started_at DESC);

      -- Range-partitioned by day on started_at; partitions are created on demand by the importer.
      CREATE SEQUENCE cdrs_id_seq AS bigint;
      CREATE TABLE cdrs (
        id bigint NOT NULL DEFAULT nextval('cdrs_id_seq'),
        call_id text NOT NULL,
        import_id uuid,
        customer_id uuid,
        seat_id uuid,
        account_code text,
        source_ip inet,
        sip_user text,
        caller_name text,
        caller_number text,
        called_number text NOT NULL,
        caller_e164 text,
        called_e164 text,
        started_at timestamptz NOT NULL,
        answered_at timestamptz,
        ended_at timestamptz,
        duration_sec int NOT NULL,
        billsec int NOT NULL,
        disposition text NOT NULL,
        sip_code smallint,
        country char(2),
        state text,
        jurisdiction text,
        caribbean boolean NOT NULL DEFAULT false,
        toll_free boolean NOT NULL DEFAULT false,
        rate_per_minute numeric(12,6),
        cost numeric(14,6),
        CONSTRAINT pk_cdrs PRIMARY KEY (id, started_at),
        CONSTRAINT uq_cdr_call_id UNIQUE (call_id, started_at)
      ) PARTITION BY RANGE (started_at);
      ALTER SEQUENCE cdrs_id_seq OWNED BY cdrs.id;
      CREATE INDEX idx_cdr_customer_started ON cdrs (customer_id, started_at);

      -- Hourly usage by (customer, dimension, hour, key). Each import batch appends its sums with COPY (far cheaper
      -- than upserts, and committed with the batch's CDRs, so the two never disagree); widgets sum() them, and the
      -- importer compacts the hours it touched into one row per key when it ends. Unassigned CDRs use the nil uuid.
      -- The covering index makes a widget an index-only range scan; without a customer, PostgreSQL 18's skip
      -- scan walks the same index.
      CREATE TABLE usage_hourly (
        customer_id uuid NOT NULL,
        dim text NOT NULL CHECK (dim IN ('country','jurisdiction','state','source_ip','seat','customer')),
        hour timestamptz NOT NULL,
        key text NOT NULL,
        calls int NOT NULL,
        failed int NOT NULL,
        billsec bigint NOT NULL,
        cost numeric(16,6) NOT NULL
      );
      CREATE INDEX idx_usage_hourly ON usage_hourly (customer_id, dim, hour, key) INCLUDE (calls, failed, billsec, cost);

      CREATE TABLE rate_deck (
        prefix text PRIMARY KEY,
        description text NOT NULL,
        rate_per_minute numeric(12,6) NOT NULL CHECK (rate_per_minute >= 0)
      );
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE rate_deck, usage_hourly, cdrs, cdr_imports`);
  }
}
