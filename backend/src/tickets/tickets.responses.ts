import { EscalationPageView } from '../oncall/oncall.responses.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { pageOf } from '../common/api-page.js';
import { QueueFilterDto } from './tickets.dto.js';
import { RESTRICTION_KINDS, type RestrictionKind } from '../restrictions/restriction-kinds.js';
import { EVENT_KINDS, type EventKind, SEVERITIES, type Severity } from './case-kinds.js';
import {
  CASE_STATES,
  type CaseState,
  ESCALATION_STATES,
  type EscalationState,
  TICKET_EVENT_TYPES,
  TICKET_ROLES,
  type TicketEventType,
  type TicketRole,
  VERDICTS,
  type Verdict,
} from './ticket-machine.types.js';

const VISIBILITIES = ['internal', 'customer'] as const;
type Visibility = (typeof VISIBILITIES)[number];

export class Exposure {
  @ApiProperty({ type: 'integer' }) calls: number;
  @ApiProperty() minutes: number;
  @ApiProperty() cost: number;
}

/** A row of the queue (`GET /api/tickets`); the ticket itself carries more. */
export class TicketSummary {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'FRD-000123' }) number: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() customerName: string;
  @ApiProperty({ description: "The customer's account code: the switch's blocklist names customer blocks by it" })
  accountCode: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: EVENT_KINDS, enumName: 'EventKind' }) kind: EventKind;
  @ApiProperty({ enum: SEVERITIES, enumName: 'Severity' }) severity: Severity;
  @ApiProperty({ description: 'Detected events with this key join the ticket while it is open' }) dedupeKey: string;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState' }) state: CaseState;
  @ApiProperty({ enum: ESCALATION_STATES, enumName: 'Escalation' }) escalation: EscalationState;
  @ApiProperty({ type: 'integer', description: '0 while idle; 1 on ESCALATE; +1 per unacknowledged page time-out' })
  escalationLevel: number;
  @ApiProperty({
    enum: ['noc', 'customer'],
    enumName: 'WaitsOn',
    nullable: true,
    description: "Whose move it is: a restricted case waits on the customer's review, a closed one on nobody",
  })
  waitsOn: 'noc' | 'customer' | null;
  @ApiProperty({ type: 'integer', description: 'Send it back with each event (optimistic lock)' }) version: number;
  @ApiProperty({ type: 'integer', description: 'Detected events attached to the ticket' }) eventCount: number;
  @ApiProperty({ type: Exposure }) exposure: Exposure;
  @ApiProperty({ type: String, format: 'date-time' }) openedAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt: Date | null;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The technician who took the case; null when nobody did (always null for customer users)',
  })
  ownerId: string | null;
  @ApiProperty({ type: String, nullable: true }) ownerName: string | null;
  @ApiProperty({
    type: [String],
    description: "Outside references, e.g. an upstream carrier's ticket number; its later notices join this case",
    example: ['NOC-2025091100342'],
  })
  externalRefs: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The case's first fraudulent call" })
  firstCallAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: "The case's last fraudulent call" })
  lastCallAt: Date | null;
  @ApiProperty({
    enum: TICKET_EVENT_TYPES,
    enumName: 'TicketEventType',
    isArray: true,
    description: "The events the caller may send now, in the lifecycle machine's order",
  })
  allowedEvents: TicketEventType[];
}

export class TicketSummaryPage extends pageOf(TicketSummary) {}

/** A customer whose inventory a restricted IP range covered when it was placed. */
export class CoveredCustomer {
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() accountCode: string;
  @ApiProperty() name: string;
}

export class TicketRestriction {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: RESTRICTION_KINDS, enumName: 'RestrictionKind' }) kind: RestrictionKind;
  @ApiProperty({ description: "In canonical form: CIDR text, the seat's stored userId, …" }) value: string;
  @ApiProperty({ enum: ['active', 'lifted'] }) status: 'active' | 'lifted';
  @ApiProperty({
    description: "What it blocks, in the customer's words: `calls to numbers starting +5321 (Cuba)`",
  })
  blocks: string;
  @ApiProperty({ description: 'The name of who placed it' }) createdBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, nullable: true }) liftedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) liftedAt: Date | null;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When a timer lifts it (the service is restored); null when permanent',
  })
  expiresAt: Date | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: "NOC only: why an IP range reaches beyond the ticket customer's addresses",
  })
  reason?: string | null;
  @ApiPropertyOptional({
    type: [CoveredCustomer],
    description: 'NOC only: the customers whose inventory the range covered when it was placed',
  })
  covers?: CoveredCustomer[];
}

