import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RESTRICTION_KINDS, type RestrictionKind } from '../restrictions/restriction-kinds.js';
import type {
  AccountBlock as Block,
  Blocklist as List,
  DecidingRestriction as Deciding,
  Decision as Verdict,
} from './blocklist-index.js';

/** A block that belongs to one customer: the switch applies it to that account's calls only. */
export class AccountBlock implements Block {
  @ApiProperty({ description: 'The account code the block belongs to' }) account: string;
  @ApiProperty() value: string;
  @ApiPropertyOptional({ format: 'date-time', description: 'When the block ends by itself; absent when permanent' })
  expiresAt?: string;
}

/** What the switch loads. IPs are global; every other entry names its account. */
export class Blocklist implements List {
  @ApiProperty({ type: [String], description: 'IPs and CIDRs blocked for every account' }) ips: string[];
  @ApiProperty({ type: [AccountBlock], description: 'Seat userIds, the seats of blocked groups included' })
  seats: AccountBlock[];
  @ApiProperty({ type: [AccountBlock], description: 'Group externalIds' }) groups: AccountBlock[];
  @ApiProperty({ type: [AccountBlock], description: 'E.164 prefixes with +' }) destinations: AccountBlock[];
  @ApiProperty({
    type: [AccountBlock],
    description: "international, caribbean (non-US NANP) or premium (above the customer's price cap)",
  })
  destinationClasses: AccountBlock[];
  @ApiProperty({ type: [String], description: 'Account codes blocked whole' }) accounts: string[];
  @ApiProperty({ type: 'integer', description: 'Changes whenever the list does; also `X-Blocklist-Version`' })
  version: number;
}

export class DecidingRestriction implements Deciding {
  @ApiProperty({ enum: RESTRICTION_KINDS, enumName: 'RestrictionKind' }) kind: RestrictionKind;
  @ApiProperty() value: string;
  @ApiProperty({
    description: "`FRD-000123`, `brute-force`, or `real-time rule '…'` for a block placed at call set-up",
  })
  source: string;
  @ApiPropertyOptional({ format: 'date-time' }) expiresAt?: string;
}

export class CallDecision implements Verdict {
  @ApiProperty({ enum: ['allow', 'deny'] }) decision: 'allow' | 'deny';
  @ApiProperty({
    type: [String],
    description:
      'Why: one line per block that applies or real-time threshold crossed; for an emergency number, the blocks it passed',
  })
  reasons: string[];
  @ApiPropertyOptional({ type: DecidingRestriction, description: 'The block that denied the call' })
  restriction?: DecidingRestriction;
  @ApiPropertyOptional({ enum: [true], description: 'The callee is an emergency number: always allowed' })
  emergency?: true;
}
