import { Module } from '@nestjs/common';
import { EnforcementController } from './enforcement.controller.js';
import { EnforcementService } from './enforcement.service.js';

@Module({
  controllers: [EnforcementController],
  providers: [EnforcementService],
  exports: [EnforcementService],
})
export class EnforcementModule {}
