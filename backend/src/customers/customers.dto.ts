import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { PageQuery } from '../common/pagination.js';
import { IsIanaTimeZone, IsIpOrCidr, IsOptionalNotNull } from '../common/validators.js';

const ACCOUNT_CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const STATE = /^[A-Z]{2}$/;
const COUNTRY = /^[A-Z]{2}$/;

export class ContactDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() @MaxLength(320) email?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9 ()./-]{3,32}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

export class SeatDto {
  @ApiProperty({ example: '2125550101@acme.example.net' }) @IsString() @MinLength(1) @MaxLength(200) userId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) sipUsername?: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^\+?[0-9]{4,15}$/, { message: 'did must be digits, optionally with a leading +' })
  did?: string;
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Matches(/^[0-9*#]{1,10}$/, { message: 'extension must be 1-10 digits' })
  extension?: string;
}

export class GroupDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) externalId: string;
  @ApiProperty({ type: [SeatDto] })
  @IsArray()
  @ArrayMaxSize(50_000)
  @ValidateNested({ each: true })
  @Type(() => SeatDto)
  seats: SeatDto[];
}

export class CreateCustomerDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty()
  @Matches(ACCOUNT_CODE, { message: 'accountCode must be 1-64 letters, digits, dot, dash or underscore' })
  accountCode: string;
  @ApiProperty({ example: 'America/New_York' }) @IsIanaTimeZone() timezone: string;
  @ApiPropertyOptional({ description: 'Home state/province (2 letters)' })
  @IsOptional()
  @Matches(STATE, { message: 'state must be a 2-letter state or province code' })
  state?: string;
  @ApiPropertyOptional({ description: 'Home country, ISO 3166 alpha-2: reads CDR numbers written without +' })
  @IsOptional()
  @Matches(COUNTRY, { message: 'country must be an ISO 3166 alpha-2 country code (2 capital letters)' })
  country?: string;
  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsIpOrCidr({ each: true, message: 'ips must contain only IP addresses or CIDRs (host bits zero)' })
  ips?: string[];
}

export class UpdateCustomerDto {
  @ApiPropertyOptional() @IsOptionalNotNull() @IsString() @MinLength(1) @MaxLength(200) name?: string;
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @Matches(ACCOUNT_CODE, { message: 'accountCode must be 1-64 letters, digits, dot, dash or underscore' })
  accountCode?: string;
  @ApiPropertyOptional() @IsOptionalNotNull() @IsIanaTimeZone() timezone?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'null clears it' })
  @IsOptional()
  @Matches(STATE, { message: 'state must be a 2-letter state or province code' })
  state?: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'ISO 3166 alpha-2; null: CDR_HOME_COUNTRY' })
  @IsOptional()
  @Matches(COUNTRY, { message: 'country must be an ISO 3166 alpha-2 country code (2 capital letters)' })
  country?: string | null;
  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsIpOrCidr({ each: true, message: 'ips must contain only IP addresses or CIDRs (host bits zero)' })
  ips?: string[];
}

/** One customer of a bulk import; semantic checks (time zone, IPs) name the account code in the service. */
export class ImportCustomerDto {
  @ApiProperty() @IsString() @MinLength(1) @MaxLength(200) name: string;
  @ApiProperty()
  @Matches(ACCOUNT_CODE, { message: 'accountCode must be 1-64 letters, digits, dot, dash or underscore' })
  accountCode: string;
  @ApiProperty() @IsString() timezone: string;
  @ApiPropertyOptional()
  @IsOptional()
  @Matches(STATE, { message: 'state must be a 2-letter state or province code' })
  state?: string;
  @ApiPropertyOptional({ description: 'Home country, ISO 3166 alpha-2: reads CDR numbers written without +' })
  @IsOptional()
  @Matches(COUNTRY, { message: 'country must be an ISO 3166 alpha-2 country code (2 capital letters)' })
  country?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) ips?: string[];
  @ApiPropertyOptional({ type: [GroupDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => GroupDto)
  groups?: GroupDto[];
  @ApiPropertyOptional({ type: [ContactDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ContactDto)
  contacts?: ContactDto[];
}

export class ImportCustomersDto {
  @ApiProperty({ type: [ImportCustomerDto] })
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ImportCustomerDto)
  customers: ImportCustomerDto[];
}

export class CustomerListQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Matches name or account code' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  q?: string;
}
