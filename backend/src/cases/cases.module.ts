import { Module } from '@nestjs/common';
import { OncallModule } from '../oncall/oncall.module.js';
import { TicketsModule } from '../tickets/tickets.module.js';
import { AutoRestrictTimer } from './auto-restrict-timer.js';
import { CaseService } from './case.service.js';
import { CasesController } from './cases.controller.js';
import { EventQueriesService } from './event-queries.service.js';
import { TicketObservablesController } from './ticket-observables.controller.js';
import { TicketObservablesService } from './ticket-observables.service.js';

@Module({
  imports: [TicketsModule, OncallModule],
  controllers: [CasesController, TicketObservablesController],
  providers: [CaseService, EventQueriesService, AutoRestrictTimer, TicketObservablesService],
  exports: [CaseService],
})
export class CasesModule {}
