import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module.js';
import { CaseService } from './case.service.js';
import { CasesController } from './cases.controller.js';
import { EventQueriesService } from './event-queries.service.js';

@Module({
  imports: [TicketsModule],
  controllers: [CasesController],
  providers: [CaseService, EventQueriesService],
  exports: [CaseService],
})
export class CasesModule {}
