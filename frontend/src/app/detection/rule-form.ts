// The rule editor's form: one flat set of fields, the kind picks which of them make the params. Pure functions,
// so the conversions and the mapping of the API's 400 messages to fields are tested without a page.
import type { DetectionRule, RuleKind, RuleMode, RuleScope } from './rule';
import {
  type BaselineParams,
  type BruteForceParams,
  type CallRateParams,
  type FailedAttemptsParams,
  type FirstTrafficIpParams,
  JURISDICTIONS,
  type Jurisdiction,
  type MaxRateParams,
  type NewDestinationParams,
  type RuleParams,
  SEAT_DEFAULTS,
  type SeatThresholdParams,
  type SpendLimitParams,
  type ThresholdFilterKind,
  type ThresholdParams,
} from './rule-params';

export interface RuleFormValue {
  name: string;
  kind: RuleKind;
  scope: RuleScope;
  customerId: string;
  mode: RuleMode;
  enabled: boolean;
  windowMinutes: number | null;
  warn: number | null;
  block: number | null;
  filterKind: ThresholdFilterKind;
  /** Comma- or space-separated E.164 prefixes. */
  prefixes: string;
  /** Comma- or space-separated ISO 3166 alpha-2 codes. */
  countries: string;
  disposition: string;
  per: 'customer' | 'seat' | 'ip';
  /** '' when a block restricts nothing. */
  restriction: string;
  seatDestinations: SeatThresholdParams['destinations'];
  seatWarn: number | null;
  seatBlock: number | null;
  groupWarn: number | null;
  groupBlock: number | null;
  maxPerMinute: number | null;
  rateAction: MaxRateParams['action'];
  severity: NewDestinationParams['severity'];
  minHistoryDays: number | null;
  levelNotify: number | null;
  levelWarning: number | null;
  levelUrgent: number | null;
  minMinutes: number | null;
  jurisdictions: Jurisdiction[];
  sources: BruteForceParams['sources'];
  /** call_rate: the window its rates are averaged over. */
  windowSeconds: number | null;
  /** spend_limit: what authorize assumes a call lasts when it estimates its cost; the server's default when empty. */
  assumedCallMinutes: number | null;
}

export type RuleField = keyof RuleFormValue;

/** A new rule: shadow first, so it proves itself before it restricts anyone. */
export const EMPTY_RULE: RuleFormValue = {
  name: '',
  kind: 'threshold',
  scope: 'global',
  customerId: '',
  mode: 'shadow',
  enabled: true,
  windowMinutes: 5,
  warn: 10,
  block: 20,
  filterKind: 'country_group',
  prefixes: '',
  countries: '',
  disposition: '',
  per: 'seat',
  restriction: 'seat',
  seatDestinations: 'caribbean',
  seatWarn: 8,
  seatBlock: 15,
  groupWarn: 50,
  groupBlock: 100,
  maxPerMinute: 1,
  rateAction: 'warning',
  severity: 'warning',
  minHistoryDays: 14,
  levelNotify: 25,
  levelWarning: 50,
  levelUrgent: 100,
  minMinutes: 30,
  jurisdictions: [...JURISDICTIONS],
  sources: ['sip', 'portal'],
  windowSeconds: 10,
  assumedCallMinutes: null,
};

/** Sensible starting values when the admin picks a kind. */
export function kindDefaults(kind: RuleKind): Partial<RuleFormValue> {
  switch (kind) {
    case 'threshold':
      return { windowMinutes: 5, warn: 10, block: 20, per: 'seat', restriction: 'seat' };
    case 'seat_threshold':
      return seatDefaults('caribbean');
    case 'intl_failed_attempts':
      return { windowMinutes: 10, warn: 10, block: 20, per: 'seat', restriction: 'seat' };
    case 'distinct_destinations':
      return { windowMinutes: 60, warn: 20, block: 40, per: 'seat', restriction: '' };
    case 'max_rate':
      return { maxPerMinute: 1, rateAction: 'warning' };
    case 'spend_limit':
      return { warn: 100, block: 500, restriction: 'account' };
    case 'first_traffic_ip':
      return { severity: 'notify' };
    case 'new_destination':
      return { minHistoryDays: 14, severity: 'warning' };
    case 'baseline':
      return { levelNotify: 25, levelWarning: 50, levelUrgent: 100, minMinutes: 30, jurisdictions: [...JURISDICTIONS] };
    case 'brute_force':
      return { windowMinutes: 10, warn: 20, block: 50, sources: ['sip', 'portal'], scope: 'global' };
    case 'call_rate':
      return { windowSeconds: 10, warn: 2, block: 5, per: 'seat', restriction: 'seat' };
  }
}

