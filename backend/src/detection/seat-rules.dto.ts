// The params DTOs of the seat-level rule kinds: seat and group thresholds, international failed attempts and
// distinct destinations (docs/api.md §Detection).
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { DetectionErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';
import { SEAT_DESTINATIONS, type SeatDestinations } from './rule-model.js';
import { WarnBelowBlock, WindowDto } from './rules.dto.js';

const PARAMS = withErrorCode(DetectionErrorCode.ParamsInvalid);
const WINDOW = withErrorCode(DetectionErrorCode.WindowInvalid);

/** The carriers' hour, when a seat threshold rule names no window. */
export const SEAT_WINDOW_MINUTES = 60;

const SEAT_OR_IP = ['seat', 'ip'] as const;
const SEAT_RESTRICTIONS = ['seat', 'ip', 'account'] as const;

/**
 * A warning threshold (optional, below block) and a block threshold, of what the kind counts in the window:
 * calls (seat_threshold), failed attempts (intl_failed_attempts), distinct numbers (distinct_destinations).
 */
export class WarnBlockDto {
  @ApiPropertyOptional({
    minimum: 1,
    example: 8,
    description: 'The count in the window that raises a warning; below block',
  })
  @IsOptional()
  @IsInt({ message: 'warn must be a whole number', ...PARAMS })
  @Min(1, { message: 'warn must be at least 1', ...PARAMS })
  @WarnBelowBlock()
  warn?: number;

  @ApiProperty({ minimum: 1, example: 15, description: 'The count in the window that raises a block' })
  @IsInt({ message: 'block must be a whole number', ...PARAMS })
  @Min(1, { message: 'block must be at least 1', ...PARAMS })
  @Max(1_000_000, PARAMS)
  block: number;
}

/** The params of a `seat_threshold` rule. */
export class SeatThresholdParamsDto {
  @ApiProperty({
    enum: SEAT_DESTINATIONS,
    enumName: 'SeatDestinations',
    description: 'caribbean: Caribbean NANP numbers (non-US +1); international: numbers outside NANP (never toll-free)',
  })
  @IsIn(SEAT_DESTINATIONS, { message: `destinations must be one of ${SEAT_DESTINATIONS.join(', ')}`, ...PARAMS })
  destinations: SeatDestinations;

  @ApiPropertyOptional({ type: WindowDto, description: `Default ${SEAT_WINDOW_MINUTES} minutes` })
  @IsOptional()
  @ValidateNested()
  @Type(() => WindowDto)
  window: WindowDto = Object.assign(new WindowDto(), { minutes: SEAT_WINDOW_MINUTES });

  @ApiProperty({ type: WarnBlockDto, description: "Each seat's calls; a block intercepts the seat" })
  @IsDefined({ message: 'seat is required', ...PARAMS })
  @ValidateNested()
  @Type(() => WarnBlockDto)
  seat: WarnBlockDto;

  @ApiProperty({
    type: WarnBlockDto,
    description: "Each group's calls, all its seats together; a block intercepts every seat of the group",
  })
  @IsDefined({ message: 'group is required', ...PARAMS })
  @ValidateNested()
  @Type(() => WarnBlockDto)
  group: WarnBlockDto;
}

/** A warn/block threshold per seat or source IP over a window: the shape of the next two kinds. */
class SeatOrIpParamsDto extends WarnBlockDto {
  @ApiProperty({ type: WindowDto })
  @IsDefined({ message: 'window is required', ...WINDOW })
  @ValidateNested()
  @Type(() => WindowDto)
  window: WindowDto;

  @ApiProperty({ enum: SEAT_OR_IP, enumName: 'SeatOrIp', description: 'Count per seat or per source IP' })
  @IsIn(SEAT_OR_IP, { message: `per must be one of ${SEAT_OR_IP.join(', ')}`, ...PARAMS })
  per: 'seat' | 'ip';

  @ApiPropertyOptional({
    enum: SEAT_RESTRICTIONS,
    enumName: 'SeatRestriction',
    description:
      'What a block restricts: the seat or source IP of the call that crossed, or the account; none when absent',
  })
  @IsOptional()
  @IsIn(SEAT_RESTRICTIONS, { message: `restriction must be one of ${SEAT_RESTRICTIONS.join(', ')}`, ...PARAMS })
  restriction?: 'seat' | 'ip' | 'account';
}

/**
 * The params of an `intl_failed_attempts` rule: failed or unanswered international calls, and 011/00 probes
 * that make no number, per seat or IP in the window.
 */
export class IntlFailedAttemptsParamsDto extends SeatOrIpParamsDto {}

/** The params of a `distinct_destinations` rule: `warn` and `block` count distinct destination numbers. */
export class DistinctDestinationsParamsDto extends SeatOrIpParamsDto {}
