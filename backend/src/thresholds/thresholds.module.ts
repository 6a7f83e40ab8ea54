import { Module } from '@nestjs/common';
import { DetectionModule } from '../detection/detection.module.js';
import { ThresholdsController } from './thresholds.controller.js';
import { ThresholdsService } from './thresholds.service.js';

/** Threshold-increase requests and their approval into detection's seat and group overrides. */
@Module({
  imports: [DetectionModule],
  controllers: [ThresholdsController],
  providers: [ThresholdsService],
})
export class ThresholdsModule {}
