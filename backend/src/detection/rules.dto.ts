import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  registerDecorator,
  ValidateIf,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { DetectionErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';
import { isKnownCountry } from '../common/phone/countries.js';
import { IsInstant } from '../common/validators.js';
import {
  COUNT_PER,
  type CountPer,
  FILTER_KINDS,
  type FilterKind,
  MAX_BACKTEST_DAYS,
  MAX_WINDOW_MINUTES,
  RULE_KINDS,
  RULE_MODES,
  RULE_SCOPES,
  type RuleKind,
  type RuleMode,
  type RuleScope,
  THRESHOLD_RESTRICTIONS,
  type ThresholdRestriction,
} from './rule-model.js';

const PARAMS = withErrorCode(DetectionErrorCode.ParamsInvalid);
const E164_PREFIX = /^\+[1-9][0-9]{0,14}$/;

/** `warn`, when given, is below `block` on the same params. */
export function WarnBelowBlock(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'warnBelowBlock',
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) =>
          `warn (${a.value}) must be below block (${(a.object as { block?: unknown }).block})`,
        ...withErrorCode(DetectionErrorCode.ThresholdsInverted),
        ...options,
      },
      validator: {
        validate: (v: unknown, a: ValidationArguments) => {
          const block = (a.object as { block?: unknown }).block;
          return typeof v !== 'number' || typeof block !== 'number' || v < block;
        },
      },
    });
}

export function IsKnownCountries() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isKnownCountries',
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) =>
          `countries has ${JSON.stringify((a.value as unknown[]).find((c) => !isKnownCountry(c)))}, which is not an ISO 3166 alpha-2 country code (upper case, e.g. LV)`,
        ...withErrorCode(DetectionErrorCode.CountryUnknown),
      },
      // A missing or non-list value is the other rules' to refuse.
      validator: { validate: (v: unknown) => !Array.isArray(v) || v.every(isKnownCountry) },
    });
}

export function IsE164Prefixes() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isE164Prefixes',
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) =>
          `prefixes has ${JSON.stringify((a.value as unknown[]).find((p) => typeof p !== 'string' || !E164_PREFIX.test(p)))}, which is not an E.164 prefix: + and 1 to 15 digits, no leading zero (e.g. +371)`,
        ...withErrorCode(DetectionErrorCode.PrefixMalformed),
      },
      // A missing or non-list value is the other rules' to refuse.
      validator: {
        validate: (v: unknown) => !Array.isArray(v) || v.every((p) => typeof p === 'string' && E164_PREFIX.test(p)),
      },
    });
}

export class WindowDto {
  @ApiProperty({ minimum: 1, maximum: MAX_WINDOW_MINUTES, example: 5, description: 'Length of the sliding window' })
  @IsInt({
    message: 'minutes must be a whole number of minutes',
    ...withErrorCode(DetectionErrorCode.WindowInvalid),
  })
  @Min(1, { message: 'minutes must be at least 1', ...withErrorCode(DetectionErrorCode.WindowInvalid) })
  @Max(MAX_WINDOW_MINUTES, {
    message: `minutes must be at most ${MAX_WINDOW_MINUTES}`,
    ...withErrorCode(DetectionErrorCode.WindowInvalid),
  })
  minutes: number;
}

export class ThresholdFilterDto {
  @ApiProperty({
    enum: FILTER_KINDS,
    enumName: 'ThresholdFilterKind',
    description:
      'prefix / prefix_group: calls to the E.164 prefixes; country / country_group: calls to the countries; ' +
      'same_number: counted per destination number; same_disposition_number: per destination number and disposition',
  })
  @IsIn(FILTER_KINDS, { message: `kind must be one of ${FILTER_KINDS.join(', ')}`, ...PARAMS })
  kind: FilterKind;

