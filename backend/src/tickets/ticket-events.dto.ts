import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsString,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { RestrictionDto } from '../restrictions/restriction-values.js';
import { TICKET_EVENT_TYPES, type TicketEventType, VERDICTS, type Verdict } from './ticket-machine.types.js';

type Field =
  'restrictions' | 'clientSummary' | 'message' | 'verdict' | 'sourceRemoved' | 'acceptCharges' | 'reason' | 'level';

/** The payload fields of each event type, and which of them are required (docs/api.md §Lifecycle events). */
export const EVENT_FIELDS: Record<TicketEventType, { required: Field[]; optional: Field[] }> = {
  RESTRICT: { required: ['restrictions'], optional: ['clientSummary', 'message'] },
  CUSTOMER_REVIEW: { required: ['verdict', 'message'], optional: ['sourceRemoved', 'acceptCharges'] },
  CONFIRM_SOURCE_REMOVED: { required: [], optional: [] },
  CONFIRM_CHARGES_ACCEPTED: { required: [], optional: [] },
  REQUEST_INFO: { required: ['message'], optional: [] },
  LIFT_RESTRICTIONS: { required: [], optional: [] },
  DISMISS: { required: ['reason'], optional: [] },
  REOPEN: { required: ['reason'], optional: [] },
  ESCALATE: { required: ['reason'], optional: [] },
  ACKNOWLEDGE: { required: [], optional: [] },
  RESOLVE_ESCALATION: { required: ['message'], optional: [] },
  PAGE_TIMEOUT: { required: [], optional: ['level'] },
};

/** Validate the field when the event type requires it, or when it was sent anyway. */
const when = (field: Field) =>
  ValidateIf(
    // Own keys only: `toString` or `__proto__` as a type must not find Object.prototype's members.
    (o: TicketEventDto) =>
      o[field] !== undefined || (Object.hasOwn(EVENT_FIELDS, o.type) && EVENT_FIELDS[o.type].required.includes(field)),
  );

export class TicketEventDto {
  @ApiProperty({ enum: TICKET_EVENT_TYPES })
  @IsIn(TICKET_EVENT_TYPES, { message: `type must be one of ${TICKET_EVENT_TYPES.join(', ')}` })
  type: TicketEventType;

  @ApiProperty({ description: 'The ticket version the client saw (optimistic lock)' })
  @IsInt()
  @Min(1)
  version: number;

  @ApiPropertyOptional({ type: [RestrictionDto], description: 'RESTRICT' })
  @when('restrictions')
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => RestrictionDto)
  restrictions?: RestrictionDto[];

  @ApiPropertyOptional({ description: 'RESTRICT: replaces the client-facing summary' })
  @when('clientSummary')
  @IsString()
  @MaxLength(20_000)
  clientSummary?: string;

  @ApiPropertyOptional({ description: 'CUSTOMER_REVIEW, REQUEST_INFO, RESOLVE_ESCALATION; optional on RESTRICT' })
  @when('message')
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  message?: string;

  @ApiPropertyOptional({ enum: VERDICTS, description: 'CUSTOMER_REVIEW' })
  @when('verdict')
  @IsIn(VERDICTS, { message: `verdict must be one of ${VERDICTS.join(', ')}` })
  verdict?: Verdict;

  @ApiPropertyOptional({ description: 'CUSTOMER_REVIEW with verdict fraudulent: must be true' })
  @when('sourceRemoved')
  @IsBoolean()
  sourceRemoved?: boolean;

  @ApiPropertyOptional({ description: 'CUSTOMER_REVIEW with verdict legitimate: must be true' })
  @when('acceptCharges')
  @IsBoolean()
  acceptCharges?: boolean;

  @ApiPropertyOptional({ description: 'DISMISS, REOPEN, ESCALATE' })
  @when('reason')
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  reason?: string;

  @ApiPropertyOptional({ description: 'PAGE_TIMEOUT (system only)' })
  @when('level')
  @IsInt()
  @Min(1)
  level?: number;
}

/** Fields sent that the event type does not take, as 400 messages. */
export function foreignFields(dto: TicketEventDto): string[] {
  const spec = EVENT_FIELDS[dto.type];
  const allowed = new Set<string>([...spec.required, ...spec.optional, 'type', 'version']);
  return Object.keys(dto)
    .filter((k) => (dto as unknown as Record<string, unknown>)[k] !== undefined && !allowed.has(k))
    .map((k) => `${k} is not a field of ${dto.type}`);
}

/** The event's payload as the machine takes it (no type/version). */
export function payloadOf(dto: TicketEventDto): Record<string, unknown> {
  const spec = EVENT_FIELDS[dto.type];
  const out: Record<string, unknown> = {};
  for (const f of [...spec.required, ...spec.optional]) if (dto[f] !== undefined) out[f] = dto[f];
  return out;
}
