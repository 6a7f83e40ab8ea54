// The server's shapes are the generated API types (`npm run contracts`, docs/api.md §Detection); this file adds
// what the NOC reads about a rule: its kind in words, what it counts, its window, thresholds and action.
import type { components } from '../core/api.generated';
import { formatCost } from '../core/format';
import type {
  BaselineParams,
  BruteForceParams,
  CallRateParams,
  FailedAttemptsParams,
  FirstTrafficIpParams,
  MaxRateParams,
  NewDestinationParams,
  RuleParams,
  SeatThresholdParams,
  SpendLimitParams,
  ThresholdParams,
} from './rule-params';

type Schemas = components['schemas'];

export type DetectionRule = Schemas['DetectionRule'];
export type RuleKind = Schemas['RuleKind'];
export type RuleScope = Schemas['RuleScope'];
export type RuleMode = Schemas['RuleMode'];
export type NewRule = Schemas['CreateRuleDto'];
export type RuleChanges = Schemas['UpdateRuleDto'];
export type DetectedEvent = Schemas['DetectedEvent'];
export type EventKind = Schemas['EventKind'];
export type BacktestRule = Schemas['BacktestRuleDto'];
export type BacktestRequest = Schemas['BacktestDto'];
export type BacktestResult = Schemas['BacktestResultView'];
export type BacktestEvent = Schemas['BacktestEvent'];

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
] as const satisfies readonly RuleKind[];

export const KIND_LABELS: Readonly<Record<RuleKind, string>> = {
  threshold: 'Threshold',
  seat_threshold: 'Seat and group threshold',
  intl_failed_attempts: 'International failed attempts',
  distinct_destinations: 'Distinct destinations',
  max_rate: 'Maximum rate',
  spend_limit: 'Daily spend limit',
  first_traffic_ip: 'First traffic from an IP',
  new_destination: 'New destination country',
  baseline: 'Baseline',
  brute_force: 'Brute force',
  call_rate: 'Calls per second',
};

/** One line under the kind picker: what a rule of the kind watches. */
export const KIND_HINTS: Readonly<Record<RuleKind, string>> = {
  threshold: 'Calls matching a filter in a sliding window, per customer, seat or source IP.',
  seat_threshold: 'Calls of each seat and each group to Caribbean NANP or international destinations.',
  intl_failed_attempts: 'Failed or unanswered international calls, including 00/011 prefix probing.',
  distinct_destinations: 'How many different numbers one seat or IP calls in the window.',
  max_rate: 'Calls to destinations priced above a rate per minute; the allow-list always passes.',
  spend_limit:
    "The customer's cost since midnight in its own time zone; at call set-up, an estimate from the rate deck.",
  first_traffic_ip: 'The first call from an IP outside the customer’s registered addresses.',
  new_destination: 'The first call to a country the customer never called.',
  baseline: 'Minutes in the hour against the customer’s normal for that weekday and hour.',
  brute_force: 'Failed SIP registrations and portal logins per source IP; a block blacklists the IP.',
  call_rate: 'Call attempts per second over a few seconds, per customer, seat or source IP; judged at call set-up too.',
};

/** Kinds whose rules are global only (not a customer's). */
export const GLOBAL_ONLY_KINDS: readonly RuleKind[] = ['brute_force'];

export const EVENT_KINDS = [
  'threshold',
  'baseline',
  'first_traffic_ip',
  'intl_failed_attempts',
  'new_destination',
  'max_rate',
  'seat_threshold',
  'group_threshold',
  'brute_force',
  'spend_limit',
  'distinct_destinations',
  'call_rate',
  'carrier_alert',
  'external',
] as const satisfies readonly EventKind[];

const PER_WORDS: Record<string, string> = { customer: 'per customer', seat: 'per seat', ip: 'per IP' };

/** "LV, CU, SL" or "LV, CU, SL and 4 more". */
export function listed(values: readonly string[] | undefined, max = 4): string {
  const all = values ?? [];
  return all.length <= max ? all.join(', ') : `${all.slice(0, max).join(', ')} and ${all.length - max} more`;
}

function params<T extends RuleParams>(rule: Pick<DetectionRule, 'params'>): T {
  return rule.params as unknown as T;
}

/** What the rule counts, in a few words: "Calls to LV, CU, SL per seat". */
export function countsSummary(rule: Pick<DetectionRule, 'kind' | 'params'>): string {
  switch (rule.kind) {
    case 'threshold': {
      const p = params<ThresholdParams>(rule);
      const f = p.filter;
      const what =
        f.kind === 'prefix' || f.kind === 'prefix_group'
          ? `Calls to ${listed(f.prefixes)}`
          : f.kind === 'country' || f.kind === 'country_group'
            ? `Calls to ${listed(f.countries)}`
            : f.kind === 'same_number'
              ? 'Calls to one number'
              : f.disposition
                ? `${f.disposition.toUpperCase()} calls to one number`
                : 'Calls of one disposition to one number';
      return `${what} ${PER_WORDS[p.per] ?? ''}`.trim();
    }
    case 'seat_threshold':
      return params<SeatThresholdParams>(rule).destinations === 'caribbean'
        ? 'Calls to Caribbean NANP per seat and group'
        : 'International calls per seat and group';
    case 'intl_failed_attempts':
      return `Failed international attempts ${PER_WORDS[params<FailedAttemptsParams>(rule).per] ?? ''}`.trim();
    case 'distinct_destinations':
      return `Distinct numbers called ${PER_WORDS[params<FailedAttemptsParams>(rule).per] ?? ''}`.trim();
    case 'max_rate':
      return `Calls priced above ${perMinute(params<MaxRateParams>(rule).maxPerMinute)}`;
    case 'spend_limit':
      return "Spend since midnight in the customer's zone";
    case 'first_traffic_ip':
      return 'First call from an unregistered IP';
    case 'new_destination':
      return `Calls to a new country (after ${params<NewDestinationParams>(rule).minHistoryDays} days of history)`;
    case 'baseline':
      return `Minutes per hour against normal: ${(params<BaselineParams>(rule).jurisdictions ?? []).map((j) => j.replace('_', '-')).join(', ')}`;
    case 'call_rate':
      return `Call attempts per second ${PER_WORDS[params<CallRateParams>(rule).per] ?? ''}`.trim();
    case 'brute_force':
      return `Failed ${(params<BruteForceParams>(rule).sources ?? []).map((s) => (s === 'sip' ? 'SIP registrations' : 'portal logins')).join(' and ')} per IP`;
  }
}

