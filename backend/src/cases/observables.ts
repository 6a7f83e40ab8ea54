// What a case's detected events name, as observables: the seats, SIP users, groups, IPs, destinations and
// countries in the detectors' details, the rules that raised them with their thresholds, and the carrier
// references the case carries. Pure: the service finds the other cases each one appears in.
import { countryName, countryOf } from '../common/phone/countries.js';

export const OBSERVABLE_KINDS = [
  'seat',
  'sip_user',
  'group',
  'ip',
  'destination',
  'country',
  'rule',
  'carrier_ref',
] as const;
export type ObservableKind = (typeof OBSERVABLE_KINDS)[number];

/**
 * The details keys each kind is written under, by the detectors and by mail intake (a list or a single value).
 * The database's `event_observables()` (migration 1764761000000) flattens the same keys: keep them in step.
 */
export const DETAIL_KEYS = {
  seat: ['seats', 'seat'],
  sip_user: ['sipUsers', 'sipUser', 'sipUsername'],
  group: ['groups', 'group'],
  ip: ['ips', 'ip', 'sourceIps', 'sourceIp'],
  destination: ['destinations', 'destination', 'numbers', 'number'],
  country: ['countries', 'country'],
} as const satisfies Record<Exclude<ObservableKind, 'rule' | 'carrier_ref'>, readonly string[]>;
export type DetailKind = keyof typeof DETAIL_KEYS;

/** Enough to recognise a case by; a rule naming 400 numbers is summed up by its first ones. */
const MAX_PER_KIND = 50;

export interface EventObservation {
  details: Record<string, unknown>;
  ruleId: string | null;
}

/** How the database tags what an event names (`event_observables()`): `ip:192.0.2.199`. */
export const observableTag = (kind: ObservableKind, value: string): string => `${kind}:${value}`;

export interface Observed {
  kind: ObservableKind;
  value: string;
  label: string;
}

function valuesUnder(details: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.flatMap((k) => {
    const v = details[k];
    if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
    return Array.isArray(v)
      ? v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim())
      : [];
  });
}

/** `‘International burst’: warns at 10, blocks at 20 calls in 5 min`, from what the detector wrote. */
export function ruleLabel(details: Record<string, unknown>): string {
  const name = typeof details['ruleName'] === 'string' ? `‘${details['ruleName']}’` : 'A detection rule';
  const warn = typeof details['warn'] === 'number' ? details['warn'] : null;
  const block = typeof details['block'] === 'number' ? details['block'] : null;
  const per = details['per'] === 'minutes' ? 'min of calls' : details['per'] === 'cost' ? 'in cost' : 'calls';
  const window = typeof details['windowMinutes'] === 'number' ? ` in ${details['windowMinutes']} min` : '';
  const levels = [warn !== null ? `warns at ${warn}` : null, block !== null ? `blocks at ${block}` : null].filter(
    Boolean,
  );
  return levels.length ? `${name}: ${levels.join(', ')} ${per}${window}` : name;
}

function labelOf(kind: DetailKind, value: string): string {
  if (kind === 'country') return countryName(value);
  if (kind === 'destination') {
    const country = countryOf(value);
    return country ? `${value} (${countryName(country)})` : value;
  }
  return value;
}

/**
 * Each distinct thing the events name, in the kinds' order and then as first named. Seats are labelled by the
 * caller (their inventory names are not in the details).
 */
export function observablesOf(events: readonly EventObservation[], externalRefs: readonly string[]): Observed[] {
  const out: Observed[] = [];
  for (const kind of Object.keys(DETAIL_KEYS) as DetailKind[]) {
    const seen = new Set<string>();
    for (const e of events) {
      for (const value of valuesUnder(e.details, DETAIL_KEYS[kind])) {
        if (seen.has(value) || seen.size >= MAX_PER_KIND) continue;
        seen.add(value);
        out.push({ kind, value, label: labelOf(kind, value) });
      }
    }
  }
  const rules = new Set<string>();
  for (const e of events) {
    if (!e.ruleId || rules.has(e.ruleId)) continue;
    rules.add(e.ruleId);
    out.push({ kind: 'rule', value: e.ruleId, label: ruleLabel(e.details) });
  }
  for (const ref of new Set(externalRefs)) out.push({ kind: 'carrier_ref', value: ref, label: ref });
  return out;
}
