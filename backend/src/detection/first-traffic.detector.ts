// First traffic from a source IP, and first calls to a country: "never seen before for this customer".
// Both ask the stored history (hourly rollups, then the calls of the first hour), so the live run and a
// backtest over the same calls agree: an event is raised at the customer's first call ever with the key.
import type { DetectedEventInput } from '../cases/case.service.js';
import {
  callsByKey,
  type FirstCall,
  firstCallsByKey,
  firstHours,
  firstTrafficHour,
  hadTrafficBefore,
  type HistoryDim,
  registeredAddresses,
} from '../cdrs/cdr-history-rows.js';
import { type CdrBatch, NONE } from '../cdrs/import/cdr-batch.js';
import { countryName } from '../common/phone/countries.js';
import type { Sql } from '../common/sql.js';
import type { CdrDetector, CustomerContext, JudgedCalls, KnownCalls } from './cdr-detector.js';
import type { DetectionRule } from './rule-model.js';
import { distinct, listed, MAX_EVIDENCE_IDS } from './threshold.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The first judged call of each key whose customer never had traffic with that key before it. PostgreSQL finds
 * each key's first call in the range; the hourly rollups rule out keys seen in an earlier hour, and only a key
 * first seen in the same hour needs a look at that hour's calls.
 */
async function firstEver(
  db: Sql,
  customer: CustomerContext,
  dim: HistoryDim,
  judged: JudgedCalls,
): Promise<{ first: FirstCall; hour: FirstCall[] }[]> {
  const firsts = (
    await firstCallsByKey(db, { customerId: customer.customerId, dim, fromMs: judged.fromMs, toMs: judged.toMs })
  ).filter((c) => judged.isNew(c));
  if (!firsts.length) return [];
  const seen = await firstHours(
    db,
    customer.customerId,
    dim,
    firsts.map((c) => c.key),
  );
  const out: { first: FirstCall; hour: FirstCall[] }[] = [];
  for (const first of firsts) {
    const firstHour = seen.get(first.key);
    if (firstHour !== undefined && firstHour < Math.floor(first.startMs / HOUR_MS) * HOUR_MS) continue;
    if (await hadTrafficBefore(db, customer.customerId, dim, first.key, first.startMs)) continue;
    // The evidence: the key's calls in the hour from its first one (read again: the judged range may end sooner).
    const hour = await callsByKey(db, {
      customerId: customer.customerId,
      dim,
      keys: [first.key],
      fromMs: first.startMs,
      toMs: first.startMs + HOUR_MS,
      limit: MAX_EVIDENCE_IDS,
    });
    out.push({ first, hour });
  }
  return out;
}

/**
 * Whether every key of the run's new calls (those `keyOf` names) had a stored call before its first new one: then
 * none of them is a first ever, and `firstEver` finds nothing.
 */
function seenBefore(known: KnownCalls, dim: HistoryDim, keyOf: (batch: CdrBatch, i: number) => string | null): boolean {
  const firstNew = new Map<string, number>();
  known.eachNew((batch, i) => {
    const key = keyOf(batch, i);
    if (key === null) return;
    const t = batch.startMs[i];
    const was = firstNew.get(key);
    if (was === undefined || t < was) firstNew.set(key, t);
  });
  for (const [key, t] of firstNew) {
    const earliest = known.earliest(dim, key);
    if (earliest === undefined || earliest >= t) return false;
  }
  return true;
}

function evidenceOf(hour: FirstCall[]) {
  return {
    cdrIds: hour.map((c) => c.id),
    from: new Date(hour[0].startMs).toISOString(),
    to: new Date(hour[hour.length - 1].startMs).toISOString(),
  };
}

function span(hour: FirstCall[]): string {
  if (hour.length === 1) return '1 call';
  const min = Math.round((hour[hour.length - 1].startMs - hour[0].startMs) / 60_000);
  return `${hour.length}${hour.length === MAX_EVIDENCE_IDS ? '+' : ''} calls in ${min} min`;
}

