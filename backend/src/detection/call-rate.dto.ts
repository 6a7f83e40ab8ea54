// The params DTO of the `call_rate` rule kind: call attempts per second over a short window (docs/api.md §Detection).
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  Max,
  Min,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import { DetectionErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';
import { LIVE_COUNTER_DEFAULTS } from './live/live-counters.js';
import { COUNT_PER, type CountPer, MAX_CALL_RATE_WINDOW_SECONDS } from './rule-model.js';
import { WarnBelowBlock } from './rules.dto.js';

const PARAMS = withErrorCode(DetectionErrorCode.ParamsInvalid);
const WINDOW = withErrorCode(DetectionErrorCode.WindowInvalid);
const MAX_RATE = 10_000;
const RESTRICTIONS = ['seat', 'ip', 'account'] as const;

/** Attempts per second: positive, at most 2 decimals. */
const IsRate = (field: string) =>
  applyDecorators(
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 },
      { message: `${field} must be a number of call attempts per second (at most 2 decimals)`, ...PARAMS },
    ),
    Min(0.01, { message: `${field} must be above 0 call attempts per second`, ...PARAMS }),
    Max(MAX_RATE, { message: `${field} must be at most ${MAX_RATE} call attempts per second`, ...PARAMS }),
  );

/** The most attempts the live counters keep for one key: a block count above it could never be reached. */
const MAX_WINDOW_ATTEMPTS = LIVE_COUNTER_DEFAULTS.maxPerKey;

/** `block × windowSeconds` (the attempts the window holds at the block rate) within what authorize counts. */
function FitsLiveWindow() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'fitsLiveWindow',
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) =>
          `block (${a.value}/s) × windowSeconds (${(a.object as CallRateParamsDto).windowSeconds}) must be below ` +
          `${MAX_WINDOW_ATTEMPTS} attempts: authorize keeps at most that many a window`,
        ...PARAMS,
      },
      validator: {
        validate: (v: unknown, a: ValidationArguments) => {
          const seconds = (a.object as CallRateParamsDto).windowSeconds;
          return typeof v !== 'number' || typeof seconds !== 'number' || v * seconds < MAX_WINDOW_ATTEMPTS;
        },
      },
    });
}

/** The params of a `call_rate` rule. */
export class CallRateParamsDto {
  @ApiPropertyOptional({
    minimum: 0.01,
    example: 2,
    description: 'Call attempts per second, averaged over the window, above which a warning is raised; below block',
  })
  @IsOptional()
  @IsRate('warn')
  @WarnBelowBlock()
  warn?: number;

  @ApiProperty({
    minimum: 0.01,
    example: 5,
    description: 'Call attempts per second, averaged over the window, above which the attempt is blocked',
  })
  @IsRate('block')
  @FitsLiveWindow()
  block: number;

  @ApiProperty({
    minimum: 1,
    maximum: MAX_CALL_RATE_WINDOW_SECONDS,
    example: 10,
    description: 'The sliding window the rate is averaged over, in seconds',
  })
  @IsInt({ message: 'windowSeconds must be a whole number of seconds', ...WINDOW })
  @Min(1, { message: 'windowSeconds must be at least 1', ...WINDOW })
  @Max(MAX_CALL_RATE_WINDOW_SECONDS, {
    message: `windowSeconds must be at most ${MAX_CALL_RATE_WINDOW_SECONDS}`,
    ...WINDOW,
  })
  windowSeconds: number;

  @ApiProperty({
    enum: COUNT_PER,
    enumName: 'ThresholdPer',
    description: 'Count per customer, per seat or per source IP',
  })
  @IsIn(COUNT_PER, { message: `per must be one of ${COUNT_PER.join(', ')}`, ...PARAMS })
  per: CountPer;

  @ApiPropertyOptional({
    enum: RESTRICTIONS,
    enumName: 'SeatRestriction',
    description:
      'What a block restricts: the seat or source IP of the attempt that crossed, or the account; none when absent',
  })
  @IsOptional()
  @IsIn(RESTRICTIONS, { message: `restriction must be one of ${RESTRICTIONS.join(', ')}`, ...PARAMS })
  restriction?: 'seat' | 'ip' | 'account';
}
