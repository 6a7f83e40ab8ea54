// Names in this file are part of the public API (rule `kind`, `scope`, `mode` and every kind's params).
// The model is shared by the import-time detectors, the backtest and, later, real-time evaluation at call set-up.

/**
 * Rule kinds. Each kind's detector lives in its own file of `detection/` (see docs/design.md §Detection) and
 * raises events of the kind of the same name (`seat_threshold` also raises `group_threshold`).
 */
export const RULE_KINDS = [
  'threshold',
  'seat_threshold',
  'intl_failed_attempts',
  'distinct_destinations',
  'max_rate',
  'spend_limit',
  'first_traffic_ip',
  'new_destination',
  'baseline',
  'brute_force',
  'call_rate',
] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** Kinds that read imported CDRs, on each import batch and in a backtest (the engine runs them). */
export const CDR_RULE_KINDS = [
  'threshold',
  'seat_threshold',
  'intl_failed_attempts',
  'distinct_destinations',
  'max_rate',
  'spend_limit',
  'first_traffic_ip',
  'new_destination',
  'call_rate',
] as const satisfies readonly RuleKind[];
export type CdrRuleKind = (typeof CDR_RULE_KINDS)[number];

/** Kinds that are not a customer's: their rules are global. */
export const GLOBAL_ONLY_KINDS = ['brute_force'] as const satisfies readonly RuleKind[];

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

/** The longest range one backtest judges. */
export const MAX_BACKTEST_DAYS = 31;

export interface RuleWindow {
  minutes: number;
}

/** A warning threshold (optional, below block) and a block threshold. */
export interface WarnBlock {
  warn?: number;
  block: number;
}

export interface ThresholdFilter {
  kind: FilterKind;
  /** E.164 prefixes with `+` (prefix: one; prefix_group: several). */
  prefixes?: string[];
  /** ISO 3166 alpha-2 codes (country: one; country_group: several). */
  countries?: string[];
  /** same_disposition_number: the disposition counted (e.g. `FAILED`); any disposition when absent. */
  disposition?: string;
}

/** `threshold`: calls matching a filter in a sliding window, per customer, seat or IP. */
export interface ThresholdParams extends WarnBlock {
  window: RuleWindow;
  filter: ThresholdFilter;
  per: CountPer;
  restriction?: ThresholdRestriction;
}

/** Which calls a seat/group threshold counts: to Caribbean NANP (non-US +1) or to international destinations. */
export const SEAT_DESTINATIONS = ['caribbean', 'international'] as const;
export type SeatDestinations = (typeof SEAT_DESTINATIONS)[number];

/**
 * `seat_threshold`: calls of each seat, and of each group (all its seats together), to the destinations in the
 * window. A seat's block intercepts the seat (`seat` restriction), a group's block the group (`group`).
 * The upstream carriers' defaults: Caribbean user 8 / 15, group 50 / 100; international user 6 / 10,
 * group 25 / 50; within an hour.
 */
export interface SeatThresholdParams {
  destinations: SeatDestinations;
  window: RuleWindow;
  seat: WarnBlock;
  group: WarnBlock;
}

/** `intl_failed_attempts`: failed or unanswered international calls (and `00`/`011` probes) per seat or IP. */
export interface IntlFailedAttemptsParams extends WarnBlock {
  window: RuleWindow;
  per: 'seat' | 'ip';
  restriction?: 'seat' | 'ip' | 'account';
}

/** `distinct_destinations`: distinct destination numbers per seat (or IP) in the window. */
export interface DistinctDestinationsParams extends WarnBlock {
  window: RuleWindow;
  per: 'seat' | 'ip';
  restriction?: 'seat' | 'ip' | 'account';
}

/**
 * `max_rate`: calls to destinations priced above `maxPerMinute` (the CDR's rate, else the rate deck's) are
 * flagged (`action: warning`) or blocked (`block`: the destinations are restricted). The customer's
 * destination allow-list always passes.
 */
export interface MaxRateParams {
  maxPerMinute: number;
  action: 'warning' | 'block';
}

/**
 * `spend_limit`: the customer's cost since midnight in its own time zone; a warning at `warn` and the account
 * restricted at `block` (both amounts in the rate deck's currency). At call set-up each allowed attempt adds an
 * estimate, its rate-deck price × `assumedCallMinutes`, to the day's stored cost.
 */
export interface SpendLimitParams extends WarnBlock {
  restriction?: 'account';
  /** The length authorize assumes a call will last when it estimates its cost; SPEND_ASSUMED_CALL_MINUTES when absent. */
  assumedCallMinutes?: number;
}

/** What a call set up is assumed to last when its cost is estimated, unless the rule says otherwise. */
export const SPEND_ASSUMED_CALL_MINUTES = 3;

/** The longest window a call-rate rule may average over. */
export const MAX_CALL_RATE_WINDOW_SECONDS = 60;

/**
 * `call_rate`: call attempts per second, averaged over a short window of seconds, per customer, seat or source
 * IP. `warn` and `block` are rates: a warning once the window holds more than `warn × windowSeconds` attempts, a
 * block (and the rule's restriction) once it holds more than `block × windowSeconds`.
 */
export interface CallRateParams {
  warn?: number;
  block: number;
  windowSeconds: number;
  per: CountPer;
  restriction?: 'seat' | 'ip' | 'account';
}

