import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { badInput, forbidden, notFound } from '../common/app-error.js';
import { TicketErrorCode } from '../common/error-codes.js';
import { AuditService } from '../common/audit.service.js';
import { Clock } from '../common/clock.js';
import { OutboxQueue } from '../notifications/outbox-queue.js';
import { EVENT_KINDS, type EventKind } from './case-kinds.js';
import { checklistTemplate, checklistTemplates, saveChecklistTemplate, updateChecklistItem } from './checklist-rows.js';
import { TicketMail, type TicketMailIntent } from './ticket-mail.js';
import { activeStaffMember } from '../users/staff-mail.js';
import { actorOf, loadTicket, noteStaffAction, setOwner, touchTicket, writeEditedSummary } from './ticket-rows.js';
import { writeTimeline } from './timeline-rows.js';
import type { AssignDto, ChecklistItemPatchDto, NoteDto } from './tickets.dto.js';

/** Who may own a case: the people who work it. */
const OWNER_ROLES = ['technician', 'engineer', 'admin'];

/** The investigation around a case: notes, the client summary, the checklist (files: ticket-attachments.service). */
@Injectable()
export class TicketWorkService {
  constructor(
    private readonly db: DataSource,
    private readonly outbox: OutboxQueue,
    private readonly mail: TicketMail,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /**
   * Takes, assigns or releases a case (`userId` null). An internal timeline entry records it, and taking a case is
   * the NOC's first action on it (its time to acknowledge ends). Assigning the current owner again changes nothing.
   */
  async assign(id: string, dto: AssignDto, p: Principal): Promise<void> {
    const actor = actorOf(p);
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      const ticket = await loadTicket(m, id, p, { lock: true });
      const owner = dto.userId === null ? null : await activeStaffMember(m, dto.userId);
      if (owner === undefined || (owner && !OWNER_ROLES.includes(owner.role))) {
        throw badInput('userId: not an active technician, engineer or admin', TicketErrorCode.OwnerInvalid);
      }
      if ((owner?.id ?? null) === ticket.owner_id) return;
      await setOwner(m, id, owner?.id ?? null, now);
      await writeTimeline(m, {
        ticketId: id,
        actor,
        type: owner ? 'assigned' : 'released',
        payload: owner
          ? { ownerId: owner.id, ownerName: owner.name, previousOwnerId: ticket.owner_id }
          : { previousOwnerId: ticket.owner_id },
        visibility: 'internal',
        at: now,
      });
      await noteStaffAction(m, id, actor, now);
    });
  }

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
    const now = this.clock.now();
    const entry = await this.db.transaction(async (m) => {
      await loadTicket(m, id, p);
      const written = await writeTimeline(m, {
        ticketId: id,
        actor,
        type: 'note',
        payload: { body: dto.body },
        visibility: dto.visibility,
        at: now,
      });
      await touchTicket(m, id, now);
      await noteStaffAction(m, id, actor, now);
      await this.mail.enqueue(m, id, mail);
      return written;
    });
    if (mail.length) this.outbox.kick();
    return entry;
  }

  async setClientSummary(id: string, clientSummary: string, p: Principal): Promise<void> {
    const actor = actorOf(p);
    const now = this.clock.now();
    await this.db.transaction(async (m) => {
      await loadTicket(m, id, p, { lock: true });
      await writeEditedSummary(m, id, clientSummary, now);
      await writeTimeline(m, {
        ticketId: id,
        actor,
        type: 'client_summary_edited',
        payload: { clientSummary },
        visibility: 'internal',
        at: now,
      });
      await noteStaffAction(m, id, actor, now);
    });
  }

  async updateChecklistItem(id: string, itemId: string, dto: ChecklistItemPatchDto, p: Principal) {
    const actor = actorOf(p);
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      await loadTicket(m, id, p);
      const item = await updateChecklistItem(m, id, itemId, dto, actor, now);
      if (!item) throw notFound('Checklist item', TicketErrorCode.ChecklistItemNotFound);
      await writeTimeline(m, {
        ticketId: id,
        actor,
        type: 'checklist',
        payload: { itemId, item: item.item, checked: item.checked, finding: item.finding },
        visibility: 'internal',
        at: now,
      });
      await noteStaffAction(m, id, actor, now);
      return item;
    });
  }

  async checklistTemplates() {
    const rows = await checklistTemplates(this.db);
    return { items: rows, nextCursor: null };
  }

  async checklistTemplate(kind: string) {
    if (!(EVENT_KINDS as readonly string[]).includes(kind))
      throw notFound('Checklist template', TicketErrorCode.ChecklistTemplateNotFound);
    const row = await checklistTemplate(this.db, kind as EventKind);
    return row ?? { kind: kind as EventKind, items: [], updatedAt: null };
  }

  /** Applies to tickets opened from now on; open tickets keep the checklist they started with. */
  async putChecklistTemplate(kind: string, items: string[], p: Principal) {
    if (!(EVENT_KINDS as readonly string[]).includes(kind))
      throw notFound('Checklist template', TicketErrorCode.ChecklistTemplateNotFound);
    const trimmed = items.map((i) => i.trim());
    await this.db.transaction(async (m) => {
      await saveChecklistTemplate(m, kind as EventKind, trimmed, p.id);
      await this.audit.record(p, 'checklist_template.updated', 'checklist_template', kind, { items: trimmed }, m);
    });
    return this.checklistTemplate(kind);
  }
}
