import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsInstant } from '../common/validators.js';

export class CaseMetricsQuery {
  @ApiPropertyOptional({
    example: '2026-03-01',
    description: 'Start (a day is its UTC midnight); default 30 days before to',
  })
  @IsOptional()
  @IsInstant()
  from?: string;

  @ApiPropertyOptional({ example: '2026-04-01', description: 'End, exclusive; default now' })
  @IsOptional()
  @IsInstant()
  to?: string;
}
