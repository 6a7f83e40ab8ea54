import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  Max,
  Min,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { DetectionErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';
import { BASELINE_DEFAULTS, type BaselineJurisdiction, JURISDICTIONS } from './rule-model.js';

const PARAMS = withErrorCode(DetectionErrorCode.ParamsInvalid);

/** Each level above the one before it (notify < warning < urgent). */
function AboveLevel(below: 'notify' | 'warning') {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'aboveLevel',
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) =>
          `${propertyName} (${a.value}) must be above ${below} (${(a.object as BaselineLevelsDto)[below]})`,
        ...withErrorCode(DetectionErrorCode.ThresholdsInverted),
      },
      validator: {
        validate: (v: unknown, a: ValidationArguments) => {
          const lower = (a.object as BaselineLevelsDto)[below];
          return typeof v !== 'number' || typeof lower !== 'number' || v > lower;
        },
      },
    });
}

export class BaselineLevelsDto {
  @ApiProperty({ example: 25, description: 'Notify at this many % above normal' })
  @IsInt({ message: 'notify must be a whole percentage', ...PARAMS })
  @Min(1, { message: 'notify must be at least 1 (%)', ...PARAMS })
  @Max(10_000, { message: 'notify must be at most 10000 (%)', ...PARAMS })
  notify: number = BASELINE_DEFAULTS.levels.notify;

  @ApiProperty({ example: 50, description: 'Warning at this many % above normal; above notify' })
  @IsInt({ message: 'warning must be a whole percentage', ...PARAMS })
  @Min(1, { message: 'warning must be at least 1 (%)', ...PARAMS })
  @Max(10_000, { message: 'warning must be at most 10000 (%)', ...PARAMS })
  @AboveLevel('notify')
  warning: number = BASELINE_DEFAULTS.levels.warning;

  @ApiProperty({ example: 100, description: 'Urgent at this many % above normal; above warning' })
  @IsInt({ message: 'urgent must be a whole percentage', ...PARAMS })
  @Min(1, { message: 'urgent must be at least 1 (%)', ...PARAMS })
  @Max(10_000, { message: 'urgent must be at most 10000 (%)', ...PARAMS })
  @AboveLevel('warning')
  urgent: number = BASELINE_DEFAULTS.levels.urgent;
}

/** The params of a `baseline` rule; every field has a default. */
export class BaselineParamsDto {
  @ApiPropertyOptional({ type: BaselineLevelsDto, description: 'Default 25 / 50 / 100 % above normal' })
  @ValidateNested()
  @Type(() => BaselineLevelsDto)
  levels: BaselineLevelsDto = Object.assign(new BaselineLevelsDto(), BASELINE_DEFAULTS.levels);

  @ApiPropertyOptional({ example: 30, description: 'Below this many minutes in the hour nothing is raised' })
  @IsInt({ message: 'minMinutes must be a whole number of minutes', ...PARAMS })
  @Min(0, { message: 'minMinutes must be at least 0', ...PARAMS })
  @Max(1_000_000, { message: 'minMinutes must be at most 1000000', ...PARAMS })
  minMinutes: number = BASELINE_DEFAULTS.minMinutes;

  @ApiPropertyOptional({
    enum: JURISDICTIONS,
    enumName: 'BaselineJurisdiction',
    isArray: true,
    description: 'The jurisdictions compared; all four by default',
  })
  @IsArray({ message: 'jurisdictions must be a list of jurisdictions', ...PARAMS })
  @ArrayMinSize(1, { message: 'jurisdictions must name at least one jurisdiction', ...PARAMS })
  @ArrayUnique({ message: 'jurisdictions must not repeat one', ...PARAMS })
  @IsIn(JURISDICTIONS, {
    each: true,
    message: `jurisdictions must each be one of ${JURISDICTIONS.join(', ')}`,
    ...PARAMS,
  })
  jurisdictions: BaselineJurisdiction[] = [...BASELINE_DEFAULTS.jurisdictions];
}
