import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { forbidden, notFound } from '../common/app-error.js';
import { TicketErrorCode } from '../common/error-codes.js';
import { AuditService } from '../common/audit.service.js';
import { OutboxQueue } from '../notifications/outbox-queue.js';
import { EVENT_KINDS } from './case-kinds.js';
import { TicketMail, type TicketMailIntent } from './ticket-mail.js';
import { actorOf, loadTicket, noteStaffAction, returnedRows, writeTimeline } from './ticket-rows.js';
import type { ChecklistItemPatchDto, NoteDto } from './tickets.dto.js';

/** The investigation around a case: notes, the client summary, the checklist, attachments. */
@Injectable()
export class TicketWorkService {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxQueue,
    private readonly mail: TicketMail,
    private readonly audit: AuditService,
  ) {}

  /**
   * Customers may write customer-visible notes on their own tickets (their side of the
   * conversation); the NOC is told by mail. A staff note the customer can see is mailed to them.
   */
  async addNote(id: string, dto: NoteDto, p: Principal) {
    if (p.role === 'customer' && dto.visibility !== 'customer') {
      throw forbidden('Customers can only add notes visible to the customer', TicketErrorCode.NoteVisibilityForbidden);
    }
    const actor = actorOf(p);
    const mail: TicketMailIntent[] = [];
    if (dto.visibility === 'customer') {
      mail.push(
        p.role === 'customer'
          ? { kind: 'technician_mail', reason: 'customer_note', message: dto.body }
          : { kind: 'customer_mail', template: 'note', message: dto.body },
      );
    }
    const entry = await this.db.transaction(async (m) => {
      await loadTicket(m, id, p);
      const written = await writeTimeline(m, {
        ticketId: id,
        actor,
        type: 'note',
        payload: { body: dto.body },
        visibility: dto.visibility,
      });
      await m.query(`UPDATE tickets SET updated_at = now() WHERE id = $1`, [id]);
      await noteStaffAction(m, id, actor);
      await this.mail.enqueue(m, id, mail);
      return written;
    });
    if (mail.length) this.outbox.kick();
    return entry;
  }

  async setClientSummary(id: string, clientSummary: string, p: Principal): Promise<void> {
    const actor = actorOf(p);
    await this.db.transaction(async (m) => {
      await loadTicket(m, id, p, { lock: true });
      await m.query(
        `UPDATE tickets SET client_summary = $2, client_summary_edited = true, updated_at = now() WHERE id = $1`,
        [id, clientSummary],
      );
      await writeTimeline(m, {
        ticketId: id,
        actor,
        type: 'client_summary_edited',
        payload: { clientSummary },
        visibility: 'internal',
      });
      await noteStaffAction(m, id, actor);
    });
  }

  async updateChecklistItem(id: string, itemId: string, dto: ChecklistItemPatchDto, p: Principal) {
    const actor = actorOf(p);
    return this.db.transaction(async (m) => {
      await loadTicket(m, id, p);
      const [item] = returnedRows(
        await m.query(
          `UPDATE ticket_checklist_items
              SET checked = coalesce($3, checked), finding = CASE WHEN $4::boolean THEN $5 ELSE finding END,
                  checked_by = $6, checked_by_name = $7, checked_at = now()
            WHERE id = $2 AND ticket_id = $1
            RETURNING id, position, item, checked, finding, checked_by_name AS "checkedBy", checked_at AS "checkedAt"`,
          [
            id,
            itemId,
            dto.checked ?? null,
            dto.finding !== undefined,
            dto.finding?.trim() || null,
            actor.id,
            actor.name,
          ],
        ),
      );
      if (!item) throw notFound('Checklist item', TicketErrorCode.ChecklistItemNotFound);
      await writeTimeline(m, {
        ticketId: id,
        actor,
        type: 'checklist',
        payload: { itemId, item: item.item, checked: item.checked, finding: item.finding },
        visibility: 'internal',
      });
      await noteStaffAction(m, id, actor);
      return item;
    });
  }

  async attachments(id: string, p: Principal) {
    await loadTicket(this.db.manager, id, p);
    const items = await this.db.query(
      `SELECT id, filename, content_type AS "contentType", size_bytes AS "sizeBytes", visibility, created_at AS "createdAt"
         FROM ticket_attachments
        WHERE ticket_id = $1 AND ($2::boolean IS FALSE OR visibility = 'customer')
        ORDER BY created_at, id`,
      [id, p.role === 'customer'],
    );
    return { items, nextCursor: null };
  }

  async checklistTemplates() {
    const rows = await this.db.query(
      `SELECT kind, items, updated_at AS "updatedAt" FROM checklist_templates ORDER BY kind`,
    );
    return { items: rows, nextCursor: null };
  }

  async checklistTemplate(kind: string) {
    if (!(EVENT_KINDS as readonly string[]).includes(kind))
      throw notFound('Checklist template', TicketErrorCode.ChecklistTemplateNotFound);
    const [row] = await this.db.query(
      `SELECT kind, items, updated_at AS "updatedAt" FROM checklist_templates WHERE kind = $1`,
      [kind],
    );
    return row ?? { kind, items: [], updatedAt: null };
  }

  /** Applies to tickets opened from now on; open tickets keep the checklist they started with. */
  async putChecklistTemplate(kind: string, items: string[], p: Principal) {
    if (!(EVENT_KINDS as readonly string[]).includes(kind))
      throw notFound('Checklist template', TicketErrorCode.ChecklistTemplateNotFound);
    const trimmed = items.map((i) => i.trim());
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO checklist_templates (kind, items, updated_by, updated_at) VALUES ($1, $2, $3, now())
         ON CONFLICT (kind) DO UPDATE SET items = EXCLUDED.items, updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [kind, JSON.stringify(trimmed), p.id],
      );
      await this.audit.record(p, 'checklist_template.updated', 'checklist_template', kind, { items: trimmed }, m);
    });
    return this.checklistTemplate(kind);
  }
}
