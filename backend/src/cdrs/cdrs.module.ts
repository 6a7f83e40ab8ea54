import { Module } from '@nestjs/common';
import { CdrsController } from './cdrs.controller.js';
import { CdrsService } from './cdrs.service.js';
import { UsageService } from './usage/usage.service.js';

@Module({
  controllers: [CdrsController],
  providers: [CdrsService, UsageService],
  exports: [CdrsService, UsageService],
})
export class CdrsModule {}
