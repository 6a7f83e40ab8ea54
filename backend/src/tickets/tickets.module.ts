import { RestrictionExpiry } from './restriction-expiry.js';
import { Module } from '@nestjs/common';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { OncallModule } from '../oncall/oncall.module.js';
import { CustomerReminders } from './customer-reminders.js';
import { EscalationPages } from './escalation-pages.js';
import { PageAckController } from './page-ack.controller.js';
import { PageTimeouts } from './page-timeouts.js';
import { SavedFiltersService } from './saved-filters.service.js';
import { TicketBulkService } from './ticket-bulk.service.js';
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
  controllers: [TicketsController, ChecklistTemplatesController, PageAckController],
  providers: [
    TicketQueriesService,
    TicketTransitionsService,
    TicketWorkService,
    TicketEvidenceService,
    TicketIntakeService,
    TicketMail,
    CustomerReminders,
    TicketStream,
    EscalationPages,
    PageTimeouts,
    RestrictionExpiry,
    SavedFiltersService,
    TicketBulkService,
  ],
  exports: [TicketQueriesService, TicketTransitionsService, TicketIntakeService],
})
export class TicketsModule {}
