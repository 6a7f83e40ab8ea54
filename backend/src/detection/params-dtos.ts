// Each rule kind's params DTO, and the one validation of a rule's params against its kind.
import { ValidationPipe } from '@nestjs/common';
import type { ClassConstructor } from 'class-transformer';
import { AppError, badInput } from '../common/app-error.js';
import { CommonErrorCode, DetectionErrorCode } from '../common/error-codes.js';
import { InputValidationPipe } from '../common/input-text.js';
import { BruteForceParamsDto } from './brute-force.dto.js';
import type { RuleKind, RuleParamsByKind } from './rule-model.js';
import { BaselineParamsDto } from './baseline.dto.js';
import { CallRateParamsDto } from './call-rate.dto.js';
import { ThresholdParamsDto } from './rules.dto.js';
import {
  FirstTrafficIpParamsDto,
  MaxRateParamsDto,
  NewDestinationParamsDto,
  SpendLimitParamsDto,
} from './spend.dto.js';
import {
  DistinctDestinationsParamsDto,
  IntlFailedAttemptsParamsDto,
  SeatThresholdParamsDto,
} from './seat-rules.dto.js';

/**
 * The params DTO of every kind that can be created. A detector adds its kind here; the OpenAPI document lists
 * them all as the `params` alternatives.
 */
export const PARAMS_DTOS: { [K in RuleKind]?: ClassConstructor<object> } = {
  threshold: ThresholdParamsDto,
  spend_limit: SpendLimitParamsDto,
  max_rate: MaxRateParamsDto,
  first_traffic_ip: FirstTrafficIpParamsDto,
  new_destination: NewDestinationParamsDto,
  baseline: BaselineParamsDto,
  brute_force: BruteForceParamsDto,
  seat_threshold: SeatThresholdParamsDto,
  intl_failed_attempts: IntlFailedAttemptsParamsDto,
  distinct_destinations: DistinctDestinationsParamsDto,
  call_rate: CallRateParamsDto,
};

const pipe: ValidationPipe = new InputValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
});

/**
 * The params validated against the kind's DTO, as the plain JSON the table keeps (no class instances, no
 * undefined keys). A 400 names each bad field as `params.<path>`.
 */
export async function validParams<K extends RuleKind>(kind: K, params: unknown): Promise<RuleParamsByKind[K]> {
  const dto = PARAMS_DTOS[kind];
  if (!dto) throw badInput([`kind ${kind} cannot be created yet`], DetectionErrorCode.ParamsInvalid);
  if (params === null || typeof params !== 'object' || Array.isArray(params))
    throw badInput(['params must be an object'], DetectionErrorCode.ParamsInvalid);
  try {
    const valid: object = await pipe.transform(params, { type: 'body', metatype: dto, data: '' });
    return JSON.parse(JSON.stringify(valid)) as RuleParamsByKind[K];
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const messages = (Array.isArray(err.messages) ? err.messages : [err.messages]).map((m) => `params.${m}`);
    // Nest's own refusals (an unknown field) carry no detection code: they are the params' fault all the same.
    const code = err.code === CommonErrorCode.ValidationFailed ? DetectionErrorCode.ParamsInvalid : err.code;
    throw new AppError(code, messages, err.extra);
  }
}
