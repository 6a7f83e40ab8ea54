import { RestrictionExpiry } from './restriction-expiry.js';
import { Module } from '@nestjs/common';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OncallModule } from '../oncall/oncall.module.js';
import { CustomerReminders } from './customer-reminders.js';
import { EscalationPages } from './escalation-pages.js';
import { PageAckController } from './page-ack.controller.js';
import { PageTimeouts } from './page-timeouts.js';
import { RestrictionPreviewController } from './restriction-preview.controller.js';
import { RestrictionPreviewService } from './restriction-preview.js';
import { TicketAttachmentsController } from './ticket-attachments.controller.js';
import { TicketAttachmentsService } from './ticket-attachments.service.js';
import { TicketEvidenceService } from './ticket-evidence.service.js';
import { TicketIntakeService } from './ticket-intake.service.js';
import { TicketMail } from './ticket-mail.js';
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
  ],
  exports: [TicketQueriesService, TicketTransitionsService, TicketIntakeService],
})
export class TicketsModule {}