  @ApiPropertyOptional({
    type: [String],
    example: ['+371', '+53'],
    description: 'E.164 prefixes with +; required for prefix (exactly one) and prefix_group (one or more)',
  })
  @ValidateIf((o: ThresholdFilterDto) => o.kind === 'prefix' || o.kind === 'prefix_group' || o.prefixes !== undefined)
  @IsArray({ message: 'prefixes must be a list of E.164 prefixes', ...PARAMS })
  @ArrayMinSize(1, { message: 'prefixes must name at least one prefix', ...PARAMS })
  @ArrayMaxSize(500, PARAMS)
  @IsE164Prefixes()
  prefixes?: string[];

  @ApiPropertyOptional({
    type: [String],
    example: ['LV', 'CU', 'SL'],
    description: 'ISO 3166 alpha-2 codes; required for country (exactly one) and country_group (one or more)',
  })
  @ValidateIf(
    (o: ThresholdFilterDto) => o.kind === 'country' || o.kind === 'country_group' || o.countries !== undefined,
  )
  @IsArray({ message: 'countries must be a list of ISO 3166 alpha-2 codes', ...PARAMS })
  @ArrayMinSize(1, { message: 'countries must name at least one country', ...PARAMS })
  @ArrayMaxSize(300, PARAMS)
  @IsKnownCountries()
  countries?: string[];

  @ApiPropertyOptional({
    example: 'FAILED',
    description: 'same_disposition_number: the disposition counted; any when absent',
  })
  @IsOptional()
  @IsString(PARAMS)
  @MinLength(1, PARAMS)
  @MaxLength(40, PARAMS)
  disposition?: string;
}

/** The params of a `threshold` rule. */
export class ThresholdParamsDto {
  @ApiProperty({ type: WindowDto })
  @IsDefined({ message: 'window is required', ...withErrorCode(DetectionErrorCode.WindowInvalid) })
  @ValidateNested()
  @Type(() => WindowDto)
  window: WindowDto;

  @ApiPropertyOptional({
    minimum: 1,
    example: 10,
    description: 'Calls in the window that raise a warning; below block',
  })
  @IsOptional()
  @IsInt({ message: 'warn must be a whole number', ...PARAMS })
  @Min(1, { message: 'warn must be at least 1', ...PARAMS })
  @WarnBelowBlock()
  warn?: number;

  @ApiProperty({ minimum: 1, example: 20, description: 'Calls in the window that raise a block' })
  @IsInt({ message: 'block must be a whole number', ...PARAMS })
  @Min(1, { message: 'block must be at least 1', ...PARAMS })
  @Max(1_000_000, PARAMS)
  block: number;

  @ApiProperty({ type: ThresholdFilterDto })
  @IsDefined({ message: 'filter is required', ...PARAMS })
  @ValidateNested()
  @Type(() => ThresholdFilterDto)
  filter: ThresholdFilterDto;

  @ApiProperty({
    enum: COUNT_PER,
    enumName: 'ThresholdPer',
    description: 'Count per customer, per seat or per source IP',
  })
  @IsIn(COUNT_PER, { message: `per must be one of ${COUNT_PER.join(', ')}`, ...PARAMS })
  per: CountPer;

  @ApiPropertyOptional({
    enum: THRESHOLD_RESTRICTIONS,
    enumName: 'ThresholdRestriction',
    description:
      'What a block restricts: the account, the seat or source IP of the call that crossed, or the destinations ' +
      '(the prefixes for prefix filters, the numbers called otherwise); none when absent',
  })
  @IsOptional()
  @IsIn(THRESHOLD_RESTRICTIONS, {
    message: `restriction must be one of ${THRESHOLD_RESTRICTIONS.join(', ')}`,
    ...PARAMS,
  })
  restriction?: ThresholdRestriction;
}

