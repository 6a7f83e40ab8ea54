import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { decodeCursor, type Page, toPage } from '../common/pagination.js';
import { AlertEmailListQuery, AttachAlertEmailDto } from './alert-emails.dto.js';
import { AlertEmail, AlertEmailPage, AlertEmailResult } from './alert-emails.responses.js';
import { AlertIntakeService, type IntakeResult } from './alert-intake.service.js';
import { inboundPage } from './inbound-email-rows.js';
import { readMailUpload } from './mail-upload.js';
import { QuarantineService } from './quarantine.service.js';
import { DataSource } from 'typeorm';

@ApiTags('alert-emails')
@Controller('alert-emails')
export class AlertEmailsController {
  constructor(
    private readonly intake: AlertIntakeService,
    private readonly db: DataSource,
    private readonly quarantine: QuarantineService,
  ) {}

  /** The same handling as mail delivered to the SMTP listener. */
  @Roles('technician', 'admin')
  @Post()
  @ApiOperation({ summary: 'Take in an alert email: a raw .eml body (message/rfc822), or a multipart `file`' })
  @ApiConsumes('message/rfc822', 'multipart/form-data')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: AlertEmailResult })
  async receive(@Req() req: Request, @CurrentUser() p: Principal): Promise<IntakeResult> {
    const raw = await readMailUpload(req, this.intake.maxBytes);
    return this.intake.receive(raw, 'upload', p.id);
  }

  /** Newest first; `status=quarantined` is the technicians' triage of mail nothing could place. */
  @Roles('technician', 'admin')
  @Get()
  @ApiOkResponse({ type: AlertEmailPage })
  async list(@Query() q: AlertEmailListQuery): Promise<Page<AlertEmail>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | null;
    const rows = await inboundPage(this.db, { status: q.status ?? null, limit: limit + 1, after });
    return toPage(
      rows.map((r) => ({ ...r, duplicate: false })),
      limit,
      (r) => [r.receivedAt, r.id],
    );
  }

  @Roles('technician', 'admin')
  @Get(':id')
  @ApiOkResponse({ type: AlertEmailResult })
  get(@Param('id', ParseUUIDPipe) id: string): Promise<IntakeResult> {
    return this.intake.get(id);
  }

  /** A quarantined message placed on its ticket by a technician: kept there as an internal note, audited. */
  @Roles('technician', 'admin')
  @Post(':id/attach')
  @HttpCode(200)
  @ApiOperation({ summary: 'Attach a quarantined message to a ticket (as an internal note with its attachments)' })
  @ApiOkResponse({ type: AlertEmailResult })
  attach(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AttachAlertEmailDto,
    @CurrentUser() p: Principal,
  ): Promise<IntakeResult> {
    return this.quarantine.attach(id, body.ticket, p);
  }
}
