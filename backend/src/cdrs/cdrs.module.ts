import { Module } from '@nestjs/common';
import { CdrsController } from './cdrs.controller.js';
import { CdrsService } from './cdrs.service.js';
import { CdrBatchObservers } from './import/batch-observers.js';
import { UsageService } from './usage/usage.service.js';
import { ImportProfilesController } from './profiles/import-profiles.controller.js';
import { ImportProfilesService } from './profiles/import-profiles.service.js';

@Module({
  controllers: [CdrsController, ImportProfilesController],
  providers: [CdrsService, UsageService, CdrBatchObservers, ImportProfilesService],
  exports: [CdrsService, UsageService, CdrBatchObservers],
})
export class CdrsModule {}