/** The carriers' defaults for Caribbean or international seat thresholds. */
export function seatDefaults(destinations: SeatThresholdParams['destinations']): Partial<RuleFormValue> {
  const d = SEAT_DEFAULTS[destinations];
  return {
    seatDestinations: destinations,
    windowMinutes: d.window.minutes,
    seatWarn: d.seat.warn ?? null,
    seatBlock: d.seat.block,
    groupWarn: d.group.warn ?? null,
    groupBlock: d.group.block,
  };
}

const list = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');

// Numbers go as typed; an empty required field goes as null and the API names it.
const num = (n: number | null) => n as number;
const optional = <K extends string>(key: K, n: number | null): Partial<Record<K, number>> =>
  n === null || (n as unknown) === '' ? {} : ({ [key]: n } as Record<K, number>);

/** The params the API takes for the form's kind. */
export function paramsOf(v: RuleFormValue): RuleParams {
  const window = { minutes: num(v.windowMinutes) };
  switch (v.kind) {
    case 'threshold': {
      const filter: ThresholdParams['filter'] = { kind: v.filterKind };
      if (v.filterKind === 'prefix' || v.filterKind === 'prefix_group') filter.prefixes = list(v.prefixes);
      if (v.filterKind === 'country' || v.filterKind === 'country_group')
        filter.countries = list(v.countries.toUpperCase());
      if (v.filterKind === 'same_disposition_number' && v.disposition.trim())
        filter.disposition = v.disposition.trim().toUpperCase();
      const p: ThresholdParams = { window, ...optional('warn', v.warn), block: num(v.block), filter, per: v.per };
      if (v.restriction) p.restriction = v.restriction as ThresholdParams['restriction'];
      return p;
    }
    case 'seat_threshold':
      return {
        destinations: v.seatDestinations,
        window,
        seat: { ...optional('warn', v.seatWarn), block: num(v.seatBlock) },
        group: { ...optional('warn', v.groupWarn), block: num(v.groupBlock) },
      } satisfies SeatThresholdParams;
    case 'intl_failed_attempts':
    case 'distinct_destinations': {
      const p: FailedAttemptsParams = {
        window,
        ...optional('warn', v.warn),
        block: num(v.block),
        per: v.per === 'ip' ? 'ip' : 'seat',
      };
      if (v.restriction) p.restriction = v.restriction as FailedAttemptsParams['restriction'];
      return p;
    }
    case 'max_rate':
      return { maxPerMinute: num(v.maxPerMinute), action: v.rateAction } satisfies MaxRateParams;
    case 'spend_limit': {
      const p: SpendLimitParams = {
        ...optional('warn', v.warn),
        block: num(v.block),
        ...optional('assumedCallMinutes', v.assumedCallMinutes),
      };
      if (v.restriction === 'account') p.restriction = 'account';
      return p;
    }
    case 'first_traffic_ip':
      return { severity: v.severity === 'urgent' ? 'warning' : v.severity } satisfies FirstTrafficIpParams;
    case 'new_destination':
      return { minHistoryDays: num(v.minHistoryDays), severity: v.severity } satisfies NewDestinationParams;
    case 'baseline':
      return {
        levels: { notify: num(v.levelNotify), warning: num(v.levelWarning), urgent: num(v.levelUrgent) },
        minMinutes: num(v.minMinutes),
        jurisdictions: v.jurisdictions,
      } satisfies BaselineParams;
    case 'brute_force':
      return {
        window,
        ...optional('warn', v.warn),
        block: num(v.block),
        sources: v.sources,
      } satisfies BruteForceParams;
    case 'call_rate': {
      const p: CallRateParams = {
        ...optional('warn', v.warn),
        block: num(v.block),
        windowSeconds: num(v.windowSeconds),
        per: v.per,
      };
      if (v.restriction) p.restriction = v.restriction as CallRateParams['restriction'];
      return p;
    }
  }
}