export class CreateRuleDto {
  @ApiProperty({ example: 'International burst' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  @ApiProperty({ enum: RULE_KINDS, enumName: 'RuleKind' })
  @IsIn(RULE_KINDS, { message: `kind must be one of ${RULE_KINDS.join(', ')}`, ...PARAMS })
  kind: RuleKind;

  @ApiProperty({ enum: RULE_SCOPES, enumName: 'RuleScope' })
  @IsIn(RULE_SCOPES, { message: `scope must be one of ${RULE_SCOPES.join(', ')}`, ...PARAMS })
  scope: RuleScope;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required with scope customer; refused with global' })
  @ValidateIf((o: CreateRuleDto) => o.scope === 'customer' || o.customerId !== undefined)
  @IsUUID(undefined, {
    message: 'customerId must be a customer id (a UUID) with scope customer, and absent with scope global',
    ...withErrorCode(DetectionErrorCode.CustomerUnknown),
  })
  customerId?: string;

  @ApiPropertyOptional({ enum: RULE_MODES, enumName: 'RuleMode', default: 'live' })
  @IsOptional()
  @IsIn(RULE_MODES, { message: `mode must be one of ${RULE_MODES.join(', ')}`, ...PARAMS })
  mode?: RuleMode;

  @ApiPropertyOptional({ default: true }) @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: "The kind's params: one of the *ParamsDto schemas (threshold: ThresholdParamsDto, …)",
  })
  @IsObject({ message: 'params is required', ...PARAMS })
  params: Record<string, unknown>;
}

/** Changes name, mode, enabled or the whole params; scope and customer stay as created. */
export class UpdateRuleDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(1) @MaxLength(200) name?: string;

  @ApiPropertyOptional({ enum: RULE_MODES, enumName: 'RuleMode' })
  @IsOptional()
  @IsIn(RULE_MODES, { message: `mode must be one of ${RULE_MODES.join(', ')}`, ...PARAMS })
  mode?: RuleMode;

  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: "The whole new params, validated against the rule's kind",
  })
  @IsOptional()
  @IsObject({ message: 'params must be an object', ...PARAMS })
  params?: Record<string, unknown>;
}

/** A rule as the editor holds it, saved (`id`) or not: what a backtest runs. */
export class BacktestRuleDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The saved rule being edited, if any' })
  @IsOptional()
  @IsUUID(undefined, { message: 'rule.id must be a rule id (a UUID)', ...PARAMS })
  id?: string;

  @ApiPropertyOptional({ example: 'International burst' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @ApiProperty({ enum: RULE_KINDS, enumName: 'RuleKind' })
  @IsIn(RULE_KINDS, { message: `kind must be one of ${RULE_KINDS.join(', ')}`, ...PARAMS })
  kind: RuleKind;

  @ApiProperty({ enum: RULE_SCOPES, enumName: 'RuleScope' })
  @IsIn(RULE_SCOPES, { message: `scope must be one of ${RULE_SCOPES.join(', ')}`, ...PARAMS })
  scope: RuleScope;

  @ApiPropertyOptional({ format: 'uuid', description: 'Required with scope customer; refused with global' })
  @ValidateIf((o: BacktestRuleDto) => o.scope === 'customer' || o.customerId !== undefined)
  @IsUUID(undefined, {
    message: 'customerId must be a customer id (a UUID) with scope customer, and absent with scope global',
    ...withErrorCode(DetectionErrorCode.CustomerUnknown),
  })
  customerId?: string;

  @ApiProperty({ type: 'object', additionalProperties: true, description: "The kind's params, as for a new rule" })
  @IsObject({ message: 'params is required', ...PARAMS })
  params: Record<string, unknown>;
}

export class BacktestDto {
  @ApiProperty({ type: BacktestRuleDto })
  @IsDefined({ message: 'rule is required', ...PARAMS })
  @ValidateNested()
  @Type(() => BacktestRuleDto)
  rule: BacktestRuleDto;

  @ApiProperty({ format: 'date-time', description: 'The first call judged' })
  @IsInstant({ message: 'from must be an ISO-8601 date-time', ...withErrorCode(DetectionErrorCode.RangeInvalid) })
  from: string;

  @ApiProperty({
    format: 'date-time',
    description: `The last call judged; at most ${MAX_BACKTEST_DAYS} days after from`,
  })
  @IsInstant({ message: 'to must be an ISO-8601 date-time', ...withErrorCode(DetectionErrorCode.RangeInvalid) })
  to: string;
}
