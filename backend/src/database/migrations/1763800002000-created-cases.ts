import type { MigrationInterface, QueryRunner } from 'typeorm';

const KINDS = `'threshold','baseline','first_traffic_ip','intl_failed_attempts','new_destination','max_rate',
  'seat_threshold','group_threshold','brute_force','carrier_alert','external'`;
const SEVERITIES = `'notify','warning','urgent','block'`;
const CASE_STATES = `'detected','restricted','customer_reviewed','source_removed','charges_accepted',
  'restrictions_lifted','dismissed'`;
const RESTRICTION_KINDS = `'ip','seat','group','destination','account'`;

const INTL_CHECKLIST = [
  'Is international dialling enabled on the affected seats, and is it needed?',
  'Which device placed the calls (model, MAC, firmware)?',
  'Which IP does the device register from, and behind which edge device (router/SBC)?',
  'Any call forward, remote office or simultaneous ring to an international number?',
  'Were the seat passwords / SIP credentials changed after the incident?',
];
const SOURCE_CHECKLIST = [
  'Does the source IP belong to the customer (office, data centre, VPN)?',
  'Which device or PBX registered from the source IP?',
  'Were the SIP credentials rotated and the edge firewall restricted?',
];
const GENERIC_CHECKLIST = [
  'Is the traffic pattern explained by the customer (campaign, new office, migration)?',
  'Which seats or trunks placed the calls?',
  'Were credentials rotated or the source removed?',
];

const TEMPLATES: Record<string, string[]> = {
  threshold: INTL_CHECKLIST,
  baseline: GENERIC_CHECKLIST,
  first_traffic_ip: SOURCE_CHECKLIST,
  intl_failed_attempts: INTL_CHECKLIST,
  new_destination: INTL_CHECKLIST,
  max_rate: INTL_CHECKLIST,
  seat_threshold: INTL_CHECKLIST,
  group_threshold: INTL_CHECKLIST,
  brute_force: SOURCE_CHECKLIST,
  carrier_alert: INTL_CHECKLIST,
  external: GENERIC_CHECKLIST,
};

export class CreatedCases1763800002000 implements MigrationInterface {
  name = 'CreatedCases1763800002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE SEQUENCE ticket_number_seq AS bigint START 1;

