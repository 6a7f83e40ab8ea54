import { ApiProperty } from '@nestjs/swagger';
import type { AccountBlock as Block, Blocklist as List, Decision as Verdict } from './blocklist-index.js';

/** A block that belongs to one customer: the switch applies it to that account's calls only. */
export class AccountBlock implements Block {
  @ApiProperty({ description: 'The account code the block belongs to' }) account: string;
  @ApiProperty() value: string;
}

/** What the switch loads. IPs are global; every other entry names its account. */
export class Blocklist implements List {
  @ApiProperty({ type: [String], description: 'IPs and CIDRs blocked for every account' }) ips: string[];
  @ApiProperty({ type: [AccountBlock], description: 'Seat userIds, the seats of blocked groups included' })
  seats: AccountBlock[];
  @ApiProperty({ type: [AccountBlock], description: 'Group externalIds' }) groups: AccountBlock[];
  @ApiProperty({ type: [AccountBlock], description: 'E.164 prefixes with +' }) destinations: AccountBlock[];
  @ApiProperty({ type: [String], description: 'Account codes blocked whole' }) accounts: string[];
  @ApiProperty({ type: 'integer', description: 'Changes whenever the list does; also `X-Blocklist-Version`' })
  version: number;
}

export class CallDecision implements Verdict {
  @ApiProperty({ enum: ['allow', 'deny'] }) decision: 'allow' | 'deny';
  @ApiProperty({ type: [String], description: 'Why the call is denied, one line per block that applies' })
  reasons: string[];
}