/** A saved rule as the form shows it; fields its kind does not use keep their defaults. */
export function formValueOf(rule: DetectionRule): RuleFormValue {
  const v: RuleFormValue = {
    ...EMPTY_RULE,
    name: rule.name,
    kind: rule.kind,
    scope: rule.scope,
    customerId: rule.customerId ?? '',
    mode: rule.mode,
    enabled: rule.enabled,
  };
  const p = rule.params as Record<string, unknown>;
  const n = (x: unknown) => (typeof x === 'number' ? x : null);
  const wb = (x: unknown) => (x ?? {}) as { warn?: number; block?: number };
  v.windowMinutes = n((p['window'] as { minutes?: number } | undefined)?.minutes) ?? v.windowMinutes;
  v.warn = n(p['warn']);
  v.block = n(p['block']) ?? v.block;
  v.restriction = typeof p['restriction'] === 'string' ? p['restriction'] : '';
  if (p['per'] === 'customer' || p['per'] === 'seat' || p['per'] === 'ip') v.per = p['per'];
  switch (rule.kind) {
    case 'threshold': {
      const f = p['filter'] as ThresholdParams['filter'];
      v.filterKind = f.kind;
      v.prefixes = (f.prefixes ?? []).join(', ');
      v.countries = (f.countries ?? []).join(', ');
      v.disposition = f.disposition ?? '';
      break;
    }
    case 'seat_threshold':
      v.seatDestinations = p['destinations'] as SeatThresholdParams['destinations'];
      v.seatWarn = n(wb(p['seat']).warn);
      v.seatBlock = n(wb(p['seat']).block);
      v.groupWarn = n(wb(p['group']).warn);
      v.groupBlock = n(wb(p['group']).block);
      break;
    case 'max_rate':
      v.maxPerMinute = n(p['maxPerMinute']);
      v.rateAction = p['action'] === 'block' ? 'block' : 'warning';
      break;
    case 'first_traffic_ip':
    case 'new_destination':
      v.severity = (p['severity'] as RuleFormValue['severity']) ?? v.severity;
      v.minHistoryDays = n(p['minHistoryDays']) ?? v.minHistoryDays;
      break;
    case 'baseline': {
      const b = p as unknown as BaselineParams;
      v.levelNotify = n(b.levels?.notify);
      v.levelWarning = n(b.levels?.warning);
      v.levelUrgent = n(b.levels?.urgent);
      v.minMinutes = n(b.minMinutes);
      v.jurisdictions = [...(b.jurisdictions ?? [])];
      break;
    }
    case 'brute_force':
      v.sources = [...((p['sources'] as BruteForceParams['sources']) ?? [])];
      break;
    case 'spend_limit':
      v.assumedCallMinutes = n(p['assumedCallMinutes']);
      break;
    case 'call_rate':
      v.windowSeconds = n(p['windowSeconds']) ?? v.windowSeconds;
      break;
  }
  return v;
}

/** The form field behind each params path the API names (`params.<path> …`). */
const PARAM_FIELDS: Record<string, RuleField> = {
  window: 'windowMinutes',
  'window.minutes': 'windowMinutes',
  warn: 'warn',
  block: 'block',
  filter: 'filterKind',
  'filter.kind': 'filterKind',
  'filter.prefixes': 'prefixes',
  'filter.countries': 'countries',
  'filter.disposition': 'disposition',
  per: 'per',
  restriction: 'restriction',
  destinations: 'seatDestinations',
  seat: 'seatBlock',
  'seat.warn': 'seatWarn',
  'seat.block': 'seatBlock',
  group: 'groupBlock',
  'group.warn': 'groupWarn',
  'group.block': 'groupBlock',
  maxPerMinute: 'maxPerMinute',
  action: 'rateAction',
  severity: 'severity',
  minHistoryDays: 'minHistoryDays',
  levels: 'levelNotify',
  'levels.notify': 'levelNotify',
  'levels.warning': 'levelWarning',
  'levels.urgent': 'levelUrgent',
  minMinutes: 'minMinutes',
  jurisdictions: 'jurisdictions',
  sources: 'sources',
  windowSeconds: 'windowSeconds',
  assumedCallMinutes: 'assumedCallMinutes',
};

const RULE_FIELDS: Record<string, RuleField> = {
  name: 'name',
  kind: 'kind',
  scope: 'scope',
  customerId: 'customerId',
  mode: 'mode',
  enabled: 'enabled',
};

/**
 * The API's 400 messages sorted by the field they name (`params.window.minutes must be at least 1` → the
 * window field, shown there without the `params.` prefix); the others stay for the page.
 */
export function fieldErrors(messages: readonly string[]): {
  fields: Partial<Record<RuleField, string>>;
  other: string[];
} {
  const fields: Partial<Record<RuleField, string>> = {};
  const other: string[] = [];
  for (const message of messages) {
    const field = fieldOfMessage(message);
    if (field && !fields[field]) fields[field] = message.replace(/^params\./, '');
    else if (!field) other.push(message);
  }
  return { fields, other };
}

function fieldOfMessage(message: string): RuleField | null {
  const param = /^params\.([A-Za-z0-9_.]+)/.exec(message);
  if (param) {
    // `filter.prefixes.0` → `filter.prefixes` → `filter`: the nearest path the form has a field for.
    const parts = param[1].replace(/\.$/, '').split('.');
    for (let n = parts.length; n > 0; n--) {
      const field = PARAM_FIELDS[parts.slice(0, n).join('.')];
      if (field) return field;
    }
    return null;
  }
  const first = /^([A-Za-z]+)\b/.exec(message)?.[1];
  return first ? (RULE_FIELDS[first] ?? null) : null;
}
