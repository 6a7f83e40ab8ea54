import { Controller, Get, Param, ParseUUIDPipe, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentUser, type Principal, Roles } from '../auth/principal.js';
import { STAFF } from '../users/user.entity.js';
import { readUploadedFile } from './attachment-upload.js';
import { NOC_STAFF_ROLES } from './ticket-machine.rules.js';
import { TicketAttachmentsService } from './ticket-attachments.service.js';
import { Attachment, AttachmentPage } from './tickets.responses.js';

@ApiTags('tickets')
@Controller('tickets')
export class TicketAttachmentsController {
  constructor(private readonly attachments: TicketAttachmentsService) {}

  @Roles(...STAFF, 'customer')
  @Get(':id/attachments')
  @ApiOkResponse({ type: AttachmentPage, description: 'Oldest first; a customer sees only customer-visible files' })
  list(@Param('id', ParseUUIDPipe) id: string, @CurrentUser() p: Principal): Promise<AttachmentPage> {
    return this.attachments.list(id, p);
  }

  @Roles(...NOC_STAFF_ROLES, 'customer')
  @Post(':id/attachments')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        visibility: { type: 'string', enum: ['customer', 'internal'], default: 'customer' },
      },
    },
  })
  @ApiCreatedResponse({ type: Attachment })
  async upload(
    @Param('id', ParseUUIDPipe) id: string,
    @Req() req: Request,
    @CurrentUser() p: Principal,
  ): Promise<Attachment> {
    await this.attachments.assertVisible(id, p);
    const file = await readUploadedFile(req, this.attachments.maxBytes);
    return this.attachments.upload(id, file, p);
  }

  @Roles(...STAFF, 'customer')
  @Get(':id/attachments/:attachmentId')
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({ description: 'The file, as an attachment (never shown inline)' })
  async download(
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @CurrentUser() p: Principal,
    @Res() res: Response,
  ) {
    const file = await this.attachments.download(id, attachmentId, p);
    // `attachment()` writes an ASCII `filename` and a UTF-8 `filename*`; the type is ours, not the extension's.
    res.attachment(file.filename);
    res.set({
      'content-type': file.contentType,
      'x-content-type-options': 'nosniff',
      'content-security-policy': "default-src 'none'; sandbox",
      'cache-control': 'private, no-store',
      'x-checksum-sha256': file.sha256,
    });
    res.send(file.content);
  }
}
