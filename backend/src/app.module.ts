import { type DynamicModule, Global, Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { existsSync } from 'node:fs';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { AuditService } from './common/audit.service.js';
import { ErrorFilter } from './common/error.filter.js';
import { APP_CONFIG, type AppConfig } from './config/config.js';
import { CustomerImportService } from './customers/customer-import.service.js';
import { CustomersController } from './customers/customers.controller.js';
import { CustomersService } from './customers/customers.service.js';
import { dataSourceOptions, ENTITIES } from './database/data-source.js';
import { HealthController } from './health/health.controller.js';
import { Session, User } from './users/user.entity.js';
import { UsersController } from './users/users.controller.js';
import { UsersService } from './users/users.service.js';

@Global()
@Module({})
class CoreModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: CoreModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, AuditService],
      exports: [APP_CONFIG, AuditService],
    };
  }
}

@Module({
  imports: [TypeOrmModule.forFeature([User, Session])],
  controllers: [AuthController, UsersController],
  providers: [AuthService, UsersService, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
class AuthModule {}

@Module({
  controllers: [CustomersController],
  providers: [CustomersService, CustomerImportService],
  exports: [CustomersService],
})
class CustomersModule {}

@Module({})
export class AppModule {
  static register(config: AppConfig, databaseUrl: string): DynamicModule {
    const serveUi = existsSync(config.frontendDist)
      ? [ServeStaticModule.forRoot({ rootPath: config.frontendDist, exclude: ['/api/{*path}'] })]
      : [];
    return {
      module: AppModule,
      imports: [
        CoreModule.register(config),
        TypeOrmModule.forRoot({ ...dataSourceOptions(databaseUrl), entities: ENTITIES }),
        AuthModule,
        CustomersModule,
        ...serveUi,
      ],
      controllers: [HealthController],
      providers: [
        {
          provide: APP_PIPE,
          useValue: new ValidationPipe({
            whitelist: true,
            forbidNonWhitelisted: true,
            transform: true,
            validationError: { target: false, value: false },
          }),
        },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
