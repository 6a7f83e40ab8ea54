import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/api-page.js';

const STATUSES = ['received', 'processed', 'quarantined', 'ignored'];

/** docs/api.md §Alert emails: what became of an inbound message. */
export class AlertEmailResult {
  @ApiProperty({ format: 'uuid', description: 'The stored message' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: '<CFA.20250514T154907Z@AS22.voip.example.net>' })
  messageId: string | null;
  @ApiProperty({ description: 'Already received (same Message-ID, or same bytes when it has none): not handled again' })
  duplicate: boolean;
  @ApiProperty({ enum: STATUSES }) status: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'caribbean_fraud_alert, carrier_fraud_notice, reply, auto_reply, bounce, triage; or why not: unknown, ' +
      'unreadable, own_mail, automatic, delivery_status',
  })
  parsedAs: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why it was quarantined or ignored' })
  reason: string | null;
  @ApiProperty({ type: [String] }) eventIds: string[];
  @ApiProperty({ type: [String] }) ticketIds: string[];
}

/** An inbound message in the intake list. */
export class AlertEmail extends AlertEmailResult {
  @ApiProperty({ enum: ['smtp', 'imap', 'upload'] }) via: string;
  @ApiProperty({ type: String, nullable: true }) fromAddress: string | null;
  @ApiProperty({ type: String, nullable: true }) subject: string | null;
  @ApiProperty({ type: 'integer' }) sizeBytes: number;
  @ApiProperty({ type: String, format: 'date-time' }) receivedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) processedAt: Date | null;
}

export class AlertEmailPage extends pageOf(AlertEmail) {}
