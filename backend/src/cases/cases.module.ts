import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module.js';
import { CaseService } from './case.service.js';
import { CasesController } from './cases.controller.js';

@Module({
  imports: [TicketsModule],
  controllers: [CasesController],
  providers: [CaseService],
  exports: [CaseService],
})
export class CasesModule {}