/** `first_traffic_ip`: one event per source IP, at its first call, unless the IP is a registered address. */
export const firstTrafficIpDetector: CdrDetector<'first_traffic_ip'> = {
  kind: 'first_traffic_ip',

  touches: (_rule, batch: CdrBatch, i: number) => batch.sourceIp[i] !== NONE,

  narrow: (_rule, _customer, known) =>
    seenBefore(known, 'source_ip', (b, i) => (b.sourceIp[i] === NONE ? null : b.sourceIps[b.sourceIp[i]]))
      ? null
      : undefined,

  async evaluate(
    db: Sql,
    rule: DetectionRule<'first_traffic_ip'>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]> {
    const found = await firstEver(db, customer, 'source_ip', judged);
    if (!found.length) return [];
    const registered = await registeredAddresses(
      db,
      customer.customerId,
      found.map((f) => f.first.key),
    );
    return found
      .filter((f) => !registered.has(f.first.key))
      .map(({ first, hour }) => {
        const countries = distinct(hour.map((c) => c.country));
        return {
          customerId: customer.customerId,
          kind: 'first_traffic_ip',
          severity: rule.params.severity,
          dedupeKey: `first_traffic_ip:${first.key}`,
          summary:
            `First traffic from ${first.key} for ${customer.accountCode}, never seen before and not among its ` +
            `registered addresses: ${span(hour)}${countries.length ? ` to ${listed(countries)}` : ''}; ` +
            `rule '${rule.name}'`,
          details: {
            ruleId: rule.id,
            ruleName: rule.name,
            ip: first.key,
            ips: [first.key],
            firstCallAt: new Date(first.startMs).toISOString(),
            calls: hour.length,
            countries,
            destinations: distinct(hour.map((c) => c.number)).slice(0, 50),
          },
          occurredAt: new Date(first.startMs).toISOString(),
          evidence: evidenceOf(hour),
        };
      });
  },
};

/**
 * `new_destination`: the first call to a country the customer never called, once its history spans
 * `minHistoryDays` (before that every country is new); countries and prefixes on its allow-list pass.
 */
export const newDestinationDetector: CdrDetector<'new_destination'> = {
  kind: 'new_destination',

  touches(_rule, batch: CdrBatch, i: number, customer: CustomerContext): boolean {
    const c = batch.country[i];
    return c !== NONE && !customer.allowCountries.includes(batch.countries[c]);
  },

  narrow: (rule, customer, known) =>
    seenBefore(known, 'country', (b, i) =>
      newDestinationDetector.touches(rule, b, i, customer) ? b.countries[b.country[i]] : null,
    )
      ? null
      : undefined,

  async evaluate(
    db: Sql,
    rule: DetectionRule<'new_destination'>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]> {
    const since = await firstTrafficHour(db, customer.customerId);
    if (since === null) return [];
    const found = await firstEver(db, customer, 'country', judged);
    const out: DetectedEventInput[] = [];
    for (const { first, hour } of found) {
      const history = first.startMs - since;
      if (history < rule.params.minHistoryDays * DAY_MS) continue;
      if (customer.allowCountries.includes(first.key)) continue;
      if (first.number && customer.allowPrefixes.some((p) => first.number!.startsWith(p))) continue;
      const name = countryName(first.key);
      const numbers = distinct(hour.map((c) => c.number));
      const ips = distinct(hour.map((c) => c.ip));
      out.push({
        customerId: customer.customerId,
        kind: 'new_destination',
        severity: rule.params.severity,
        dedupeKey: `new_destination:${first.key}`,
        summary:
          `First calls to ${name} (${first.key}) for ${customer.accountCode} in ${Math.floor(history / DAY_MS)} days ` +
          `of history: ${span(hour)} to ${listed(numbers, 3)}${ips.length ? ` from ${listed(ips, 3)}` : ''}; ` +
          `rule '${rule.name}'`,
        details: {
          ruleId: rule.id,
          ruleName: rule.name,
          country: first.key,
          countries: [first.key],
          historyDays: Math.floor(history / DAY_MS),
          calls: hour.length,
          destinations: numbers.slice(0, 50),
          ips,
        },
        occurredAt: new Date(first.startMs).toISOString(),
        evidence: evidenceOf(hour),
      });
    }
    return out;
  },
};
