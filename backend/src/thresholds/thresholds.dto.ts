import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ThresholdErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';

const INVALID = withErrorCode(ThresholdErrorCode.RequestInvalid);

const level = (what: string) => [
  IsOptional(),
  IsInt({ message: `${what} must be a whole number`, ...INVALID }),
  Min(1, { message: `${what} must be at least 1`, ...INVALID }),
  Max(1_000_000, { message: `${what} must be at most 1000000`, ...INVALID }),
];
const apply =
  (...decorators: PropertyDecorator[]) =>
  (target: object, key: string) =>
    decorators.forEach((d) => d(target, key));

/** Calls in the rule's window: the call (warning) and block thresholds of a seat and of its group. */
export class ThresholdLevelsDto {
  @ApiPropertyOptional({ minimum: 1, description: "A seat's warning threshold (the rule's seat.warn)" })
  @apply(...level('userCallThreshold'))
  userCallThreshold?: number;

  @ApiPropertyOptional({ minimum: 1, description: "A seat's block threshold (the rule's seat.block)" })
  @apply(...level('userBlockThreshold'))
  userBlockThreshold?: number;

  @ApiPropertyOptional({ minimum: 1, description: "The group's warning threshold (the rule's group.warn)" })
  @apply(...level('groupCallThreshold'))
  groupCallThreshold?: number;

  @ApiPropertyOptional({ minimum: 1, description: "The group's block threshold (the rule's group.block)" })
  @apply(...level('groupBlockThreshold'))
  groupBlockThreshold?: number;
}

export class ThresholdRequestDto {
  @ApiProperty({ format: 'uuid', description: 'The ticket the request is filed from' })
  @IsUUID('all', { message: 'ticketId must be a ticket id', ...withErrorCode(ThresholdErrorCode.TargetUnknown) })
  ticketId: string;

  @ApiProperty({ enum: ['seat', 'group'] })
  @IsIn(['seat', 'group'], { message: 'scope must be seat or group', ...INVALID })
  scope: 'seat' | 'group';

  @ApiProperty({ description: "The seat's userId or the group's externalId, of the ticket's customer" })
  @IsString({ message: 'targetId must be a string', ...INVALID })
  @MinLength(1, { message: 'targetId must not be empty', ...INVALID })
  @MaxLength(300, INVALID)
  targetId: string;

  @ApiProperty({ type: ThresholdLevelsDto })
  @IsDefined({ message: 'requested is required', ...INVALID })
  @ValidateNested()
  @Type(() => ThresholdLevelsDto)
  requested: ThresholdLevelsDto;

  @ApiProperty({ description: 'Why the traffic is legitimate' })
  @IsString({ message: 'reason must be a string', ...INVALID })
  @MinLength(3, { message: 'reason must say why (at least 3 characters)', ...INVALID })
  @MaxLength(2000, INVALID)
  reason: string;
}

export class ThresholdDecisionDto {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString({ message: 'comment must be a string', ...INVALID })
  @MaxLength(2000, INVALID)
  comment?: string;
}

export class ThresholdRequestQuery {
  @ApiPropertyOptional({ enum: ['pending', 'approved', 'rejected'] })
  @IsOptional()
  @IsIn(['pending', 'approved', 'rejected'], { message: 'status must be pending, approved or rejected', ...INVALID })
  status?: 'pending' | 'approved' | 'rejected';

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'ticketId must be a ticket id', ...INVALID })
  ticketId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('all', { message: 'customerId must be a customer id', ...INVALID })
  customerId?: string;
}
