import { RestrictionExpiry } from './restriction-expiry.js';
import { Module } from '@nestjs/common';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { CustomerReminders } from './customer-reminders.js';
import { TicketEvidenceService } from './ticket-evidence.service.js';
import { TicketIntakeService } from './ticket-intake.service.js';
import { TicketMail } from './ticket-mail.js';
import { TicketQueriesService } from './ticket-queries.service.js';
import { TicketTransitionsService } from './ticket-transitions.service.js';
import { TicketWorkService } from './ticket-work.service.js';
import { ChecklistTemplatesController, TicketsController } from './tickets.controller.js';

@Module({
  imports: [EnforcementModule, NotificationsModule],
  controllers: [TicketsController, ChecklistTemplatesController],
  providers: [
    TicketQueriesService,
    TicketTransitionsService,
    TicketWorkService,
    TicketEvidenceService,
    TicketIntakeService,
    TicketMail,
    CustomerReminders,
    RestrictionExpiry,
  ],
  exports: [TicketQueriesService, TicketTransitionsService, TicketIntakeService],
})
export class TicketsModule {}