      CREATE TABLE tickets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number bigint NOT NULL DEFAULT nextval('ticket_number_seq'),
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        title text NOT NULL,
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        severity text NOT NULL CHECK (severity IN (${SEVERITIES})),
        -- The queue sorts by this: block first.
        severity_rank smallint GENERATED ALWAYS AS (
          CASE severity WHEN 'block' THEN 4 WHEN 'urgent' THEN 3 WHEN 'warning' THEN 2 ELSE 1 END
        ) STORED,
        dedupe_key text NOT NULL,
        state text NOT NULL CHECK (state IN (${CASE_STATES})),
        escalation text NOT NULL CHECK (escalation IN ('idle','paging','engaged')),
        snapshot jsonb NOT NULL,
        version int NOT NULL DEFAULT 1,
        client_summary text NOT NULL DEFAULT '',
        client_summary_edited boolean NOT NULL DEFAULT false,
        event_count int NOT NULL DEFAULT 0,
        exposure_calls int NOT NULL DEFAULT 0,
        exposure_minutes numeric(14,2) NOT NULL DEFAULT 0,
        exposure_cost numeric(16,4) NOT NULL DEFAULT 0,
        first_call_at timestamptz,
        last_call_at timestamptz,
        opened_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        closed_at timestamptz,
        acknowledged_at timestamptz,
        restricted_at timestamptz,
        -- Time in 'restricted' waiting for the customer: closed spells plus the running one.
        waiting_since timestamptz,
        waiting_seconds int NOT NULL DEFAULT 0,
        reminded_at timestamptz,
        CONSTRAINT uq_ticket_number UNIQUE (number)
      );
      ALTER SEQUENCE ticket_number_seq OWNED BY tickets.number;
      -- At most one open ticket per (customer, dedupe key); ingest also serialises on an advisory lock.
      CREATE UNIQUE INDEX uq_ticket_open_dedupe ON tickets (customer_id, dedupe_key)
        WHERE state NOT IN ('restrictions_lifted','dismissed');
      CREATE INDEX idx_ticket_state ON tickets (state);
      CREATE INDEX idx_ticket_queue ON tickets (severity_rank DESC, opened_at, id);
      CREATE INDEX idx_ticket_customer_opened ON tickets (customer_id, opened_at);
      CREATE INDEX idx_ticket_waiting ON tickets (waiting_since) WHERE state = 'restricted';

      CREATE TABLE ticket_timeline (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT,
        actor_id uuid,
        actor_role text NOT NULL,
        actor_name text NOT NULL,
        type text NOT NULL,
        from_state text,
        to_state text,
        payload jsonb NOT NULL DEFAULT '{}',
        visibility text NOT NULL CHECK (visibility IN ('internal','customer')),
        at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_timeline_ticket ON ticket_timeline (ticket_id, id);
      CREATE TRIGGER ticket_timeline_append_only BEFORE UPDATE OR DELETE ON ticket_timeline
        FOR EACH ROW EXECUTE FUNCTION forbid_row_change();

      CREATE TABLE detected_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        ticket_id uuid REFERENCES tickets(id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN (${KINDS})),
        severity text NOT NULL CHECK (severity IN (${SEVERITIES})),
        dedupe_key text NOT NULL,
        summary text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        evidence jsonb NOT NULL DEFAULT '{}',
        restrictions jsonb NOT NULL DEFAULT '[]',
        source text NOT NULL DEFAULT 'api',
        created_by uuid,
        occurred_at timestamptz NOT NULL,
        detected_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_event_customer_detected ON detected_events (customer_id, detected_at DESC, id);
      CREATE INDEX idx_event_detected ON detected_events (detected_at DESC, id);
      CREATE INDEX idx_event_ticket ON detected_events (ticket_id);

      -- Evidence link; cdrs is partitioned, so no FK: (cdr_id, started_at) is its primary key.
      CREATE TABLE ticket_cdrs (
        ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT,
        cdr_id bigint NOT NULL,
        started_at timestamptz NOT NULL,
        CONSTRAINT pk_ticket_cdrs PRIMARY KEY (ticket_id, cdr_id)
      );
      CREATE INDEX idx_ticket_cdrs_started ON ticket_cdrs (ticket_id, started_at);

      CREATE TABLE restrictions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        -- Insertion order: several restrictions placed in one event share created_at.
        seq bigint GENERATED ALWAYS AS IDENTITY,
        ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT,
        customer_id uuid NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        kind text NOT NULL CHECK (kind IN (${RESTRICTION_KINDS})),
        value text NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','lifted')),
        created_by uuid,
        created_by_name text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        lifted_by uuid,
        lifted_by_name text,
        lifted_at timestamptz,
        CONSTRAINT chk_restriction_lifted CHECK ((status = 'lifted') = (lifted_at IS NOT NULL))
      );
      CREATE UNIQUE INDEX uq_restriction_active ON restrictions (ticket_id, kind, value) WHERE status = 'active';
      CREATE INDEX idx_restriction_ticket ON restrictions (ticket_id, seq);
      CREATE INDEX idx_restriction_active ON restrictions (kind) WHERE status = 'active';

      CREATE TABLE outbox (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        kind text NOT NULL,
        ticket_id uuid REFERENCES tickets(id) ON DELETE RESTRICT,
        payload jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done','failed','skipped')),
        attempts int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz
      );
      CREATE INDEX idx_outbox_due ON outbox (next_attempt_at, id) WHERE status = 'pending';
      CREATE INDEX idx_outbox_ticket ON outbox (ticket_id);

      CREATE TABLE checklist_templates (
        kind text PRIMARY KEY CHECK (kind IN (${KINDS})),
        items jsonb NOT NULL DEFAULT '[]',
        updated_by uuid,
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE ticket_checklist_items (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT,
        position int NOT NULL,
        item text NOT NULL,
        checked boolean NOT NULL DEFAULT false,
        finding text,
        checked_by uuid,
        checked_by_name text,
        checked_at timestamptz,
        CONSTRAINT uq_checklist_position UNIQUE (ticket_id, position)
      );

      CREATE TABLE ticket_attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets(id) ON DELETE RESTRICT,
        filename text NOT NULL,
        content_type text NOT NULL,
        size_bytes int NOT NULL,
        visibility text NOT NULL DEFAULT 'internal' CHECK (visibility IN ('internal','customer')),
        content bytea NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX idx_attachment_ticket ON ticket_attachments (ticket_id, created_at);
    `);
    for (const [kind, items] of Object.entries(TEMPLATES)) {
      await q.query(`INSERT INTO checklist_templates (kind, items) VALUES ($1, $2)`, [kind, JSON.stringify(items)]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE ticket_attachments, ticket_checklist_items, checklist_templates, outbox, restrictions,
        ticket_cdrs, detected_events, ticket_timeline, tickets;
    `);
  }
}
