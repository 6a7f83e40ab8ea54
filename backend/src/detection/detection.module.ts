import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { CdrsModule } from '../cdrs/cdrs.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AlertMail } from './alert-mail.js';
import { AlertsService } from './alerts.service.js';
import { BaselineDetector } from './baseline.detector.js';
import { AlertsController, DetectionSettingsController } from './detection-settings.controller.js';
import { DetectionSettingsService } from './detection-settings.service.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';
import { DetectionEngine } from './detection-engine.js';

/** Detection rules, the detectors that run them, and each customer's detection and alert settings (docs/design.md §Detection). */
@Module({
  imports: [CasesModule, CdrsModule, NotificationsModule],
  controllers: [RulesController, DetectionSettingsController, AlertsController],
  providers: [RulesService, DetectionEngine, BaselineDetector, DetectionSettingsService, AlertsService, AlertMail],
})
export class DetectionModule {}
