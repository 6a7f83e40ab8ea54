import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { CdrsModule } from '../cdrs/cdrs.module.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';
import { DetectionEngine } from './detection-engine.js';

/** Detection rules and the detectors that run them on imported CDRs (docs/design.md §Detection). */
@Module({
  imports: [CasesModule, CdrsModule],
  controllers: [RulesController],
  providers: [RulesService, DetectionEngine],
})
export class DetectionModule {}
