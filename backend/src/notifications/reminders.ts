import type { DataSource } from 'typeorm';
import { returnedRows } from '../tickets/ticket-rows.js';
import type { RestrictionSpec } from '../tickets/ticket-machine.types.js';
import { enqueueOutbox } from './outbox.js';

/**
 * Tickets `restricted` for `hours` without a customer review (and not reminded within `hours`)
 * get one reminder mail. Rows are claimed with SKIP LOCKED so two instances never both remind.
 */
export async function sweepCustomerReminders(db: DataSource, hours: number): Promise<number> {
  return db.transaction(async (m) => {
    const due = returnedRows<{ id: string; restrictions: RestrictionSpec[] }>(
      await m.query(
        `WITH due AS (
         SELECT id FROM tickets
          WHERE state = 'restricted' AND waiting_since IS NOT NULL
            AND greatest(waiting_since, coalesce(reminded_at, waiting_since)) <= now() - make_interval(hours => $1)
          FOR UPDATE SKIP LOCKED)
       UPDATE tickets t SET reminded_at = now() FROM due WHERE t.id = due.id
       RETURNING t.id,
         (SELECT coalesce(jsonb_agg(jsonb_build_object('kind', r.kind, 'value', r.value) ORDER BY r.seq), '[]')
            FROM restrictions r WHERE r.ticket_id = t.id AND r.status = 'active') AS restrictions`,
        [hours],
      ),
    );
    if (!due.length) return 0;
    await enqueueOutbox(
      m,
      due.map((t) => ({
        kind: 'customer_mail' as const,
        ticketId: t.id,
        payload: { template: 'reminder' as const, restrictions: t.restrictions },
      })),
    );
    await m.query(
      `INSERT INTO ticket_timeline (ticket_id, actor_role, actor_name, type, payload, visibility)
       SELECT unnest($1::uuid[]), 'system', 'Tollgate', 'customer_reminded', $2, 'internal'`,
      [due.map((t) => t.id), JSON.stringify({ afterHours: hours })],
    );
    return due.length;
  });
}
