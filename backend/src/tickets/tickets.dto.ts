import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { SEVERITIES, type Severity } from './case-kinds.js';
import { CASE_STATES } from './ticket-machine.types.js';
import { QUEUE_ORDERS, QUEUE_SORTS, type QueueOrder, type QueueSort } from './queue-sorts.js';

const STATE_FILTER = new RegExp(
  `^(${[...CASE_STATES, 'open', 'closed'].join('|')})(,(${[...CASE_STATES, 'open', 'closed'].join('|')}))*$`,
);

/** The queue's filter and sort: what `GET /api/tickets` takes besides paging, and what a saved filter holds. */
export class QueueFilterDto {
  @ApiPropertyOptional({
    description: `Comma-separated case states, or \`open\` / \`closed\`: ${CASE_STATES.join(', ')}`,
    example: 'open',
  })
  @IsOptional()
  @Matches(STATE_FILTER, { message: `state must be a comma-separated list of ${CASE_STATES.join(', ')}, open, closed` })
  state?: string;

  @ApiPropertyOptional() @IsOptional() @IsUUID() customerId?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES, { message: `severity must be one of ${SEVERITIES.join(', ')}` })
  severity?: Severity;

  @ApiPropertyOptional({ description: 'A ticket number (FRD-000123 or 123) or text in title, customer, dedupe key' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: "`me` (the caller's cases), `none` (cases nobody owns) or a user id" })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, {
    message: 'owner must be me, none or a user id',
  })
  owner?: string;

  @ApiPropertyOptional({
    enum: QUEUE_SORTS,
    enumName: 'QueueSort',
    description: 'The column to sort on; without it the queue is most severe first, then oldest first',
  })
  @IsOptional()
  @IsIn(QUEUE_SORTS, { message: `sort must be one of ${QUEUE_SORTS.join(', ')}` })
  sort?: QueueSort;

  @ApiPropertyOptional({
    enum: QUEUE_ORDERS,
    enumName: 'QueueOrder',
    description: 'asc by default with a sort; without a sort, desc (most severe first)',
  })
  @IsOptional()
  @IsIn(QUEUE_ORDERS, { message: 'order must be asc or desc' })
  order?: QueueOrder;
}

export class TicketListQuery extends IntersectionType(QueueFilterDto, PageQuery) {}

export class SaveQueueFilterDto {
  @ApiProperty({ description: "The filter's name; saving under a name the caller used replaces that filter" })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @ApiProperty({ type: QueueFilterDto })
  @IsDefined({ message: 'filter is required' })
  @ValidateNested()
  @Type(() => QueueFilterDto)
  filter: QueueFilterDto;
}

export class AssignDto {
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The new owner, an active technician, engineer or admin; null releases the case',
  })
  @IsDefined({ message: 'userId is required (null releases the case)' })
  @ValidateIf((o: AssignDto) => o.userId !== null)
  @IsUUID('all', { message: 'userId must be a user id or null' })
  userId: string | null;
}

export class TimelineQuery extends PageQuery {}

const CALL_SORTS = ['startedAt', 'seat', 'sourceIp', 'called', 'country', 'billsec', 'cost'];

export class CaseCallsQuery extends PageQuery {
  @ApiPropertyOptional({
    description: `One of ${CALL_SORTS.join(', ')}; a leading - sorts descending`,
    default: '-startedAt',
  })
  @IsOptional()
  @IsIn([...CALL_SORTS, ...CALL_SORTS.map((s) => `-${s}`)], {
    message: `sort must be one of ${CALL_SORTS.join(', ')}, with an optional leading -`,
  })
  sort?: string;
}

export class NoteDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(20_000) body: string;

  @ApiProperty({ enum: ['internal', 'customer'], description: 'Customers may only write customer-visible notes' })
  @IsIn(['internal', 'customer'], { message: 'visibility must be internal or customer' })
  visibility: 'internal' | 'customer';
}

export class ClientSummaryDto {
  @ApiProperty({ description: 'The client-facing summary; its first line is the title' })
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  clientSummary: string;
}

export class ChecklistItemPatchDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() checked?: boolean;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsString() @MaxLength(5_000) finding?: string;
}

export class ChecklistTemplateDto {
  @ApiProperty({ type: [String], example: ['Is international dialling enabled on the affected seats?'] })
  @IsArray()
  @ArrayMinSize(0)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  items: string[];
}

export class CustomerRestrictionsQuery {
  @ApiProperty({ format: 'uuid', description: 'The customer whose active restrictions to list' })
  @IsUUID()
  customerId: string;
}

/** The most cases one bulk action takes: a screenful of the queue. */
export const BULK_MAX_IDS = 100;

export class BulkActionDto {
  @ApiProperty({ type: [String], format: 'uuid', description: `1 to ${BULK_MAX_IDS} ticket ids` })
  @IsArray()
  @ArrayMinSize(1, { message: 'ids must name at least one ticket' })
  @ArrayMaxSize(BULK_MAX_IDS, { message: `ids must name at most ${BULK_MAX_IDS} tickets` })
  @IsUUID('all', { each: true, message: 'ids must be ticket ids' })
  ids: string[];

  @ApiProperty({ enum: ['assign', 'dismiss'] })
  @IsIn(['assign', 'dismiss'], { message: 'action must be assign or dismiss' })
  action: 'assign' | 'dismiss';

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'assign: the new owner (an active technician, engineer or admin); null releases the cases',
  })
  @ValidateIf((o: BulkActionDto) => o.action === 'assign')
  @IsDefined({ message: 'userId is required to assign (null releases the cases)' })
  @ValidateIf((o: BulkActionDto) => o.userId !== null)
  @IsUUID('all', { message: 'userId must be a user id or null' })
  userId?: string | null;

  @ApiPropertyOptional({ description: 'dismiss: why (the timeline keeps it, as for one DISMISS)' })
  @ValidateIf((o: BulkActionDto) => o.action === 'dismiss' || o.reason !== undefined)
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  reason?: string;
}
