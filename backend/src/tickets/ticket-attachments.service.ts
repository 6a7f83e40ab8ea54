import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError, forbidden, notFound } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { AttachmentErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { attachmentFile, attachmentsOf, insertAttachment, type TicketAttachment } from './attachment-rows.js';
import { judgeFile, safeFilename } from './attachment-file.js';
import type { UploadedFile } from './attachment-upload.js';
import { actorOf, loadTicket, noteStaffAction, touchTicket } from './ticket-rows.js';
import { writeTimeline } from './timeline-rows.js';

/** A case's files: evidence the NOC and the customer hand each other. */
@Injectable()
export class TicketAttachmentsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get maxBytes(): number {
    return this.config.attachmentMaxBytes;
  }

  async list(id: string, p: Principal) {
    await loadTicket(this.db.manager, id, p);
    const items = await attachmentsOf(this.db, id, p.role === 'customer');
    return { items, nextCursor: null };
  }

  /** 404 before the body is read: a customer learns nothing of another customer's case, and sends nothing to it. */
  async assertVisible(id: string, p: Principal): Promise<void> {
    await loadTicket(this.db.manager, id, p);
  }

  /**
   * Stores the file with a safe name and the type its bytes prove, and says so on the timeline, as visible as the
   * file: a customer's files are always the customer's to see; the NOC chooses (customer-visible by default).
   */
  async upload(id: string, file: UploadedFile, p: Principal): Promise<TicketAttachment> {
    const visibility = file.visibility ?? 'customer';
    if (visibility !== 'customer' && visibility !== 'internal') {
      throw new AppError(AttachmentErrorCode.UploadInvalid, 'visibility: must be "customer" or "internal"');
    }
    if (p.role === 'customer' && visibility === 'internal') {
      throw forbidden('A customer\u2019s files are visible to the customer', AttachmentErrorCode.VisibilityForbidden);
    }
    const filename = safeFilename(file.filename);
    const judged = judgeFile(filename, file.content);
    if (!judged.ok) throw new AppError(AttachmentErrorCode.TypeRefused, `file: ${judged.reason}`);
    const actor = actorOf(p);
    const now = this.clock.now();
    const attachmentId = await this.db.transaction(async (m) => {
      await loadTicket(m, id, p, { lock: true });
      const created = await insertAttachment(m, {
        ticketId: id,
        filename,
        contentType: judged.contentType,
        content: file.content,
        visibility,
        createdBy: p.id,
        at: now,
      });
      await writeTimeline(m, {
        ticketId: id,
        actor,
        type: 'attachment_added',
        payload: { attachmentId: created, filename, contentType: judged.contentType, sizeBytes: file.content.length },
        visibility,
        at: now,
      });
      await touchTicket(m, id, now);
      await noteStaffAction(m, id, actor, now);
      return created;
    });
    const { content: _content, ...stored } = (await attachmentFile(this.db, id, attachmentId, false))!;
    return stored;
  }

  /** The file's bytes; a customer asking for an internal file hears it does not exist. */
  async download(id: string, attachmentId: string, p: Principal) {
    await loadTicket(this.db.manager, id, p);
    const file = await attachmentFile(this.db, id, attachmentId, p.role === 'customer');
    if (!file) throw notFound('Attachment', AttachmentErrorCode.NotFound);
    return file;
  }
}