/** "5 min", "1 h", "per day"; "each call" for kinds that judge calls one by one. */
export function windowSummary(rule: Pick<DetectionRule, 'kind' | 'params'>): string {
  const minutes = (rule.params as { window?: { minutes?: number } }).window?.minutes;
  if (typeof minutes === 'number') return minutes % 60 === 0 ? `${minutes / 60} h` : `${minutes} min`;
  if (rule.kind === 'spend_limit') return 'Day';
  if (rule.kind === 'call_rate') return `${params<CallRateParams>(rule).windowSeconds} s`;
  if (rule.kind === 'baseline') return 'Hour';
  return 'Each call';
}

/** "warn 10 · block 20", "seat 8/15 · group 50/100", "+25/+50/+100 %". */
export function thresholdsSummary(rule: Pick<DetectionRule, 'kind' | 'params'>): string {
  const warnBlock = (p: { warn?: number; block: number }, f: (n: number) => string = String) =>
    p.warn !== undefined && p.warn !== null ? `warn ${f(p.warn)} · block ${f(p.block)}` : `block ${f(p.block)}`;
  switch (rule.kind) {
    case 'threshold':
    case 'intl_failed_attempts':
    case 'distinct_destinations':
    case 'brute_force':
      return warnBlock(params<ThresholdParams>(rule));
    case 'spend_limit':
      return warnBlock(params<SpendLimitParams>(rule), formatCost);
    case 'call_rate':
      return warnBlock(params<CallRateParams>(rule), (n) => `${n}/s`);
    case 'seat_threshold': {
      const p = params<SeatThresholdParams>(rule);
      const pair = (w: { warn?: number; block: number }) => (w.warn ? `${w.warn}/${w.block}` : `${w.block}`);
      return `seat ${pair(p.seat)} · group ${pair(p.group)}`;
    }
    case 'max_rate':
      return `above ${perMinute(params<MaxRateParams>(rule).maxPerMinute)}`;
    case 'baseline': {
      const l = params<BaselineParams>(rule).levels;
      return `+${l.notify}/+${l.warning}/+${l.urgent} %`;
    }
    case 'first_traffic_ip':
      return params<FirstTrafficIpParams>(rule).severity;
    case 'new_destination':
      return params<NewDestinationParams>(rule).severity;
  }
}

const RESTRICTION_WORDS: Record<string, string> = {
  account: 'Restricts the account',
  seat: 'Intercepts the seat',
  ip: 'Blocks the source IP',
  destination: 'Blocks the destinations',
};

/** What a block does: "Intercepts the seat", "Blacklists the IP", "Notifies only". */
export function actionSummary(rule: Pick<DetectionRule, 'kind' | 'params'>): string {
  switch (rule.kind) {
    case 'threshold':
    case 'intl_failed_attempts':
    case 'distinct_destinations':
    case 'spend_limit':
    case 'call_rate': {
      const restriction = (rule.params as { restriction?: string }).restriction;
      return restriction ? RESTRICTION_WORDS[restriction] : 'Notifies only';
    }
    case 'seat_threshold':
      return 'Intercepts the seat or group';
    case 'max_rate':
      return params<MaxRateParams>(rule).action === 'block' ? 'Blocks the destinations' : 'Warns only';
    case 'brute_force':
      return 'Blacklists the IP';
    case 'first_traffic_ip':
    case 'new_destination':
    case 'baseline':
      return 'Notifies only';
  }
}

export function perMinute(amount: number | undefined): string {
  return `${formatCost(amount)}/min`;
}

/** "33 %" of the closed tickets; "—" while none is closed. */
export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? '—' : `${Math.round(share * 100)} %`;
}

/** Who and what an event names, from the detector's details: seats, groups, IPs, destinations, countries. */
export function eventFacts(details: Record<string, unknown> | undefined): { label: string; values: string }[] {
  if (!details) return [];
  const facts: { label: string; values: string }[] = [];
  const add = (label: string, ...keys: string[]) => {
    const values = keys.flatMap((k) => {
      const v = details[k];
      if (typeof v === 'string' && v) return [v];
      return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
    });
    if (values.length) facts.push({ label, values: listed([...new Set(values)], 8) });
  };
  add('Seats', 'seats', 'seat');
  add('Groups', 'groups', 'group');
  add('IPs', 'ips', 'ip', 'sourceIp');
  add('Destinations', 'destinations', 'destination', 'numbers');
  add('Countries', 'countries');
  return facts;
}
