import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { CdrsModule } from '../cdrs/cdrs.module.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';
import { ThresholdDetector } from './threshold.detector.js';

/** Detection rules and the detectors that run them on imported CDRs (issue #9: threshold rules so far). */
@Module({
  imports: [CasesModule, CdrsModule],
  controllers: [RulesController],
  providers: [RulesService, ThresholdDetector],
})
export class DetectionModule {}
