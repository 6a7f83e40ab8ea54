import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
} from 'class-validator';
import { isPossiblePhoneNumber } from 'libphonenumber-js';
import { DetectionErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';
import { ALERT_SEVERITIES, type AlertSeverity, type BaselineJurisdiction, JURISDICTIONS } from './rule-model.js';
import { IsE164Prefixes, IsKnownCountries } from './rules.dto.js';

const CONTACT = withErrorCode(DetectionErrorCode.ContactInvalid);
const PARAMS = withErrorCode(DetectionErrorCode.ParamsInvalid);

const isE164Phone = (v: unknown) => typeof v === 'string' && /^\+[1-9][0-9]{6,14}$/.test(v) && isPossiblePhoneNumber(v);

/** A phone in E.164 (`+16175550100`) that the numbering plan holds. */
function IsE164Phone() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isE164Phone',
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) =>
          `${a.property} has ${JSON.stringify(a.value)}, which is not a phone number in E.164 (e.g. +16175550100)`,
        ...CONTACT,
      },
      validator: { validate: isE164Phone },
    });
}

/** A contact is reachable: an email, a phone, or both. */
function IsReachable() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isReachable',
      target: object.constructor,
      propertyName,
      options: { message: 'contacts must each have an email or a phone', ...CONTACT },
      validator: {
        validate: (_v: unknown, a: ValidationArguments) => {
          const c = a.object as AlertContactDto;
          return !!c.email || !!c.phone;
        },
      },
    });
}

export class AlertContactDto {
  @ApiPropertyOptional({ example: 'Dana Reyes' })
  @IsOptional()
  @IsString(CONTACT)
  @MinLength(1, CONTACT)
  @MaxLength(200, CONTACT)
  @IsReachable()
  name?: string;

  @ApiPropertyOptional({ example: 'noc@harborview.example.com' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be an email address', ...CONTACT })
  @MaxLength(320, CONTACT)
  email?: string;

  @ApiPropertyOptional({ example: '+16175550100', description: 'E.164; kept for SMS, which is not sent yet' })
  @IsOptional()
  @IsE164Phone()
  phone?: string;
}

export class DestinationAllowListDto {
  @ApiPropertyOptional({ type: [String], example: ['GB', 'MX'], description: 'ISO 3166 alpha-2 codes' })
  @IsOptional()
  @IsArray({ message: 'countries must be a list of ISO 3166 alpha-2 codes', ...PARAMS })
  @ArrayMaxSize(300, PARAMS)
  @IsKnownCountries()
  countries?: string[];

  @ApiPropertyOptional({ type: [String], example: ['+44', '+5255'], description: 'E.164 prefixes with +' })
  @IsOptional()
  @IsArray({ message: 'prefixes must be a list of E.164 prefixes', ...PARAMS })
  @ArrayMaxSize(500, PARAMS)
  @IsE164Prefixes()
  prefixes?: string[];
}

export class AlertSettingsDto {
  @ApiPropertyOptional({ type: [AlertContactDto], description: 'Who is mailed of detected events (replaces all)' })
  @IsOptional()
  @IsArray({ message: 'contacts must be a list', ...CONTACT })
  @ArrayMaxSize(20, { message: 'contacts must have at most 20 entries', ...CONTACT })
  @ValidateNested({ each: true })
  @Type(() => AlertContactDto)
  contacts?: AlertContactDto[];

  @ApiPropertyOptional({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity' })
  @IsOptional()
  @IsIn(ALERT_SEVERITIES, { message: `minSeverity must be one of ${ALERT_SEVERITIES.join(', ')}`, ...PARAMS })
  minSeverity?: AlertSeverity;

  @ApiPropertyOptional({
    enum: JURISDICTIONS,
    enumName: 'BaselineJurisdiction',
    isArray: true,
    description: 'Baseline jurisdictions the customer is never alerted about',
  })
  @IsOptional()
  @IsArray({ message: 'optOuts must be a list of jurisdictions', ...PARAMS })
  @IsIn(JURISDICTIONS, { each: true, message: `optOuts must each be one of ${JURISDICTIONS.join(', ')}`, ...PARAMS })
  optOuts?: BaselineJurisdiction[];
}

/** A change to a customer's detection settings; absent parts stay as they are. */
export class UpdateDetectionSettingsDto {
  @ApiPropertyOptional({ description: 'Staff only: no rule applies to the customer' })
  @IsOptional()
  @IsBoolean()
  detectionDisabled?: boolean;

  @ApiPropertyOptional({ type: DestinationAllowListDto, description: 'Staff only; each list given replaces its own' })
  @IsOptional()
  @ValidateNested()
  @Type(() => DestinationAllowListDto)
  destinationAllowList?: DestinationAllowListDto;

  @ApiPropertyOptional({ type: AlertSettingsDto, description: 'Customers may change contacts and minSeverity' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AlertSettingsDto)
  alerts?: AlertSettingsDto;
}

export class DestinationAllowListView {
  @ApiProperty({ type: [String] }) countries: string[];
  @ApiProperty({ type: [String] }) prefixes: string[];
}

export class AlertContactView {
  @ApiPropertyOptional() name?: string;
  @ApiPropertyOptional() email?: string;
  @ApiPropertyOptional() phone?: string;
}

export class AlertSettingsView {
  @ApiProperty({ type: [AlertContactView] }) contacts: AlertContactView[];
  @ApiProperty({ enum: ALERT_SEVERITIES, enumName: 'AlertSeverity' }) minSeverity: AlertSeverity;
  @ApiProperty({ enum: JURISDICTIONS, enumName: 'BaselineJurisdiction', isArray: true })
  optOuts: BaselineJurisdiction[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) snoozedUntil: Date | null;
}

/** docs/api.md §Detection: `GET /api/customers/:id/detection`. */
export class DetectionSettingsView {
  @ApiProperty({ format: 'uuid' }) customerId: string;
  @ApiProperty() detectionDisabled: boolean;
  @ApiProperty({ type: DestinationAllowListView }) destinationAllowList: DestinationAllowListView;
  @ApiProperty({ type: AlertSettingsView }) alerts: AlertSettingsView;
}
