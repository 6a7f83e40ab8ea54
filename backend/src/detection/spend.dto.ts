import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNumber, IsOptional, Max, Min, registerDecorator, type ValidationArguments } from 'class-validator';
import { DetectionErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';
import { SPEND_ASSUMED_CALL_MINUTES } from './rule-model.js';

const PARAMS = withErrorCode(DetectionErrorCode.ParamsInvalid);
const MAX_AMOUNT = 1_000_000_000;

/** `warn`, when given, is below `block`. */
function AmountBelowBlock() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'amountBelowBlock',
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) =>
          `warn (${a.value}) must be below block (${(a.object as SpendLimitParamsDto).block})`,
        ...withErrorCode(DetectionErrorCode.ThresholdsInverted),
      },
      validator: {
        validate: (v: unknown, a: ValidationArguments) => {
          const block = (a.object as SpendLimitParamsDto).block;
          return typeof v !== 'number' || typeof block !== 'number' || v < block;
        },
      },
    });
}

/** A positive amount with at most 6 decimals (what the cost columns hold). */
const IsAmount = (field: string) =>
  applyDecorators(
    IsNumber(
      { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 },
      { message: `${field} must be an amount (a number with at most 6 decimals)`, ...PARAMS },
    ),
    Min(0.000001, { message: `${field} must be above 0`, ...PARAMS }),
    Max(MAX_AMOUNT, { message: `${field} must be at most ${MAX_AMOUNT}`, ...PARAMS }),
  );

/** The params of a `spend_limit` rule: amounts of the customer's day, in the rate deck's currency. */
export class SpendLimitParamsDto {
  @ApiPropertyOptional({ example: 400, description: "Spend since the customer's midnight that raises a warning" })
  @IsOptional()
  @IsAmount('warn')
  @AmountBelowBlock()
  warn?: number;

  @ApiProperty({ example: 500, description: 'Spend that raises a block' })
  @IsAmount('block')
  block: number;

  @ApiPropertyOptional({ enum: ['account'], description: 'account: the block restricts the account; none when absent' })
  @IsOptional()
  @IsIn(['account'], { message: 'restriction must be account', ...PARAMS })
  restriction?: 'account';

  @ApiPropertyOptional({
    minimum: 0.1,
    maximum: 240,
    example: SPEND_ASSUMED_CALL_MINUTES,
    description:
      `At call set-up, each allowed attempt adds an estimate of its cost: its rate-deck price per minute × this ` +
      `many minutes (default ${SPEND_ASSUMED_CALL_MINUTES}), until its CDR arrives`,
  })
  @IsOptional()
  @IsNumber(
    { allowNaN: false, allowInfinity: false, maxDecimalPlaces: 1 },
    { message: 'assumedCallMinutes must be a number of minutes (at most 1 decimal)', ...PARAMS },
  )
  @Min(0.1, { message: 'assumedCallMinutes must be at least 0.1', ...PARAMS })
  @Max(240, { message: 'assumedCallMinutes must be at most 240', ...PARAMS })
  assumedCallMinutes?: number;
}

/** The params of a `max_rate` rule. */
export class MaxRateParamsDto {
  @ApiProperty({ example: 0.5, description: 'The highest price per minute a call may have without being flagged' })
  @IsAmount('maxPerMinute')
  maxPerMinute: number;

  @ApiProperty({
    enum: ['warning', 'block'],
    description: 'warning: flag the destination; block: restrict it (its rate-deck prefix)',
  })
  @IsIn(['warning', 'block'], { message: 'action must be one of warning, block', ...PARAMS })
  action: 'warning' | 'block';
}

/** The params of a `first_traffic_ip` rule. */
export class FirstTrafficIpParamsDto {
  @ApiProperty({ enum: ['notify', 'warning'], description: 'The severity of the event' })
  @IsIn(['notify', 'warning'], { message: 'severity must be one of notify, warning', ...PARAMS })
  severity: 'notify' | 'warning';
}

/** The params of a `new_destination` rule. */
export class NewDestinationParamsDto {
  @ApiProperty({
    minimum: 1,
    maximum: 365,
    example: 30,
    description: "Days of the customer's history before a country can be new",
  })
  @IsNumber({ maxDecimalPlaces: 0 }, { message: 'minHistoryDays must be a whole number of days', ...PARAMS })
  @Min(1, { message: 'minHistoryDays must be at least 1', ...PARAMS })
  @Max(365, { message: 'minHistoryDays must be at most 365', ...PARAMS })
  minHistoryDays: number;

  @ApiProperty({ enum: ['notify', 'warning', 'urgent'], description: 'The severity of the event' })
  @IsIn(['notify', 'warning', 'urgent'], { message: 'severity must be one of notify, warning, urgent', ...PARAMS })
  severity: 'notify' | 'warning' | 'urgent';
}
