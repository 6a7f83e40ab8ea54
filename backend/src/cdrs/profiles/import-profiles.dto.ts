import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { IsIanaTimeZone } from '../../common/validators.js';
import { DATE_FORMATS, type DateFormat } from '../parsing/column-map.js';
import { GENERIC_COLUMNS, type GenericColumn } from '../parsing/generic.js';

const FIELDS_DOC =
  `Field → the header name of its column (hasHeader) or its 1-based position (no header). Fields: ${GENERIC_COLUMNS.join(', ')}. ` +
  'to, start and one of billsec, duration or end are required; no two fields may share a column.';

/** `POST /api/cdrs/profiles` and `PUT /api/cdrs/profiles/:id`. */
export class ImportProfileDto {
  @ApiProperty({ example: 'DIDWW CDR export' }) @IsString() @MinLength(1) @MaxLength(100) name: string;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The customer whose files it reads',
  })
  @IsOptional()
  @IsUUID()
  customerId?: string | null;
  @ApiProperty({ description: "True when the file's first row names its columns" }) @IsBoolean() hasHeader: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    description: FIELDS_DOC,
    example: { start: 'Date/Time (UTC)', to: 'DID', from: 'Source', duration: 'Duration (secs)' },
  })
  @IsObject()
  columns: Partial<Record<GenericColumn, string | number>>;
  @ApiProperty({ enum: DATE_FORMATS, enumName: 'CdrDateFormat', description: 'How dates are written; times follow' })
  @IsIn(DATE_FORMATS)
  dateFormat: DateFormat;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Zone of times without an offset' })
  @IsOptional()
  @IsIanaTimeZone()
  timeZone?: string | null;
  @ApiPropertyOptional({
    type: String,
    nullable: true,
    description: 'Numbering plan: the ISO alpha-2 country whose dialling reads numbers without +',
  })
  @IsOptional()
  @Matches(/^[A-Z]{2}$/, { message: 'homeCountry must be an ISO 3166 alpha-2 country code (2 capital letters)' })
  homeCountry?: string | null;
}

export class ImportProfile {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) customerId: string | null;
  @ApiProperty() hasHeader: boolean;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    description: FIELDS_DOC,
  })
  columns: Partial<Record<GenericColumn, string | number>>;
  @ApiProperty({ enum: DATE_FORMATS, enumName: 'CdrDateFormat' }) dateFormat: DateFormat;
  @ApiProperty({ type: String, nullable: true }) timeZone: string | null;
  @ApiProperty({ type: String, nullable: true }) homeCountry: string | null;
  @ApiProperty({ description: 'Ships with Tollgate: read-only, chosen like a saved one' }) builtIn: boolean;
  @ApiProperty({ type: String, nullable: true, description: "A built-in profile's short name for ?profile=" })
  slug: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'What files a built-in profile reads' })
  description: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The public document a built-in profile follows' })
  source: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}

export class ImportProfileList {
  @ApiProperty({ type: [ImportProfile] }) items: ImportProfile[];
}
