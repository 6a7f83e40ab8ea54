import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case's owner (the technician who took it), and a notification on every change of a case: PostgreSQL sends
 * it on `ticket_changes` when the writing transaction commits (never for one that rolls back), so the live queue
 * of every instance hears about changes made by any of them. The payload names the case and its customer (the
 * stream's scoping), whether the case is new, its severity, and whether the change is internal (an internal
 * note or timeline entry: staff only).
 */
export class AddedTicketOwners1764740000000 implements MigrationInterface {
  name = 'AddedTicketOwners1764740000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tickets ADD COLUMN owner_id uuid REFERENCES users(id) ON DELETE SET NULL;
      CREATE INDEX idx_tickets_open_owner ON tickets (owner_id) WHERE closed_at IS NULL;

      CREATE FUNCTION notify_ticket_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_TABLE_NAME = 'tickets' THEN
          PERFORM pg_notify('ticket_changes', json_build_object(
            'ticketId', NEW.id, 'customerId', NEW.customer_id, 'created', TG_OP = 'INSERT',
            'severity', NEW.severity,
            -- Nothing a customer sees changed (an owner, a clock, the NOC's checklist): staff only.
            'internal', TG_OP = 'UPDATE'
              AND (NEW.state, NEW.severity, NEW.title, NEW.client_summary, NEW.event_count, NEW.exposure_calls,
                   NEW.exposure_cost, NEW.closed_at)
                  IS NOT DISTINCT FROM (OLD.state, OLD.severity, OLD.title, OLD.client_summary, OLD.event_count,
                   OLD.exposure_calls, OLD.exposure_cost, OLD.closed_at))::text);
        ELSE
          PERFORM pg_notify('ticket_changes', json_build_object(
            'ticketId', t.id, 'customerId', t.customer_id, 'created', false,
            'severity', t.severity, 'internal', NEW.visibility <> 'customer')::text)
             FROM tickets t WHERE t.id = NEW.ticket_id;
        END IF;
        RETURN NULL;
      END $$;
      CREATE TRIGGER tickets_notify_change AFTER INSERT OR UPDATE ON tickets
        FOR EACH ROW EXECUTE FUNCTION notify_ticket_change();
      CREATE TRIGGER ticket_timeline_notify_change AFTER INSERT ON ticket_timeline
        FOR EACH ROW EXECUTE FUNCTION notify_ticket_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TRIGGER ticket_timeline_notify_change ON ticket_timeline;
      DROP TRIGGER tickets_notify_change ON tickets;
      DROP FUNCTION notify_ticket_change();
      DROP INDEX idx_tickets_open_owner;
      ALTER TABLE tickets DROP COLUMN owner_id;
    `);
  }
}
