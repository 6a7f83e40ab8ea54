// Each rule kind's params, as backend/src/detection/rule-model.ts names them. Kinds whose DTO is in the OpenAPI
// document use the generated schema; the others follow rule-model.ts here until their detectors land (then switch
// each to its generated `*ParamsDto`).
import type { components } from '../core/api.generated';

type Schemas = components['schemas'];

export type ThresholdParams = Schemas['ThresholdParamsDto'];
export type ThresholdFilterKind = Schemas['ThresholdFilterKind'];

interface WarnBlock {
  warn?: number;
  block: number;
}

export interface SeatThresholdParams {
  destinations: 'caribbean' | 'international';
  window: { minutes: number };
  seat: WarnBlock;
  group: WarnBlock;
}

/** `intl_failed_attempts` and `distinct_destinations`. */
export interface FailedAttemptsParams extends WarnBlock {
  window: { minutes: number };
  per: 'seat' | 'ip';
  restriction?: 'seat' | 'ip' | 'account';
}

export type MaxRateParams = Schemas['MaxRateParamsDto'];
export type SpendLimitParams = Schemas['SpendLimitParamsDto'];
export type FirstTrafficIpParams = Schemas['FirstTrafficIpParamsDto'];
export type NewDestinationParams = Schemas['NewDestinationParamsDto'];

export type Jurisdiction = Schemas['BaselineJurisdiction'];
export const JURISDICTIONS = [
  'interstate',
  'intrastate',
  'international',
  'toll_free',
] as const satisfies readonly Jurisdiction[];

/** As stored: the API fills in every default, so each part is there. */
export type BaselineParams = Required<Schemas['BaselineParamsDto']>;

export const BRUTE_FORCE_SOURCES = ['sip', 'portal'] as const satisfies readonly Schemas['FailureSource'][];

export type BruteForceParams = Schemas['BruteForceParamsDto'];
export type CallRateParams = Schemas['CallRateParamsDto'];

export type RuleParams =
  | ThresholdParams
  | SeatThresholdParams
  | FailedAttemptsParams
  | MaxRateParams
  | SpendLimitParams
  | FirstTrafficIpParams
  | NewDestinationParams
  | BaselineParams
  | BruteForceParams
  | CallRateParams;

export const FILTER_KINDS = [
  'prefix',
  'prefix_group',
  'country',
  'country_group',
  'same_number',
  'same_disposition_number',
] as const satisfies readonly ThresholdFilterKind[];

export const FILTER_LABELS: Readonly<Record<ThresholdFilterKind, string>> = {
  prefix: 'One destination prefix',
  prefix_group: 'A group of prefixes',
  country: 'One country',
  country_group: 'A group of countries',
  same_number: 'The same destination number',
  same_disposition_number: 'The same disposition and destination number',
};

/**
 * The upstream carriers' seat and group defaults (rule-model.ts): Caribbean user 8 / 15, group 50 / 100;
 * international user 6 / 10, group 25 / 50; within an hour.
 */
export const SEAT_DEFAULTS: Readonly<
  Record<SeatThresholdParams['destinations'], Omit<SeatThresholdParams, 'destinations'>>
> = {
  caribbean: { window: { minutes: 60 }, seat: { warn: 8, block: 15 }, group: { warn: 50, block: 100 } },
  international: { window: { minutes: 60 }, seat: { warn: 6, block: 10 }, group: { warn: 25, block: 50 } },
};
