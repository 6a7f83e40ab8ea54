import 'reflect-metadata';
import { ConsoleLogger, type INestApplication, type LogLevel } from '@nestjs/common';
import { NestFactory, Reflector } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import bodyParser from 'body-parser';
import cookieParser from 'cookie-parser';
import type { RequestHandler } from 'express';
import type { RequestListener, Server } from 'node:http';
import { AppModule } from './app.module.js';
import type { Clock } from './common/clock.js';
import { isEnforcementBearer } from './auth/auth.guard.js';
import { AuthService } from './auth/auth.service.js';
import { ENFORCEMENT_TOKEN_OK } from './auth/principal.js';
import { refuseFormEncodedBodies } from './auth/same-origin.js';
import { InputValidationPipe, VALIDATION_OPTIONS } from './common/input-text.js';
import { fixedHeaders, noStore, securityHeaders } from './common/security-headers.js';
import { authorizeLane } from './enforcement/authorize-lane.js';
import { EnforcementController } from './enforcement/enforcement.controller.js';
import { EnforcementService } from './enforcement/enforcement.service.js';
import { ErrorBodySchema, withErrorResponses } from './common/error-body.js';
import { verifyJsonShape } from './common/json-shape.js';
import type { AppConfig } from './config/config.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(config: AppConfig): ConsoleLogger {
  return new ConsoleLogger({
    json: config.logFormat === 'json',
    colors: config.logFormat !== 'json' && process.stdout.isTTY,
    logLevels: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
  });
}

/**
 * The whole HTTP app, as main() runs it and as integration tests boot it. `preview` wires the modules
 * without creating providers (no database): enough for the OpenAPI document, never for serving.
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  clock?: Clock,
  opts: { preview?: boolean } = {},
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config, databaseUrl, clock), {
    bodyParser: false,
    logger: createLogger(config),
    preview: opts.preview,
  });
  if (config.trustProxy) {
    const tp = config.trustProxy;
    app.set('trust proxy', /^\d+$/.test(tp) ? Number(tp) : tp === 'true' ? true : tp);
  }
  app.disable('x-powered-by');
  app.use(securityHeaders(config));
  app.use('/api', noStore);
  app.use('/api', refuseFormEncodedBodies);
  // JSON only here; CSV and .eml uploads are streamed by their own handlers.
  // `verify` checks the body's shape before JSON.parse (Nest uses it only for `rawBody: true`, which we do not set).
  const json = bodyParser.json({ limit: config.maxJsonBody, verify: verifyJsonShape });
  app.use(json);
  app.use(cookieParser());
  app.setGlobalPrefix('api', { exclude: ['metrics'] });
  app.enableShutdownHooks();

  SwaggerModule.setup('api/docs', app, () => apiDocument(app), {
    jsonDocumentUrl: 'api/docs-json',
  });
  if (!opts.preview) installAuthorizeLane(app, config, json);
  return app;
}

/**
 * The switch's authorize call is answered in front of Express (`enforcement/authorize-lane.ts`), with the parts
 * Express runs for it here. Only while the route still accepts the enforcement token: the lane answers no one else.
 */
function installAuthorizeLane(app: INestApplication, config: AppConfig, json: RequestHandler): void {
  const handler = EnforcementController.prototype.authorize;
  const reflector = app.get(Reflector);
  if (!reflector.getAllAndOverride<boolean>(ENFORCEMENT_TOKEN_OK, [handler, EnforcementController])) return;
  const server = app.getHttpServer() as Server;
  const [express, ...others] = server.listeners('request') as RequestListener[];
  if (!express || others.length) throw new Error('the HTTP server should have exactly one request listener: Express');
  const auth = app.get(AuthService);
  server.removeListener('request', express);
  server.on(
    'request',
    authorizeLane({
      app: express,
      enforcement: app.get(EnforcementService),
      isSwitch: (req) => isEnforcementBearer(req, auth),
      before: [refuseFormEncodedBodies as RequestHandler],
      json,
      pipe: new InputValidationPipe(VALIDATION_OPTIONS),
      headers: fixedHeaders(securityHeaders(config), noStore),
    }),
  );
}

/** The OpenAPI document: served at /api/docs-json, and the source of the web app's API types (`npm run contracts`). */
export function apiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Tollgate API')
    .setDescription('NOC ticketing and telecom-fraud case management')
    .setVersion('0.1.0')
    .addBearerAuth()
    .addCookieAuth('tollgate_session')
    .build();
  // Every operation's error answers are the filter's ErrorBody, with `code` listing every code.
  return withErrorResponses(SwaggerModule.createDocument(app, doc, { extraModels: [ErrorBodySchema] }));
}
