import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { DetectionRule, RuleKind, RuleMode, RuleScope } from './rule-model.js';
import { RULE_KINDS, RULE_MODES, RULE_SCOPES } from './rule-model.js';

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
