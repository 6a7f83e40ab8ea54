import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { pageOf } from '../common/api-page.js';
import { EVENT_KINDS, type EventKind, SEVERITIES, type Severity } from '../tickets/case-kinds.js';
import { RESTRICTION_KINDS, type RestrictionKind } from '../restrictions/restriction-kinds.js';
import type { DetectedEvent } from './event-view.js';

export class EventEvidence {
  @ApiPropertyOptional({ type: [String], description: 'Linked CDR ids (strings of digits)' }) cdrIds?: string[];
  @ApiPropertyOptional({ type: String, format: 'date-time' }) from?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time' }) to?: string;
}

export class EventRestriction {
  @ApiProperty({ enum: RESTRICTION_KINDS, enumName: 'RestrictionKind' }) kind: RestrictionKind;
  @ApiProperty() value: string;
}

/** A detected event as stored, with the ticket it opened or joined. */
@ApiSchema({ name: 'DetectedEvent' })
export class DetectedEventView implements DetectedEvent {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ticketId: string | null;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ enum: EVENT_KINDS, enumName: 'EventKind' }) kind: EventKind;
  @ApiProperty({ enum: SEVERITIES, enumName: 'Severity' }) severity: Severity;
  @ApiProperty() dedupeKey: string;
  @ApiProperty() summary: string;
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "The detector's own figures; staff only",
  })
  details?: Record<string, unknown>;
  @ApiProperty({ type: EventEvidence }) evidence: EventEvidence;
  @ApiProperty({ type: [EventRestriction], description: 'What a block-severity event restricts' })
  restrictions: EventRestriction[];
  @ApiProperty({ description: 'Where it came from: api, detector (CDRs), email, realtime (call set-up)' })
  source: string;
  @ApiProperty({ description: "A shadow rule's event: it opened no ticket and restricted nothing" }) shadow: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The detection rule that raised it' })
  ruleId: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the traffic happened' }) occurredAt: Date;
  @ApiProperty({ type: String, format: 'date-time', description: 'When Tollgate raised it' }) detectedAt: Date;
}

export class DetectedEventPage extends pageOf(DetectedEventView) {}
