// The `checklist_templates` and `ticket_checklist_items` tables: a kind's investigation checklist,
// copied onto each ticket it opens.
import { returnedRows, type Sql } from '../common/sql.js';
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

/** One item of a ticket's checklist, as the NOC works it. */
export interface ChecklistItem {
  id: string;
  position: number;
  item: string;
  checked: boolean;
  finding: string | null;
  checkedBy: string | null;
  checkedAt: Date | null;
}

const ITEM_COLUMNS = `id, position, item, checked, finding, checked_by_name AS "checkedBy", checked_at AS "checkedAt"`;

export function checklistOf(m: Sql, ticketId: string): Promise<ChecklistItem[]> {
  return m.query(`SELECT ${ITEM_COLUMNS} FROM ticket_checklist_items WHERE ticket_id = $1 ORDER BY position`, [
    ticketId,
  ]);
}

/** What a technician changes on an item: `finding` undefined keeps it, null or blank clears it. */
export interface ChecklistPatch {
  checked?: boolean;
  finding?: string | null;
}

/** Ticks or annotates one item of the ticket; undefined when the ticket has no such item. */
export async function updateChecklistItem(
  m: Sql,
  ticketId: string,
  itemId: string,
  patch: ChecklistPatch,
  by: { id: string | null; name: string },
  at: Date,
): Promise<ChecklistItem | undefined> {
  const [item] = returnedRows<ChecklistItem>(
    await m.query(
      `UPDATE ticket_checklist_items
          SET checked = coalesce($3, checked), finding = CASE WHEN $4::boolean THEN $5 ELSE finding END,
              checked_by = $6, checked_by_name = $7, checked_at = $8
        WHERE id = $2 AND ticket_id = $1
        RETURNING ${ITEM_COLUMNS}`,
      [
        ticketId,
        itemId,
        patch.checked ?? null,
        patch.finding !== undefined,
        patch.finding?.trim() || null,
        by.id,
        by.name,
        at,
      ],
    ),
  );
  return item;
}

export interface ChecklistTemplate {
  kind: EventKind;
  items: string[];
  updatedAt: Date | null;
}

export function checklistTemplates(m: Sql): Promise<ChecklistTemplate[]> {
  return m.query(`SELECT kind, items, updated_at AS "updatedAt" FROM checklist_templates ORDER BY kind`);
}

export async function checklistTemplate(m: Sql, kind: EventKind): Promise<ChecklistTemplate | undefined> {
  const [row] = await m.query(
    `SELECT kind, items, updated_at AS "updatedAt" FROM checklist_templates WHERE kind = $1`,
    [kind],
  );
  return row;
}

export async function saveChecklistTemplate(m: Sql, kind: EventKind, items: string[], by: string): Promise<void> {
  await m.query(
    `INSERT INTO checklist_templates (kind, items, updated_by, updated_at) VALUES ($1, $2, $3, now())
     ON CONFLICT (kind) DO UPDATE SET items = EXCLUDED.items, updated_by = EXCLUDED.updated_by, updated_at = now()`,
    [kind, JSON.stringify(items), by],
  );
}
