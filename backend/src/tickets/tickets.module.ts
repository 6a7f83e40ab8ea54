import { RestrictionExpiry } from './restriction-expiry.js';
import { Module, type OnModuleInit } from '@nestjs/common';
import { MailAttachments } from '../notifications/mail-attachments.js';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OncallModule } from '../oncall/oncall.module.js';
import { CustomerReminders } from './customer-reminders.js';
import { EscalationPages } from './escalation-pages.js';
import { PageAckController } from './page-ack.controller.js';
import { PageTimeouts } from './page-timeouts.js';
import { ReviewLinks } from './review-links.js';
import { ReviewLinksController } from './review-links.controller.js';
import { RestrictionPreviewController } from './restriction-preview.controller.js';
import { RestrictionPreviewService } from './restriction-preview.js';
import { TicketAttachmentsController } from './ticket-attachments.controller.js';
import { TicketAttachmentsService } from './ticket-attachments.service.js';
import { SavedFiltersService } from './saved-filters.service.js';
import { TicketBulkService } from './ticket-bulk.service.js';
import { TicketEvidenceService } from './ticket-evidence.service.js';
import { TicketIntakeService } from './ticket-intake.service.js';
import { CASE_CALL_RECORDS, CASE_REPORT, TicketMail } from './ticket-mail.js';
import { TicketQueriesService } from './ticket-queries.service.js';
import { TicketStream } from './ticket-stream.js';
import { TicketTransitionsService } from './ticket-transitions.service.js';
import { TicketWorkService } from './ticket-work.service.js';
import { ChecklistTemplatesController, TicketsController } from './tickets.controller.js';

@Module({
  imports: [EnforcementModule, NotificationsModule, OncallModule],
  controllers: [
    TicketsController,
    TicketAttachmentsController,
    RestrictionPreviewController,
    ChecklistTemplatesController,
    PageAckController,
    ReviewLinksController,
  ],
  providers: [
    TicketQueriesService,
    TicketTransitionsService,
    TicketWorkService,
    TicketEvidenceService,
    TicketAttachmentsService,
    RestrictionPreviewService,
    TicketIntakeService,
    TicketMail,
    CustomerReminders,
    TicketStream,
    EscalationPages,
    PageTimeouts,
    RestrictionExpiry,
    ReviewLinks,
    SavedFiltersService,
    TicketBulkService,
  ],
  exports: [TicketQueriesService, TicketTransitionsService, TicketIntakeService],
})
export class TicketsModule implements OnModuleInit {
  constructor(
    private readonly attachments: MailAttachments,
    private readonly evidence: TicketEvidenceService,
  ) {}

  /** Customer mail attaches the case's evidence as the customer sees it in the portal, rendered at send time. */
  onModuleInit(): void {
    this.attachments.register(CASE_CALL_RECORDS, async (ticketId) => {
      const { filename, body } = await this.evidence.cdrsCsv(ticketId, null);
      return { filename, contentType: 'text/csv; charset=utf-8', content: Buffer.from(body, 'utf8') };
    });
    this.attachments.register(CASE_REPORT, async (ticketId) => {
      const { filename, body } = await this.evidence.customerReportPdf(ticketId);
      return { filename, contentType: 'application/pdf', content: body };
    });
  }
}
