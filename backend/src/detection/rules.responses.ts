import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { EventEvidence, EventRestriction } from '../cases/events.responses.js';
import { EVENT_KINDS, type EventKind, SEVERITIES, type Severity } from '../tickets/case-kinds.js';
import type { DetectionRule, RuleKind, RuleMode, RuleScope } from './rule-model.js';
import { RULE_KINDS, RULE_MODES, RULE_SCOPES } from './rule-model.js';

/** The most events one backtest lists. */
export const MAX_BACKTEST_EVENTS = 1000;

/** A rule as stored, with when it last raised an event, its last 7 days and the outcomes of its tickets. */
export interface RuleView extends DetectionRule {
  lastFiredAt: Date | null;
  week: RuleWeek;
  outcomes: RuleOutcomes;
  falsePositiveShare: number | null;
}

@ApiSchema({ name: 'DetectionRuleWeek' })
export class RuleWeek {
  @ApiProperty({
    type: 'integer',
    description: 'Events the rule raised in the last 7 days (a shadow rule: would have)',
  })
  events: number;
  @ApiProperty({ type: 'integer', description: 'Of them, warnings' }) warnings: number;
  @ApiProperty({ type: 'integer', description: 'Of them, blocks' }) blocks: number;
  @ApiProperty({ type: 'integer', description: 'Customers they were about' }) customers: number;
}

@ApiSchema({ name: 'DetectionRuleOutcomes' })
export class RuleOutcomes {
  @ApiProperty({ type: 'integer', description: 'Tickets the rule opened (it raised their first event)' })
  tickets: number;
  @ApiProperty({ type: 'integer', description: 'Went through source_removed: the customer confirmed fraud' })
  confirmedFraud: number;
  @ApiProperty({ type: 'integer', description: 'Went through charges_accepted: the calls were legitimate' })
  legitimate: number;
  @ApiProperty({ type: 'integer', description: 'Dismissed by the NOC' }) dismissed: number;
  @ApiProperty({ type: 'integer', description: 'No outcome yet' }) open: number;
}

@ApiSchema({ name: 'DetectionRule' })
export class DetectionRuleView implements RuleView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: RULE_KINDS, enumName: 'RuleKind' }) kind: RuleKind;
  @ApiProperty({ enum: RULE_SCOPES, enumName: 'RuleScope' }) scope: RuleScope;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The customer of a customer rule' })
  customerId: string | null;
  @ApiProperty({
    enum: RULE_MODES,
    enumName: 'RuleMode',
    description: 'shadow: events are stored, no ticket, no restriction',
  })
  mode: RuleMode;
  @ApiProperty() enabled: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The kind's params: the *ParamsDto schema of its kind (threshold: ThresholdParamsDto, …)",
  })
  params: DetectionRule['params'];
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it last raised an event' })
  lastFiredAt: Date | null;
  @ApiProperty({ type: RuleWeek }) week: RuleWeek;
  @ApiProperty({ type: RuleOutcomes }) outcomes: RuleOutcomes;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Legitimate and dismissed tickets over those with an outcome (0 to 1); null while none has one',
  })
  falsePositiveShare: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class DetectionRuleList {
  @ApiProperty({ type: [DetectionRuleView] }) items: DetectionRuleView[];
}

/** An event a backtest found: what the rule would have raised, nothing stored. */
@ApiSchema({ name: 'BacktestEvent' })
export class BacktestEventView {
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() accountCode: string;
  @ApiProperty({ enum: EVENT_KINDS, enumName: 'EventKind' }) kind: EventKind;
  @ApiProperty({ enum: SEVERITIES, enumName: 'Severity' }) severity: Severity;
  @ApiProperty({ description: 'Events of one episode share it (the ticket they would join)' }) dedupeKey: string;
  @ApiProperty() summary: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the traffic crossed' }) occurredAt: string;
  @ApiProperty({ type: EventEvidence }) evidence: EventEvidence;
  @ApiProperty({ type: [EventRestriction], description: 'What a live rule would restrict' })
  restrictions: EventRestriction[];
}

export class BacktestResultView {
  @ApiProperty({ type: String, format: 'date-time' }) from: string;
  @ApiProperty({ type: String, format: 'date-time' }) to: string;
  @ApiProperty({ description: 'How many customers the rule was run for' }) customers: number;
  @ApiProperty({ type: [BacktestEventView], description: 'Oldest first' }) events: BacktestEventView[];
  @ApiProperty({ description: `More events than listed (at most ${MAX_BACKTEST_EVENTS})` }) truncated: boolean;
}
