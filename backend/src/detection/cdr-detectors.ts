// Every CDR detector, by rule kind: the engine runs them on import batches and in backtests.
import { callRateDetector } from './call-rate.detector.js';
import type { CdrDetector } from './cdr-detector.js';
import type { CdrRuleKind } from './rule-model.js';
import { firstTrafficIpDetector, newDestinationDetector } from './first-traffic.detector.js';
import { maxRateDetector, spendLimitDetector } from './spend.detector.js';
import { distinctDestinationsDetector } from './distinct-destinations.detector.js';
import { intlFailedAttemptsDetector } from './intl-failed-attempts.detector.js';
import { seatThresholdDetector } from './seat-threshold.detector.js';
import { thresholdDetector } from './threshold.detector.js';

export const CDR_DETECTORS: { readonly [K in CdrRuleKind]?: CdrDetector<K> } = {
  threshold: thresholdDetector,
  spend_limit: spendLimitDetector,
  max_rate: maxRateDetector,
  first_traffic_ip: firstTrafficIpDetector,
  new_destination: newDestinationDetector,
  seat_threshold: seatThresholdDetector,
  intl_failed_attempts: intlFailedAttemptsDetector,
  distinct_destinations: distinctDestinationsDetector,
  call_rate: callRateDetector,
};

export function cdrDetector<K extends CdrRuleKind>(kind: K): CdrDetector<K> | undefined {
  return CDR_DETECTORS[kind] as CdrDetector<K> | undefined;
}
