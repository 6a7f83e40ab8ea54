import { Module } from '@nestjs/common';
import { CdrsController } from './cdrs.controller.js';
import { CdrsService } from './cdrs.service.js';
import { CdrBatchObservers } from './import/batch-observers.js';
import { UsageService } from './usage/usage.service.js';

@Module({
  controllers: [CdrsController],
  providers: [CdrsService, UsageService, CdrBatchObservers],
  exports: [CdrsService, UsageService, CdrBatchObservers],
})
export class CdrsModule {}
