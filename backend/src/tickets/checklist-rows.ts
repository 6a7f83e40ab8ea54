// The `checklist_templates` and `ticket_checklist_items` tables: a kind's investigation checklist,
// copied onto each ticket it opens.
import type { Sql } from '../common/sql.js';
import type { EventKind } from './case-kinds.js';

/** Copies the kind's template onto a new ticket; open tickets keep the checklist they started with. */
export async function startChecklist(m: Sql, ticketId: string, kind: EventKind): Promise<void> {
  await m.query(
    `INSERT INTO ticket_checklist_items (ticket_id, position, item)
     SELECT $1, x.ord, x.item FROM checklist_templates, jsonb_array_elements_text(items) WITH ORDINALITY AS x(item, ord)
      WHERE kind = $2`,
    [ticketId, kind],
  );
}
