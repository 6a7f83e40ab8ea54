// Names in this file are part of the public API (rule `kind`, `scope`, `mode` and the threshold params).
// The model is shared by the import-time detectors and, later, real-time evaluation at call set-up.

export const RULE_KINDS = ['threshold'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

export const RULE_SCOPES = ['global', 'customer'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];

export const RULE_MODES = ['live', 'shadow'] as const;
export type RuleMode = (typeof RULE_MODES)[number];

export const FILTER_KINDS = [
  'prefix',
  'prefix_group',
  'country',
  'country_group',
  'same_number',
  'same_disposition_number',
] as const;
export type FilterKind = (typeof FILTER_KINDS)[number];

/** Whom a threshold counts calls of: the whole customer, each seat, or each source IP. */
export const COUNT_PER = ['customer', 'seat', 'ip'] as const;
export type CountPer = (typeof COUNT_PER)[number];

/** What a block restricts: the account, the seat, the source IP, or the destinations called. */
export const THRESHOLD_RESTRICTIONS = ['account', 'seat', 'ip', 'destination'] as const;
export type ThresholdRestriction = (typeof THRESHOLD_RESTRICTIONS)[number];

/** The longest window a rule may count over. */
export const MAX_WINDOW_MINUTES = 1440;

export interface ThresholdFilter {
  kind: FilterKind;
  /** E.164 prefixes with `+` (prefix: one; prefix_group: several). */
  prefixes?: string[];
  /** ISO 3166 alpha-2 codes (country: one; country_group: several). */
  countries?: string[];
  /** same_disposition_number: the disposition counted (e.g. `FAILED`); any disposition when absent. */
  disposition?: string;
}

export interface ThresholdParams {
  window: { minutes: number };
  warn?: number;
  block: number;
  filter: ThresholdFilter;
  per: CountPer;
  restriction?: ThresholdRestriction;
}

export interface DetectionRule {
  id: string;
  name: string;
  kind: RuleKind;
  scope: RuleScope;
  customerId: string | null;
  mode: RuleMode;
  enabled: boolean;
  params: ThresholdParams;
  createdAt: Date;
  updatedAt: Date;
}

/** What a customer rule overrides: a global rule of the same kind and the same filter. */
export function overrideKey(rule: Pick<DetectionRule, 'kind' | 'params'>): string {
  const f = rule.params.filter;
  const sorted = (a?: string[]) => (a ? [...a].sort() : []);
  return JSON.stringify([
    rule.kind,
    f.kind,
    sorted(f.prefixes),
    sorted(f.countries),
    f.disposition?.toUpperCase() ?? null,
  ]);
}

/**
 * The rules that apply to one customer: its own enabled rules, and the enabled global rules that none of its
 * own overrides; none when detection is disabled for it.
 */
export function rulesForCustomer(
  rules: readonly DetectionRule[],
  customerId: string,
  detectionDisabled: boolean,
): DetectionRule[] {
  if (detectionDisabled) return [];
  const own = rules.filter((r) => r.enabled && r.scope === 'customer' && r.customerId === customerId);
  const overridden = new Set(own.map(overrideKey));
  return [...own, ...rules.filter((r) => r.enabled && r.scope === 'global' && !overridden.has(overrideKey(r)))];
}
