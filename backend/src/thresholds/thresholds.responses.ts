import { ApiProperty } from '@nestjs/swagger';
import { ThresholdLevelsDto } from './thresholds.dto.js';

export class ThresholdRequestView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null: every seat_threshold rule' })
  ruleId: string | null;
  @ApiProperty({ enum: ['seat', 'group'] }) scope: 'seat' | 'group';
  @ApiProperty() targetId: string;
  @ApiProperty({ type: ThresholdLevelsDto, description: 'The levels in force when the request was filed' })
  current: ThresholdLevelsDto;
  @ApiProperty({ type: ThresholdLevelsDto }) requested: ThresholdLevelsDto;
  @ApiProperty() reason: string;
  @ApiProperty({ enum: ['pending', 'approved', 'rejected'] }) status: 'pending' | 'approved' | 'rejected';
  @ApiProperty({
    type: [String],
    description:
      'Seat userIds the approval applied to (the seats in the group at that moment); seats added later keep the defaults',
  })
  appliedTo: string[];
  @ApiProperty({ type: String, nullable: true }) requestedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) decidedBy: string | null;
  @ApiProperty({ type: String, nullable: true }) decisionComment: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty({ type: String, nullable: true }) decidedAt: string | null;
}

export class ThresholdRequestList {
  @ApiProperty({ type: [ThresholdRequestView] }) items: ThresholdRequestView[];
}