/** An item of the investigation checklist, copied from the kind's template when the ticket opened. */
export class ChecklistItem {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: 'integer' }) position: number;
  @ApiProperty({ description: 'The question to answer' }) item: string;
  @ApiProperty() checked: boolean;
  @ApiProperty({ type: String, nullable: true }) finding: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The name of who last changed it' })
  checkedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) checkedAt: Date | null;
}

export class EvidenceWindow {
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The first linked call' })
  from: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The last linked call' })
  to: Date | null;
}

export class SlaClocks {
  @ApiProperty({ type: 'integer', nullable: true, description: 'Opened → first NOC action' })
  acknowledgeSeconds: number | null;
  @ApiProperty({ type: 'integer', nullable: true, description: 'Opened → first restriction' })
  restrictSeconds: number | null;
  @ApiProperty({ type: 'integer', description: 'Time restricted while waiting for the customer, so far' })
  waitingOnCustomerSeconds: number;
}

/** `GET /api/tickets/:id`, and the answer of every change to the ticket. */
export class TicketDetail extends TicketSummary {
  @ApiProperty({ type: [TicketRestriction], description: 'In the order they were placed' })
  restrictions: TicketRestriction[];
  @ApiProperty({ description: "The customer's time zone (IANA), for their wall clock beside the viewer's" })
  customerTimeZone: string;
  @ApiProperty({ description: 'The client-facing summary; its first line is the title' }) clientSummary: string;
  @ApiProperty({
    enum: VERDICTS,
    enumName: 'Verdict',
    nullable: true,
    description: "The customer's review, once given",
  })
  verdict: Verdict | null;
  @ApiProperty({ type: EvidenceWindow }) evidenceWindow: EvidenceWindow;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) acknowledgedAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) restrictedAt: Date | null;
  @ApiProperty({ type: [ChecklistItem], description: 'NOC only: always empty for customer users' })
  checklist: ChecklistItem[];
  @ApiProperty({ type: SlaClocks }) sla: SlaClocks;
  @ApiProperty({
    type: [EscalationPageView],
    description: 'Staff only: the pages of the running escalation and whom each reached (empty while idle)',
  })
  paged: EscalationPageView[];
}

export class TimelineActor {
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null for the system' })
  id: string | null;
  @ApiProperty({ enum: TICKET_ROLES, enumName: 'TicketRole' }) role: TicketRole;
  @ApiProperty() name: string;
}

const PAYLOAD = {
  type: 'object',
  additionalProperties: true,
  description: 'Per type: `note` {body}, `opened` {title, …}, an event its fields, … (customers see fewer)',
} as const;

/** One entry of a ticket's append-only history. */
export class TimelineEntry {
  @ApiProperty({ description: 'A string of digits, in the order written' }) id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ description: 'A lifecycle event type, or opened, note, checklist, detected_event, …' }) type: string;
  @ApiProperty({ type: TimelineActor }) actor: TimelineActor;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState', nullable: true }) fromState: CaseState | null;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState', nullable: true }) toState: CaseState | null;
  @ApiProperty(PAYLOAD) payload: Record<string, unknown>;
  @ApiProperty({ enum: VISIBILITIES, enumName: 'Visibility' }) visibility: Visibility;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
}

export class TimelineEntryPage extends pageOf(TimelineEntry) {}

/** The answer of `POST /api/tickets/:id/notes`: the entry as written. */
export class WrittenTimelineEntry {
  @ApiProperty() id: string;
  @ApiProperty() type: string;
  @ApiProperty({ enum: VISIBILITIES, enumName: 'Visibility' }) visibility: Visibility;
  @ApiProperty(PAYLOAD) payload: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
}

export class AttachmentUploader {
  @ApiProperty() name: string;
  @ApiProperty() role: string;
}

