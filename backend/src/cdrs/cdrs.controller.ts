import { Controller, Get, Headers, Inject, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { PageQuery } from '../common/pagination.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { STAFF } from '../users/user.entity.js';
import { CdrListQuery, ImportQuery, UsageQuery, UsageSeriesQuery } from './cdrs.dto.js';
import {
  CdrImportDetail,
  CdrImportPage,
  CdrImportReport,
  CdrPage,
  RateDeckEntryPage,
  RateDeckReplaced,
  UsageResult,
  UsageSeries,
} from './cdrs.responses.js';
import { CdrsService } from './cdrs.service.js';
import { readTextBody, uploadSource } from './import/upload-source.js';
import { UsageService, WIDGETS } from './usage/usage.service.js';
import { AppError } from '../common/app-error.js';
import { CdrErrorCode } from '../common/error-codes.js';

@ApiTags('cdrs')
@ApiExtraModels(UsageResult)
@Controller()
export class CdrsController {
  constructor(
    private readonly cdrs: CdrsService,
    private readonly usage: UsageService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Roles('admin', 'technician')
  @Post('cdrs/import')
  @ApiOperation({
    summary: 'Import a CDR file (Asterisk Master.csv, FreeSWITCH cdr_csv, or CSV with a header); streamed',
  })
  @ApiConsumes('text/csv', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: CdrImportReport })
  async import(@Req() req: Request, @Query() q: ImportQuery, @CurrentUser() p: Principal): Promise<CdrImportReport> {
    const { stream, filename } = await uploadSource(req, this.config.maxUploadBytes);
    return this.cdrs.import(stream, filename, q, p);
  }

  @Roles('admin', 'technician', 'manager', 'engineer')
  @Get('cdrs/imports')
  @ApiOkResponse({ type: CdrImportPage })
  imports(@Query() q: PageQuery) {
    return this.cdrs.listImports(q.limit, q.cursor);
  }

  @Roles('admin', 'technician', 'manager', 'engineer')
  @Get('cdrs/imports/:id')
  @ApiOkResponse({ type: CdrImportDetail })
  getImport(@Param('id', ParseUUIDPipe) id: string): Promise<CdrImportDetail> {
    return this.cdrs.getImport(id);
  }

  @Roles(...STAFF, 'customer')
  @Get('cdrs')
  @ApiOkResponse({ type: CdrPage })
  list(@Query() q: CdrListQuery, @CurrentUser() p: Principal) {
    return this.cdrs.list(p, q);
  }

  @Roles('admin')
  @Post('rate-deck')
  @ApiOperation({ summary: 'Replace the rate deck with a CSV `prefix,description,rate_per_minute`' })
  @ApiConsumes('text/csv')
  @ApiCreatedResponse({ type: RateDeckReplaced })
  async replaceRateDeck(@Req() req: Request): Promise<RateDeckReplaced> {
    const type = (req.headers['content-type'] ?? '').toLowerCase();
    if (type && !/^text\/csv/.test(type))
      throw new AppError(CdrErrorCode.RateDeckTypeUnsupported, 'Send the rate deck as text/csv');
    const text = await readTextBody(
      req,
      20 * 1024 * 1024,
      () => new AppError(CdrErrorCode.RateDeckTooLarge, 'A rate deck is at most 20 MB'),
    );
    return this.cdrs.replaceRateDeck(text);
  }

  @Roles(...STAFF)
  @Get('rate-deck')
  @ApiOkResponse({ type: RateDeckEntryPage })
  rateDeck(@Query() q: PageQuery) {
    return this.cdrs.rateDeck(q.limit, q.cursor);
  }

  // Before `usage/:widget`: Express matches routes in the order they are declared.
  @Roles(...STAFF, 'customer')
  @Get('usage/timeseries')
  @ApiOperation({ summary: 'Calls, minutes and cost per hour (ranges up to 3 days) or per day, for the chart' })
  @ApiOkResponse({ type: UsageSeries })
  series(@Query() q: UsageSeriesQuery, @CurrentUser() p: Principal) {
    return this.usage.series(p, q);
  }

  @Roles(...STAFF, 'customer')
  @Get('usage/:widget')
  @ApiOperation({ summary: 'A usage widget; `Accept: text/csv` for CSV' })
  @ApiParam({ name: 'widget', enum: Object.keys(WIDGETS), enumName: 'UsageWidget' })
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(UsageResult) } },
      'text/csv': { schema: { type: 'string', description: 'key,label,calls,failedCalls,minutes,cost' } },
    },
  })
  async widget(
    @Param('widget') widget: string,
    @Query() q: UsageQuery,
    @CurrentUser() p: Principal,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    if (!accept?.includes('text/csv')) return this.usage.widget(p, widget, q);
    const csv = await this.usage.widgetCsv(p, widget, q);
    res.setHeader('content-type', 'text/csv; charset=utf-8');
    res.setHeader('content-disposition', `attachment; filename="${widget}.csv"`);
    return csv;
  }
}
