import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { pageOf } from '../common/api-page.js';
import {
  BLACKLIST_LEVELS,
  BLACKLIST_STATUSES,
  type BlacklistEntry,
  type BlacklistLevel,
  type BlacklistStatus,
} from './blacklist-model.js';

export class WhitelistedBy {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) id: string | null;
  @ApiProperty({ description: 'The name of the user who whitelisted, as it was then' }) name: string;
}

@ApiSchema({ name: 'BlacklistEntry' })
export class BlacklistEntryView implements BlacklistEntry {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '203.0.113.9' }) ip: string;
  @ApiProperty({
    enum: BLACKLIST_STATUSES,
    enumName: 'BlacklistStatus',
    description:
      'blacklisted: in the enforcement blocklist; watch: crossed the warn threshold, listed only; trusted: a ' +
      "customer's registered address or BLACKLIST_TRUSTED, never blacklisted; whitelisted: taken off by staff; " +
      'shadow: what a shadow rule would have done, never enforced',
  })
  status: BlacklistStatus;
  @ApiProperty({ enum: BLACKLIST_LEVELS, enumName: 'BlacklistLevel', description: "The rule's threshold crossed" })
  level: BlacklistLevel;
  @ApiProperty({
    example:
      "212 failed SIP registrations and 14 failed portal logins in 10 min from 203.0.113.9 (users 1001, 1002); rule 'SIP brute force' blocks at 50 per 10 min",
  })
  reason: string;
  @ApiProperty({ description: 'Failed SIP registrations in the window that crossed' }) sipFailures: number;
  @ApiProperty({ description: 'Failed portal logins in the window that crossed' }) portalFailures: number;
  @ApiProperty({ type: [String], description: 'SIP usernames and portal emails tried (at most 50)' })
  users: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firstFailureAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastFailureAt: Date | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) ruleId: string | null;
  @ApiProperty({ type: String, nullable: true }) ruleName: string | null;
  @ApiProperty({ type: String, format: 'date-time', description: 'When the IP was first listed' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) whitelistedAt: Date | null;
  @ApiProperty({ type: WhitelistedBy, nullable: true }) whitelistedBy: WhitelistedBy | null;
}

export class BlacklistPage extends pageOf(BlacklistEntryView) {}
