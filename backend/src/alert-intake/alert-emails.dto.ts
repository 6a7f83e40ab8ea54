import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import type { InboundStatus } from './inbound-email-rows.js';

const STATUSES: InboundStatus[] = ['received', 'processed', 'quarantined', 'ignored'];

export class AlertEmailListQuery extends PageQuery {
  @ApiPropertyOptional({ enum: STATUSES })
  @IsOptional()
  @IsIn(STATUSES, { message: `status must be one of ${STATUSES.join(', ')}` })
  status?: InboundStatus;
}

export class AttachAlertEmailDto {
  @ApiProperty({ example: 'FRD-000123', description: "The ticket's id, or its number" })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  ticket: string;
}
