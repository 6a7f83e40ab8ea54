import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { DetectionRule, RuleKind, RuleMode, RuleScope } from './rule-model.js';
import { RULE_KINDS, RULE_MODES, RULE_SCOPES } from './rule-model.js';

/** A rule as stored, with when it last raised an event. */
export interface RuleView extends DetectionRule {
  lastFiredAt: Date | null;
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
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class DetectionRuleList {
  @ApiProperty({ type: [DetectionRuleView] }) items: DetectionRuleView[];
}
