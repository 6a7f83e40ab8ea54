import { Module } from '@nestjs/common';
import { OnCallController } from './oncall.controller.js';
import { OnCallService } from './oncall.service.js';
import { OnCallPager } from './pager.js';

/** The voice-engineering rota, business hours and escalation policy; who a page reaches. */
@Module({
  controllers: [OnCallController],
  providers: [OnCallService, OnCallPager],
  exports: [OnCallService, OnCallPager],
})
export class OncallModule {}
