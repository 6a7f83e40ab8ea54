import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { BlacklistModule } from '../blacklist/blacklist.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { CdrsModule } from '../cdrs/cdrs.module.js';
import { BruteForceDetector } from './brute-force.detector.js';
import { RulesController } from './rules.controller.js';
import { RulesService } from './rules.service.js';
import { SipAuthFailuresController } from './sip-auth-failures.controller.js';
import { SipAuthFailuresService } from './sip-auth-failures.service.js';
import { ThresholdDetector } from './threshold.detector.js';

/**
 * Detection rules and the detectors that run them: threshold rules on imported CDRs, brute-force rules on
 * failed SIP registrations and portal logins (issue #9).
 */
@Module({
  imports: [AuthModule, BlacklistModule, CasesModule, CdrsModule],
  controllers: [RulesController, SipAuthFailuresController],
  providers: [RulesService, ThresholdDetector, BruteForceDetector, SipAuthFailuresService],
})
export class DetectionModule {}
