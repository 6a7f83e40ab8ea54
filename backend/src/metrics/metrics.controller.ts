import { Controller, Get, Header, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Inject } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { Public, Roles } from '../auth/principal.js';
import { AppError } from '../common/app-error.js';
import { AuthErrorCode, CommonErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { STAFF } from '../users/user.entity.js';
import { CaseMetricsQuery } from './metrics.dto.js';
import { CaseMetricsView } from './metrics.responses.js';
import { MetricsService } from './metrics.service.js';
import { Prometheus } from './prometheus.js';

@ApiTags('metrics')
@Controller('metrics/cases')
export class CaseMetricsController {
  constructor(private readonly metrics: MetricsService) {}

  /** Everyone on staff reads the figures (managers read everything and change nothing). */
  @Roles(...STAFF)
  @Get()
  @ApiOkResponse({ type: CaseMetricsView })
  cases(@Query() q: CaseMetricsQuery): Promise<CaseMetricsView> {
    return this.metrics.cases(q);
  }
}

@ApiTags('metrics')
@Controller('metrics')
export class CaseMetricsCsvController {
  constructor(private readonly metrics: MetricsService) {}

  @Roles(...STAFF)
  @Get('cases.csv')
  @ApiProduces('text/csv')
  @Header('Cache-Control', 'no-store')
  async csv(@Query() q: CaseMetricsQuery, @Res() res: Response): Promise<void> {
    const body = await this.metrics.casesCsv(q);
    res.type('text/csv; charset=utf-8').attachment('case-metrics.csv').send(body);
  }
}

/**
 * `GET /metrics` (outside /api) in the Prometheus text format. Protected: it tells how many cases are open and
 * how the outbox is doing, which is not for the internet. The scraper sends `Authorization: Bearer
 * $METRICS_TOKEN`; without METRICS_TOKEN the endpoint is off (404).
 */
@Controller()
export class PrometheusController {
  constructor(
    private readonly prometheus: Prometheus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get('metrics')
  @ApiExcludeEndpoint()
  async scrape(@Req() req: Request, @Res() res: Response): Promise<void> {
    const token = this.config.metricsToken;
    if (!token)
      throw new AppError(CommonErrorCode.RouteNotFound, 'GET /metrics is off: set METRICS_TOKEN to enable it');
    const given = Buffer.from(/^Bearer (.+)$/.exec(req.get('authorization') ?? '')?.[1] ?? '');
    const expected = Buffer.from(token);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new AppError(AuthErrorCode.Unauthorized, 'GET /metrics needs Authorization: Bearer $METRICS_TOKEN');
    }
    res.type(this.prometheus.registry.contentType).send(await this.prometheus.registry.metrics());
  }
}
