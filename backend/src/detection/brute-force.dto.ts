import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { DetectionErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';
import { FAILURE_SOURCES, type FailureSource } from './rule-model.js';
import { WarnBelowBlock, WindowDto } from './rules.dto.js';

const PARAMS = withErrorCode(DetectionErrorCode.ParamsInvalid);

/** The params of a `brute_force` rule (global only). */
export class BruteForceParamsDto {
  @ApiProperty({ type: WindowDto })
  @IsDefined({ message: 'window is required', ...withErrorCode(DetectionErrorCode.WindowInvalid) })
  @ValidateNested()
  @Type(() => WindowDto)
  window: WindowDto;

  @ApiPropertyOptional({
    minimum: 1,
    example: 20,
    description: 'Failures from one IP in the window that put it on watch (listed, not enforced); below block',
  })
  @IsOptional()
  @IsInt({ message: 'warn must be a whole number', ...PARAMS })
  @Min(1, { message: 'warn must be at least 1', ...PARAMS })
  @WarnBelowBlock()
  warn?: number;

  @ApiProperty({ minimum: 1, maximum: 100_000, example: 50, description: 'Failures that blacklist the IP' })
  @IsInt({ message: 'block must be a whole number', ...PARAMS })
  @Min(1, { message: 'block must be at least 1', ...PARAMS })
  @Max(100_000, { message: 'block must be at most 100000', ...PARAMS })
  block: number;

  @ApiProperty({
    enum: FAILURE_SOURCES,
    enumName: 'FailureSource',
    isArray: true,
    example: ['sip', 'portal'],
    description: 'What is counted, together: sip (failed SIP registrations), portal (failed portal logins)',
  })
  @IsArray({ message: `sources must be a list of ${FAILURE_SOURCES.join(', ')}`, ...PARAMS })
  @ArrayMinSize(1, { message: 'sources must name at least one source', ...PARAMS })
  @ArrayMaxSize(FAILURE_SOURCES.length, { message: 'sources names a source twice', ...PARAMS })
  @ArrayUnique({ message: 'sources names a source twice', ...PARAMS })
  @IsIn(FAILURE_SOURCES, { each: true, message: `sources must be ${FAILURE_SOURCES.join(' and/or ')}`, ...PARAMS })
  sources: FailureSource[];
}
