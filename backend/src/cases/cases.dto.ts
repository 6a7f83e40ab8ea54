import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { IsInstant } from '../common/validators.js';
import { EVENT_KINDS, type EventKind, SEVERITIES, type Severity } from '../tickets/case-kinds.js';
import { MAX_EVIDENCE_CDRS } from '../tickets/evidence-rows.js';
import { RestrictionDto } from '../restrictions/restriction-values.js';

export class EvidenceDto {
  @ApiPropertyOptional({ type: [String], description: 'CDR ids (strings of digits)', example: ['1201', '1202'] })
  @IsOptional()
  @Transform(({ value }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'number' ? String(v) : v)) : value))
  @IsArray()
  @ArrayMaxSize(MAX_EVIDENCE_CDRS)
  @Matches(/^[0-9]{1,18}$/, { each: true, message: 'cdrIds must contain CDR ids (strings of digits)' })
  cdrIds?: string[];

  @ApiPropertyOptional({ example: '2025-05-14T10:00:00Z' })
  @IsOptional()
  @IsInstant({ message: 'from must be an ISO-8601 date-time' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-05-14T11:00:00Z' })
  @IsOptional()
  @IsInstant({ message: 'to must be an ISO-8601 date-time' })
  to?: string;
}

export class DetectedEventDto {
  @ApiPropertyOptional({ description: 'The customer; or give accountCode' })
  @IsOptional()
  @IsUUID(undefined, { message: 'customerId must be a UUID' })
  customerId?: string;

  @ApiPropertyOptional({ example: 'HARB009' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  accountCode?: string;

  @ApiProperty({ enum: EVENT_KINDS })
  @IsIn(EVENT_KINDS, { message: `kind must be one of ${EVENT_KINDS.join(', ')}` })
  kind: EventKind;

  @ApiProperty({ enum: SEVERITIES })
  @IsIn(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')}` })
  severity: Severity;

  @ApiPropertyOptional({ description: 'Events with the same key attach to the same open ticket; default: the kind' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  dedupeKey?: string;

  @ApiProperty() @IsString() @MinLength(1) @MaxLength(2_000) summary: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  @IsOptional()
  @IsObject()
  details?: Record<string, unknown>;

  @ApiProperty({ description: 'When the traffic happened (the evidence window end)' })
  @IsInstant({ message: 'occurredAt must be an ISO-8601 date-time' })
  occurredAt: string;

  @ApiPropertyOptional({ type: EvidenceDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => EvidenceDto)
  evidence?: EvidenceDto;

  @ApiPropertyOptional({ type: [RestrictionDto], description: 'A block-severity event restricts these at once' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RestrictionDto)
  restrictions?: RestrictionDto[];
}

export class EventListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() customerId?: string;

  @ApiPropertyOptional({ enum: EVENT_KINDS })
  @IsOptional()
  @IsIn(EVENT_KINDS, { message: `kind must be one of ${EVENT_KINDS.join(', ')}` })
  kind?: EventKind;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  @ApiPropertyOptional({ description: "true: only shadow rules' events; false: only live ones" })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'shadow must be true or false' })
  shadow?: boolean;

  @ApiPropertyOptional({ description: 'Raised by this detection rule' })
  @IsOptional()
  @IsUUID(undefined, { message: 'ruleId must be a UUID' })
  ruleId?: string;

  @ApiPropertyOptional({ description: 'Attached to this ticket' })
  @IsOptional()
  @IsUUID(undefined, { message: 'ticketId must be a UUID' })
  ticketId?: string;

  @ApiPropertyOptional({ description: 'Detected at or after this time' })
  @IsOptional()
  @IsInstant({ message: 'since must be an ISO-8601 date-time' })
  since?: string;
}
