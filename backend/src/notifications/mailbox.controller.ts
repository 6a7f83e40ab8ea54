import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Roles } from '../auth/principal.js';
import { pageOf } from '../common/api-page.js';
import { decodeCursor, type Page, PageQuery, toPage } from '../common/pagination.js';
import { type MailboxMessage, mailboxPage } from './mailbox-rows.js';

class MailboxAttachment {
  @ApiProperty() filename: string;
  @ApiProperty() contentType: string;
  @ApiProperty({ type: 'integer' }) sizeBytes: number;
}

export class MailboxEntry {
  @ApiProperty() id: string;
  @ApiProperty({ example: '<7b0c…@tollgate.local>' }) messageId: string;
  @ApiProperty() from: string;
  @ApiProperty({ type: [String] }) to: string[];
  @ApiProperty() subject: string;
  @ApiProperty() text: string;
  @ApiProperty({ type: String, nullable: true }) html: string | null;
  @ApiProperty({ type: [MailboxAttachment] }) attachments: MailboxAttachment[];
  @ApiProperty({
    enum: ['mail', 'sms'],
    enumName: 'MailboxChannel',
    description: '`sms`: an SMS kept because no SMS_GATEWAY_URL is set (`to` holds phone numbers)',
  })
  channel: 'mail' | 'sms';
  @ApiProperty({ type: String, format: 'date-time' }) sentAt: Date;
}

export class MailboxPage extends pageOf(MailboxEntry) {}

/** The built-in mailbox: what Tollgate would have sent, when SMTP_URL is not set. */
@ApiTags('notifications')
@Controller('mailbox')
export class MailboxController {
  constructor(private readonly db: DataSource) {}

  @Roles('admin')
  @Get()
  @ApiOkResponse({ type: MailboxPage })
  async list(@Query() q: PageQuery): Promise<Page<MailboxMessage>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['bigint']) as [string] | null;
    const rows = await mailboxPage(this.db, limit + 1, after?.[0] ?? null);
    return toPage(rows, limit, (r) => [r.id]);
  }
}