/** The count of attempts in the window at which the rate is above `perSecond`: the first whole count over it. */
export function callRateCount(perSecond: number, windowSeconds: number): number {
  // The epsilon keeps 0.29 × 100 (28.999…) at 29.
  return Math.floor(perSecond * windowSeconds + 1e-9) + 1;
}

/** `first_traffic_ip`: the first call ever from a source IP outside the customer's registered addresses. */
export interface FirstTrafficIpParams {
  severity: 'notify' | 'warning';
}

/**
 * `new_destination`: the first call to a country the customer never called, once its history spans
 * `minHistoryDays`; countries on its destination allow-list are not new.
 */
export interface NewDestinationParams {
  minHistoryDays: number;
  severity: 'notify' | 'warning' | 'urgent';
}

export const JURISDICTIONS = ['interstate', 'intrastate', 'international', 'toll_free'] as const;
export type BaselineJurisdiction = (typeof JURISDICTIONS)[number];

/**
 * `baseline`: minutes in the current hour per jurisdiction against the customer's normal for that weekday and
 * hour in its time zone. Levels are percentages above normal.
 */
export interface BaselineParams {
  levels: { notify: number; warning: number; urgent: number };
  /** Below this many minutes in the hour nothing is raised. */
  minMinutes: number;
  jurisdictions: BaselineJurisdiction[];
}

/** The defaults of a new baseline rule: +25 / +50 / +100 %, at least 30 minutes in the hour, every jurisdiction. */
export const BASELINE_DEFAULTS: BaselineParams = {
  levels: { notify: 25, warning: 50, urgent: 100 },
  minMinutes: 30,
  jurisdictions: [...JURISDICTIONS],
};

/** What a brute-force rule counts: failed SIP registrations (reported by the SBC), failed portal logins. */
export const FAILURE_SOURCES = ['sip', 'portal'] as const;
export type FailureSource = (typeof FAILURE_SOURCES)[number];

/**
 * `brute_force`: failed SIP registrations and portal logins per source IP, together, in the window; at `warn`
 * the IP is watched (listed, not enforced), at `block` it is blacklisted. Customers' registered addresses and
 * BLACKLIST_TRUSTED are never blacklisted.
 */
export interface BruteForceParams extends WarnBlock {
  window: RuleWindow;
  sources: FailureSource[];
}

export interface RuleParamsByKind {
  threshold: ThresholdParams;
  seat_threshold: SeatThresholdParams;
  intl_failed_attempts: IntlFailedAttemptsParams;
  distinct_destinations: DistinctDestinationsParams;
  max_rate: MaxRateParams;
  spend_limit: SpendLimitParams;
  first_traffic_ip: FirstTrafficIpParams;
  new_destination: NewDestinationParams;
  baseline: BaselineParams;
  brute_force: BruteForceParams;
  call_rate: CallRateParams;
}
export type RuleParams = RuleParamsByKind[RuleKind];

export interface DetectionRule<K extends RuleKind = RuleKind> {
  id: string;
  name: string;
  kind: K;
  scope: RuleScope;
  customerId: string | null;
  mode: RuleMode;
  enabled: boolean;
  params: RuleParamsByKind[K];
  createdAt: Date;
  updatedAt: Date;
}

export function isKind<K extends RuleKind>(rule: DetectionRule, kind: K): rule is DetectionRule<K> {
  return rule.kind === kind;
}

/**
 * What a customer rule overrides: the global rule of the same kind (and, for threshold rules, the same filter;
 * for seat thresholds, the same destinations).
 */
export function overrideKey(rule: Pick<DetectionRule, 'kind' | 'params'>): string {
  if (rule.kind === 'threshold') {
    const f = (rule.params as ThresholdParams).filter;
    const sorted = (a?: string[]) => (a ? [...a].sort() : []);
    return JSON.stringify([
      rule.kind,
      f.kind,
      sorted(f.prefixes),
      sorted(f.countries),
      f.disposition?.toUpperCase() ?? null,
    ]);
  }
  if (rule.kind === 'seat_threshold')
    return JSON.stringify([rule.kind, (rule.params as SeatThresholdParams).destinations]);
  return JSON.stringify([rule.kind]);
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

/** The severities a customer's alert contacts can ask to be told of (from this level up). */
export const ALERT_SEVERITIES = ['notify', 'warning', 'urgent'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const DEFAULT_ALERT_SEVERITY: AlertSeverity = 'warning';

export interface AlertContact {
  name?: string;
  email?: string;
  /** E.164, e.g. `+16175550100`. */
  phone?: string;
}

/** A customer's detection settings (docs/api.md §Detection): `GET /api/customers/:id/detection`. */
export interface DetectionSettings {
  customerId: string;
  /** No rule applies to the customer. */
  detectionDisabled: boolean;
  /** Destinations the destination-profile and price-cap detectors always pass. */
  destinationAllowList: { countries: string[]; prefixes: string[] };
  alerts: {
    contacts: AlertContact[];
    minSeverity: AlertSeverity;
    /** Baseline jurisdictions the customer is never alerted about. */
    optOuts: BaselineJurisdiction[];
    /** Until then (midnight in the customer's zone), baselines raise nothing and no alert is sent. */
    snoozedUntil: Date | null;
  };
}
