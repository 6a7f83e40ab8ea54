import { ApiProperty } from '@nestjs/swagger';
import { EVENT_KINDS, type EventKind, SEVERITIES, type Severity } from '../tickets/case-kinds.js';
import { JURISDICTIONS } from './rule-model.js';

export class AlertChartHour {
  @ApiProperty({ minimum: 0, maximum: 23, description: 'The local hour (a skipped hour is absent)' }) hour: number;
  @ApiProperty({ example: '14:00' }) label: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time', description: 'Two hours after startsAt for the 01:00 of a fall-back night' })
  endsAt: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Minutes so far; null for an hour not yet begun' })
  minutes: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Mean of the previous weeks; null without history' })
  normal: number | null;
}

export class AlertChart {
  @ApiProperty({ example: 'America/Chicago' }) timezone: string;
  @ApiProperty({ example: '2026-03-05', description: 'The local day charted' }) day: string;
  @ApiProperty({
    enum: JURISDICTIONS,
    enumName: 'BaselineJurisdiction',
    nullable: true,
    description: "The baseline alert's jurisdiction; null: all traffic",
  })
  jurisdiction: string | null;
  @ApiProperty({ type: [AlertChartHour] }) hours: AlertChartHour[];
}

/** `GET /api/alerts/:id`: a detected event as its alert page shows it. */
export class AlertView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() customerName: string;
  @ApiProperty() accountCode: string;
  @ApiProperty({ enum: EVENT_KINDS, enumName: 'EventKind' }) kind: EventKind;
  @ApiProperty({ enum: SEVERITIES, enumName: 'Severity' }) severity: Severity;
  @ApiProperty() summary: string;
  @ApiProperty({ format: 'date-time' }) occurredAt: string;
  @ApiProperty({ format: 'date-time' }) detectedAt: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ticketId: string | null;
  @ApiProperty({ type: AlertChart }) chart: AlertChart;
}