export class Attachment {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'The name made safe (no path, control or bidi characters, at most 150 characters)' })
  filename: string;
  @ApiProperty({ description: 'Judged from the bytes and the extension, not taken from the browser' })
  contentType: string;
  @ApiProperty({ type: 'integer' }) sizeBytes: number;
  @ApiProperty({ description: 'Hex sha256 of the stored bytes' }) sha256: string;
  @ApiProperty({ enum: VISIBILITIES, enumName: 'Visibility' }) visibility: Visibility;
  @ApiProperty({ type: AttachmentUploader, nullable: true, description: 'null: it came with an email' })
  uploadedBy: AttachmentUploader | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
}

export class AttachmentPage extends pageOf(Attachment) {}

export class ChecklistTemplate {
  @ApiProperty({ enum: EVENT_KINDS, enumName: 'EventKind' }) kind: EventKind;
  @ApiProperty({ type: [String], description: 'Copied to tickets of this kind when they open' }) items: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'null: never saved' })
  updatedAt: Date | null;
}

export class ChecklistTemplatePage extends pageOf(ChecklistTemplate) {}

export class CaseCall {
  @ApiProperty({ description: 'The CDR id' }) id: string;
  @ApiProperty({ description: "The switch's call id" }) callId: string;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: Date;
  @ApiProperty({ type: String, nullable: true, description: "The seat's name in the inventory" }) seat: string | null;
  @ApiProperty({ type: String, nullable: true }) sipUser: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceIp: string | null;
  @ApiProperty({ type: String, nullable: true }) caller: string | null;
  @ApiProperty({ description: 'The number as the switch wrote it' }) called: string;
  @ApiProperty({ type: String, nullable: true }) calledE164: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166 alpha-2' }) country: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Latvia' }) countryName: string | null;
  @ApiProperty() disposition: string;
  @ApiProperty({ type: 'integer' }) billsec: number;
  @ApiProperty({ type: Number, nullable: true }) cost: number | null;
}

export class CaseCallPage extends pageOf(CaseCall) {}

export class CallSeriesPoint {
  @ApiProperty({ type: String, format: 'date-time', description: "The bucket's start" }) at: Date;
  @ApiProperty({ type: 'integer' }) calls: number;
  @ApiProperty() cost: number;
}

export class CallSeries {
  @ApiProperty({ type: 'integer', description: 'The width of each bucket' }) bucketSeconds: number;
  @ApiProperty({ type: [CallSeriesPoint] }) points: CallSeriesPoint[];
}

/** A restriction in force on a customer's account, and the case that placed it. */
export class CustomerRestriction {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: RESTRICTION_KINDS, enumName: 'RestrictionKind' }) kind: RestrictionKind;
  @ApiProperty() value: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ type: String, nullable: true, example: 'FRD-000123' }) ticketNumber: string | null;
  @ApiProperty({ description: 'The name of who placed it' }) createdBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When a timer lifts it' })
  expiresAt: Date | null;
}

/** `GET /api/tickets/restrictions?customerId=`: newest first, at most 500. */
export class CustomerRestrictionList {
  @ApiProperty({ type: [CustomerRestriction] }) items: CustomerRestriction[];
}

export class SavedQueueFilter {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: QueueFilterDto, description: 'The query fields of `GET /api/tickets` it applies' })
  filter: QueueFilterDto;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class SavedQueueFilterList {
  @ApiProperty({ type: [SavedQueueFilter], description: 'By name' }) items: SavedQueueFilter[];
}

export class BulkActionResult {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true, description: 'FRD-000123; null when the caller cannot see the ticket' })
  number: string | null;
  @ApiProperty() ok: boolean;
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'Why it was refused: the error code a single request gets',
  })
  code: string | null;
  @ApiProperty({ type: String, nullable: true }) message: string | null;
}

export class BulkActionOutcome {
  @ApiProperty({ type: [BulkActionResult], description: 'One per distinct id, in the order sent' })
  results: BulkActionResult[];
  @ApiProperty({ type: 'integer' }) done: number;
  @ApiProperty({ type: 'integer' }) refused: number;
}
