import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BlacklistModule } from '../blacklist/blacklist.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { CdrsModule } from '../cdrs/cdrs.module.js';
import { EnforcementModule } from '../enforcement/enforcement.module.js';
import { NotificationsModule } from '../notifications/notifications.module.js';
import { AlertMail } from './alert-mail.js';
import { AlertsService } from './alerts.service.js';
import { BaselineDetector } from './baseline.detector.js';
import { BruteForceDetector } from './brute-force.detector.js';
import { ThresholdOverrides } from './threshold-overrides.js';
import { DetectionEngine } from './detection-engine.js';
import { AlertsController, DetectionSettingsController } from './detection-settings.controller.js';
import { DetectionSettingsService } from './detection-settings.service.js';
import { RealtimeService } from './live/realtime.service.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';
import { SipAuthFailuresController } from './sip-auth-failures.controller.js';
import { SipAuthFailuresService } from './sip-auth-failures.service.js';

/**
 * Detection rules and the detectors that run them (docs/design.md §Detection): CDR detectors on import batches,
 * baselines on a timer, brute force on failed SIP registrations and portal logins; each customer's detection and
 * alert settings; the same rules on live counters of the attempts authorize sees (live/).
 */
@Module({
  imports: [AuthModule, BlacklistModule, CasesModule, CdrsModule, EnforcementModule, NotificationsModule],
  controllers: [RulesController, DetectionSettingsController, AlertsController, SipAuthFailuresController],
  providers: [
    RulesService,
    DetectionEngine,
    BaselineDetector,
    BruteForceDetector,
    DetectionSettingsService,
    AlertsService,
    AlertMail,
    SipAuthFailuresService,
    ThresholdOverrides,
    RealtimeService,
  ],
  exports: [ThresholdOverrides],
})
export class DetectionModule {}
