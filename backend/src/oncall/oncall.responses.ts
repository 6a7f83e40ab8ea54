import { ApiProperty } from '@nestjs/swagger';
import { OnCallSetupDto, PolicyDto } from './oncall.dto.js';

export class OnCallSetupView extends OnCallSetupDto {
  @ApiProperty({ type: String, nullable: true, description: 'Null until an admin saves the setup' })
  updatedAt: string | null;
}

class EngineerContact {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() email: string;
}

class EngineerRef {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
}

export class OnCallNowView {
  @ApiProperty({ type: EngineerContact, nullable: true, description: 'Null when nobody is in the rotation' })
  engineer: EngineerContact | null;
  @ApiProperty({ type: String, nullable: true, description: 'The next hand-off, or an override starting or ending' })
  until: string | null;
  @ApiProperty({ type: EngineerRef, nullable: true }) next: EngineerRef | null;
  @ApiProperty({ description: 'On call through an override (holiday cover, swap)' }) override: boolean;
  @ApiProperty({ description: "Inside the team's business hours now" }) businessHours: boolean;
}

export class EscalationPageView {
  @ApiProperty() level: number;
  @ApiProperty({ type: EngineerRef }) engineer: EngineerRef;
  @ApiProperty() pagedAt: string;
}

export class EscalationView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) ticketId: string;
  @ApiProperty() ticketNumber: string;
  @ApiProperty() ticketTitle: string;
  @ApiProperty() severity: string;
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
  @ApiProperty() startedAt: string;
  @ApiProperty({ description: 'The page level now: 1 the engineer on call, 2 the next, 3 everyone' }) level: number;
  @ApiProperty({ type: String, nullable: true }) acknowledgedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) endedAt: string | null;
  @ApiProperty({ description: 'The caller was paged for it' }) pagedMe: boolean;
  @ApiProperty({ type: PolicyDto, description: 'The policy as it was when the escalation started' })
  policy: PolicyDto;
  @ApiProperty({ type: [EscalationPageView] }) pages: EscalationPageView[];
}

export class EscalationList {
  @ApiProperty({ type: [EscalationView] }) items: EscalationView[];
}
