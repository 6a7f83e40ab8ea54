// Every CDR detector, by rule kind: the engine runs them on import batches and in backtests.
import type { CdrDetector } from './cdr-detector.js';
import type { CdrRuleKind } from './rule-model.js';
import { thresholdDetector } from './threshold.detector.js';

export const CDR_DETECTORS: { readonly [K in CdrRuleKind]?: CdrDetector<K> } = {
  threshold: thresholdDetector,
};

export function cdrDetector<K extends CdrRuleKind>(kind: K): CdrDetector<K> | undefined {
  return CDR_DETECTORS[kind] as CdrDetector<K> | undefined;
}
