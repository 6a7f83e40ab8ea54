import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { AlertIntakeModule } from './alert-intake/alert-intake.module.js';
import { AuthModule } from './auth/auth.module.js';
import { BlacklistModule } from './blacklist/blacklist.module.js';
import { CasesModule } from './cases/cases.module.js';
import { AuditService } from './common/audit.service.js';
import { Clock, SystemClock } from './common/clock.js';
import { ErrorFilter } from './common/error.filter.js';
import { InputValidationPipe, VALIDATION_OPTIONS } from './common/input-text.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { CdrsModule } from './cdrs/cdrs.module.js';
import { CustomersModule } from './customers/customers.module.js';
import { DetectionModule } from './detection/detection.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { EnforcementModule } from './enforcement/enforcement.module.js';
import { HealthController } from './health/health.controller.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OncallModule } from './oncall/oncall.module.js';
import { SchedulerModule } from './scheduler/scheduler.module.js';
import { ThresholdsModule } from './thresholds/thresholds.module.js';
import { TicketsModule } from './tickets/tickets.module.js';
import { UsersModule } from './users/users.module.js';

@Global()
@Module({})
class CoreModule {
  static register(config: AppConfig, clock: Clock): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, { provide: Clock, useValue: clock }, AuditService],
      exports: [APP_CONFIG, Clock, AuditService],
    };
  }
}

/** Feature modules, one per folder. */
const FEATURES = [
  SchedulerModule,
  AuthModule,
  UsersModule,
  CustomersModule,
  CdrsModule,
  NotificationsModule,
  OncallModule,
  EnforcementModule,
  TicketsModule,
  CasesModule,
  BlacklistModule,
  DetectionModule,
  ThresholdsModule,
  MetricsModule,
  AlertIntakeModule,
];

@Module({})
export class AppModule {
  static register(config: AppConfig, databaseUrl: string, clock: Clock = new SystemClock()): DynamicModule {
    const serveUi = existsSync(config.frontendDist)
      ? [ServeStaticModule.forRoot({ rootPath: config.frontendDist, exclude: ['/api/{*path}'] })]
      : [];
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config, clock),
        TypeOrmModule.forRoot(dataSourceOptions(databaseUrl)),
        ...FEATURES,
        ...serveUi,
      ],
      controllers: [HealthController],
      providers: [
        {
          provide: APP_PIPE,
          useValue: new InputValidationPipe(VALIDATION_OPTIONS),
        },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
