import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module.js';
import { CaseService } from './case.service.js';
import { EventsController } from './events.controller.js';

@Module({
  imports: [TicketsModule],
  controllers: [EventsController],
  providers: [CaseService],
  exports: [CaseService],
})
export class EventsModule {}
