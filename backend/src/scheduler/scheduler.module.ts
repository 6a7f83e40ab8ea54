import { Global, Module } from '@nestjs/common';
import { Scheduler } from './scheduler.js';

/** Global: tickets, notifications, enforcement and the detectors all register timer kinds. */
@Global()
@Module({ providers: [Scheduler], exports: [Scheduler] })
export class SchedulerModule {}
