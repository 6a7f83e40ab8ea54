import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { IsIanaTimeZone, IsIpOrCidr } from '../common/validators.js';
import { USAGE_SORTS, type UsageSort } from './usage/usage.service.js';

export const FORMATS = ['auto', 'asterisk', 'freeswitch', 'generic'] as const;

export class ImportQuery {
  @ApiPropertyOptional({ enum: FORMATS, default: 'auto' })
  @IsOptional()
  @IsIn(FORMATS)
  format?: (typeof FORMATS)[number];
  @ApiPropertyOptional({
    description: "Zone of the times without an offset, in every format (default: the profile's, else CDR_TIME_ZONE)",
  })
  @IsOptional()
  @IsIanaTimeZone()
  timeZone?: string;
  @ApiPropertyOptional({ description: 'Asterisk: the userfield column carries the source IP' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  userfieldIsSourceIp?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(255) filename?: string;
  @ApiPropertyOptional({
    description: 'An import profile (id or name): reads the file through its column map, date format, zone and plan',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  profile?: string;
  @ApiPropertyOptional({ description: "The account of rows that name none (a carrier's CDRs of one sub-account)" })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  accountCode?: string;
}

export class CdrListQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({ description: 'ISO-8601 or a day (YYYY-MM-DD) in the customer zone' })
  @IsOptional()
  @IsString()
  from?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() to?: string;
  @ApiPropertyOptional({
    description: 'The called number starts with it (E.164, `+5321`), or the caller or called number is it as written',
  })
  @IsOptional()
  @Matches(/^\+?[0-9]{2,15}$/, { message: 'number must be 2 to 15 digits, with an optional leading +' })
  number?: string;
  @ApiPropertyOptional({ description: 'The source IP is this address or within this range (CIDR)' })
  @IsOptional()
  @IsIpOrCidr()
  ip?: string;
  @ApiPropertyOptional({ description: "A seat: its id, user id, name, SIP user or extension (the CDR's SIP user too)" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  seat?: string;
  @ApiPropertyOptional({ description: 'ISO 3166 alpha-2 of the called number' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.toUpperCase() : value))
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166 alpha-2 code such as CU' })
  country?: string;
}

export class UsageSeriesQuery {
  @ApiPropertyOptional() @IsOptional() @IsUUID() customerId?: string;
  @ApiPropertyOptional({
    description: 'A day (YYYY-MM-DD, in the customer time zone) or an ISO-8601 time; read to the whole hour',
  })
  @IsOptional()
  @IsString()
  from?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() to?: string;
}

export class UsageQuery extends UsageSeriesQuery {
  @ApiPropertyOptional({
    enum: USAGE_SORTS,
    default: 'minutes',
    description: 'Rank rows by minutes or by cost (short, expensive calls first)',
  })
  @IsOptional()
  @IsIn(USAGE_SORTS, { message: `sort must be one of ${USAGE_SORTS.join(', ')}` })
  sort?: UsageSort;
}
