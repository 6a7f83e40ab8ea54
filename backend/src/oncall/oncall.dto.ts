import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { OncallErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';
import { IsIanaTimeZone, IsInstant } from '../common/validators.js';
import { WEEKDAYS, type Weekday } from './rota.js';

const SETUP = withErrorCode(OncallErrorCode.SetupInvalid);
const HHMM = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export class RotationDto {
  @ApiProperty({ type: [String], format: 'uuid', description: 'Engineers in rotation order, one week each' })
  @IsArray(SETUP)
  @ArrayMaxSize(100, SETUP)
  @IsUUID('all', { each: true, message: 'rotation.engineers must be user ids', ...SETUP })
  engineers: string[];

  @ApiProperty({ enum: WEEKDAYS, enumName: 'Weekday', example: 'monday' })
  @IsIn(WEEKDAYS, { message: `handoffDay must be one of ${WEEKDAYS.join(', ')}`, ...SETUP })
  handoffDay: Weekday;

  @ApiProperty({ example: '09:00', description: 'Local time of the hand-off (HH:MM, in `timezone`)' })
  @Matches(HHMM, { message: 'handoffTime must be HH:MM (00:00 to 23:59)', ...SETUP })
  handoffTime: string;

  @ApiPropertyOptional({
    example: '2026-03-02',
    description: "The week whose hand-off falls on or after this day is engineers[0]'s (default 1970-01-05)",
  })
  @IsOptional()
  @Matches(DAY, { message: 'startDate must be YYYY-MM-DD', ...SETUP })
  startDate?: string;
}

export class OverrideDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'overrides.userId must be a user id', ...SETUP })
  userId: string;

  @ApiProperty({ example: '2026-12-24T17:00:00Z' })
  @IsInstant(SETUP)
  from: string;

  @ApiProperty({ example: '2026-12-27T09:00:00Z', description: 'Exclusive' })
  @IsInstant(SETUP)
  to: string;
}

export class BusinessHoursDto {
  @ApiProperty({ type: [Number], example: [1, 2, 3, 4, 5], description: 'ISO weekdays: 1 = Monday … 7 = Sunday' })
  @IsArray(SETUP)
  @ArrayMaxSize(7, SETUP)
  @IsInt({ each: true, message: 'businessHours.days must be whole numbers 1 to 7', ...SETUP })
  @Min(1, { each: true, message: 'businessHours.days must be 1 (Monday) to 7 (Sunday)', ...SETUP })
  @Max(7, { each: true, message: 'businessHours.days must be 1 (Monday) to 7 (Sunday)', ...SETUP })
  days: number[];

  @ApiProperty({ example: '08:00' })
  @Matches(HHMM, { message: 'businessHours.from must be HH:MM', ...SETUP })
  from: string;

  @ApiProperty({ example: '18:00', description: 'Exclusive' })
  @Matches(HHMM, { message: 'businessHours.to must be HH:MM', ...SETUP })
  to: string;
}

export class PolicyLevelDto {
  @ApiProperty({ minimum: 1, maximum: 1440, example: 15 })
  @IsInt({ message: 'ackTimeoutMinutes must be a whole number of minutes', ...SETUP })
  @Min(1, { message: 'ackTimeoutMinutes must be at least 1', ...SETUP })
  @Max(1440, { message: 'ackTimeoutMinutes must be at most 1440 (a day)', ...SETUP })
  ackTimeoutMinutes: number;
}

export class PolicyDto {
  @ApiProperty({
    type: [PolicyLevelDto],
    description: 'Level 1 pages the engineer on call, 2 the next in the rotation, 3 every engineer',
  })
  @IsArray(SETUP)
  @ArrayMinSize(1, { message: 'policy.levels must have at least one level', ...SETUP })
  @ArrayMaxSize(10, SETUP)
  @ValidateNested({ each: true })
  @Type(() => PolicyLevelDto)
  levels: PolicyLevelDto[];

  @ApiProperty({ description: 'After the last level times out, start again at level 1' })
  @IsBoolean({ message: 'policy.repeat must be true or false', ...SETUP })
  repeat: boolean;

  @ApiPropertyOptional({
    minimum: 1,
    description: 'A block-severity case still unacknowledged this many minutes after its first page is restricted',
  })
  @IsOptional()
  @IsInt({ message: 'autoRestrictAfterMinutes must be a whole number of minutes', ...SETUP })
  @Min(1, { message: 'autoRestrictAfterMinutes must be at least 1', ...SETUP })
  @Max(1440, { message: 'autoRestrictAfterMinutes must be at most 1440', ...SETUP })
  autoRestrictAfterMinutes?: number;
}

/** `PUT /api/oncall`: the whole setup, replaced at once. */
export class OnCallSetupDto {
  @ApiProperty({ example: 'Europe/Berlin' })
  @IsIanaTimeZone(SETUP)
  timezone: string;

  @ApiProperty({ type: RotationDto })
  @ValidateNested()
  @Type(() => RotationDto)
  rotation: RotationDto;

  @ApiProperty({ type: [OverrideDto] })
  @IsArray(SETUP)
  @ArrayMaxSize(500, SETUP)
  @ValidateNested({ each: true })
  @Type(() => OverrideDto)
  overrides: OverrideDto[];

  @ApiProperty({ type: BusinessHoursDto })
  @ValidateNested()
  @Type(() => BusinessHoursDto)
  businessHours: BusinessHoursDto;

  @ApiProperty({ type: PolicyDto })
  @ValidateNested()
  @Type(() => PolicyDto)
  policy: PolicyDto;
}
