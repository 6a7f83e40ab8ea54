import { ApiProperty } from '@nestjs/swagger';
import { RESTRICTION_KINDS, type RestrictionKind } from '../restrictions/restriction-kinds.js';
import { CASE_STATES, type CaseState } from '../tickets/ticket-machine.types.js';
import { OBSERVABLE_KINDS, type ObservableKind } from './observables.js';

export class OtherCase {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'FRD-000123' }) number: string;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseState' }) state: CaseState;
  @ApiProperty({ type: String, format: 'date-time' }) openedAt: Date;
  @ApiProperty() customerName: string;
  @ApiProperty() accountCode: string;
}

export class CaseObservable {
  @ApiProperty({ enum: OBSERVABLE_KINDS, enumName: 'ObservableKind' }) kind: ObservableKind;
  @ApiProperty({
    description: 'As the events name it: a seat user id, an IP, an E.164 number, an ISO country, a rule id',
  })
  value: string;
  @ApiProperty({
    description: "What people call it: the seat's inventory name, the country by name, the rule and its thresholds",
  })
  label: string;
  @ApiProperty({ type: [OtherCase], description: 'The latest other cases (any customer) it appears in, at most 10' })
  otherTickets: OtherCase[];
  @ApiProperty({ description: 'More than 10 other cases name it' }) moreTickets: boolean;
}

export class SuggestedRestriction {
  @ApiProperty({ enum: RESTRICTION_KINDS, enumName: 'RestrictionKind' }) kind: RestrictionKind;
  @ApiProperty() value: string;
}

export class CaseObservableList {
  @ApiProperty({ type: [CaseObservable] }) items: CaseObservable[];
  @ApiProperty({
    type: [SuggestedRestriction],
    description:
      "Where the restrict dialog starts: the restrictions the events named, or else the seat, the IP or the destination's calling code they name",
  })
  suggestedRestrictions: SuggestedRestriction[];
}
