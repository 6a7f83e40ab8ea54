import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsIP, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { BLOCKLIST_KINDS, type BlocklistKind } from './blocklist-index.js';

export class BlocklistQuery {
  @ApiPropertyOptional({ enum: ['json', 'text'], default: 'json' })
  @IsOptional()
  @IsIn(['json', 'text'], { message: 'format must be json or text' })
  format?: 'json' | 'text';

  @ApiPropertyOptional({
    enum: BLOCKLIST_KINDS,
    description:
      'With format=text: one kind only. `ip` gives bare IPs/CIDRs (ipset/nftables); the others `<account> <value>` lines',
  })
  @IsOptional()
  @IsIn(BLOCKLIST_KINDS, { message: `kind must be one of ${BLOCKLIST_KINDS.join(', ')}` })
  kind?: BlocklistKind;
}

export class AuthorizeQueryDto {
  @ApiPropertyOptional({
    enum: ['json', 'sip'],
    default: 'json',
    description:
      'sip: a text/plain answer whose first line is the SIP status to send (`200 OK`, `603 Decline`, `403 Forbidden`), the reasons on the lines after',
  })
  @IsOptional()
  @IsIn(['json', 'sip'], { message: 'format must be json or sip' })
  format?: 'json' | 'sip';
}

export class AuthorizeCallDto {
  @ApiPropertyOptional({ example: 'HARB009' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  accountCode?: string;

  @ApiProperty({ example: '203.0.113.77' })
  @IsIP(undefined, { message: 'sourceIp must be an IPv4 or IPv6 address' })
  sourceIp: string;

  @ApiPropertyOptional({ description: 'Seat userId, SIP username or DID of the calling party', example: 'harb-142' })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  caller?: string;

  @ApiProperty({ description: 'Dialled number; normalised to E.164', example: '011 53 5 555 0100' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  callee: string;
}
