// Money detectors: a daily spend limit per customer (its own midnight) and a cap on the price per minute.
// Both are functions of the stored calls of the customer's day, so the live run and a backtest agree.
import type { DetectedEventInput } from '../cases/case.service.js';
import { callsPricedAbove, costBetween, type PricedCall, rateDeckPrefixes } from '../cdrs/cdr-history-rows.js';
import { callsInWindow, type WindowCall } from '../cdrs/cdr-window-rows.js';
import type { CdrBatch } from '../cdrs/import/cdr-batch.js';
import { type LocalDay, localDayOf, localTimeOf } from '../common/local-day.js';
import { countryName } from '../common/phone/countries.js';
import type { Sql } from '../common/sql.js';
import type { CdrDetector, CustomerContext, JudgedCalls } from './cdr-detector.js';
import type { DetectionRule } from './rule-model.js';
import { distinct, MAX_EVIDENCE_IDS } from './threshold.js';
import { MAX_WINDOW_CALLS } from './threshold.detector.js';

const HOUR_MS = 3_600_000;

const money = (n: number) => n.toFixed(2);

/** The local days [from, to] touches, each cut to the range. */
function daysOf(timeZone: string, fromMs: number, toMs: number): { day: LocalDay; fromMs: number; toMs: number }[] {
  const out = [];
  for (let t = fromMs; t <= toMs;) {
    const day = localDayOf(timeZone, t);
    out.push({ day, fromMs: t, toMs: Math.min(toMs, day.endMs - 1) });
    t = day.endMs;
  }
  return out;
}

/**
 * `spend_limit`: the cost of the customer's calls since its local midnight, at each judged call; a warning where
 * it reaches `warn`, a block (the account restricted when the rule says so) where it reaches `block`.
 */
export const spendLimitDetector: CdrDetector<'spend_limit'> = {
  kind: 'spend_limit',

  touches: (_rule, batch: CdrBatch, i: number) => batch.cost[i] > 0,

  async evaluate(
    db: Sql,
    rule: DetectionRule<'spend_limit'>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]> {
    const p = rule.params;
    const events: DetectedEventInput[] = [];
    for (const seg of daysOf(customer.timeZone, judged.fromMs, judged.toMs)) {
      let spent = await costBetween(db, customer.customerId, seg.day.startMs, seg.fromMs);
      if (spent >= p.block) continue; // crossed before this run's calls
      const seen: WindowCall[] = [];
      // An hour at a time, oldest first, so a busy day is read whole.
      for (let from = seg.fromMs; from <= seg.toMs && spent < p.block; from += HOUR_MS) {
        const calls = await callsInWindow(db, {
          customerId: customer.customerId,
          fromMs: from,
          toMs: Math.min(seg.toMs, from + HOUR_MS - 1),
          limit: MAX_WINDOW_CALLS,
        });
        for (const c of calls) {
          const before = spent;
          spent += c.cost ?? 0;
          seen.push(c);
          if (!judged.isNew(c)) continue;
          const crossed = (limit: number | undefined) => limit !== undefined && before < limit && spent >= limit;
          const severity = crossed(p.block) ? 'block' : spent < p.block && crossed(p.warn) ? 'warning' : null;
          if (!severity) continue;
          events.push(spendEvent(rule, customer, seg.day, c, spent, seen, severity));
          if (severity === 'block') break;
        }
      }
    }
    return events;
  },
};

function spendEvent(
  rule: DetectionRule<'spend_limit'>,
  customer: CustomerContext,
  day: LocalDay,
  at: WindowCall,
  spent: number,
  seen: WindowCall[],
  severity: 'warning' | 'block',
): DetectedEventInput {
  const p = rule.params;
  const countries = distinct(seen.map((c) => c.country));
  const limits =
    p.warn !== undefined ? `warns at ${money(p.warn)} and blocks at ${money(p.block)}` : `blocks at ${money(p.block)}`;
  return {
    customerId: customer.customerId,
    kind: 'spend_limit',
    severity,
    dedupeKey: `spend_limit:${day.date}`,
    summary:
      `Spend on ${day.date} (${customer.timeZone}) reached ${money(spent)} at ${localTimeOf(customer.timeZone, at.startMs)} ` +
      `for ${customer.accountCode}, ${severity === 'block' ? 'above the daily limit' : 'near the daily limit'} ` +
      `of ${money(p.block)}; rule '${rule.name}' ${limits} a day`,
    details: {
      ruleId: rule.id,
      ruleName: rule.name,
      day: day.date,
      timeZone: customer.timeZone,
      spent: Number(spent.toFixed(6)),
      warn: p.warn ?? null,
      block: p.block,
      countries: countries.slice(0, 50),
      seats: distinct(seen.map((c) => c.seat)).slice(0, 50),
      ips: distinct(seen.map((c) => c.ip)).slice(0, 50),
    },
    occurredAt: new Date(at.startMs).toISOString(),
    evidence: {
      cdrIds: seen
        .filter((c) => (c.cost ?? 0) > 0)
        .slice(-MAX_EVIDENCE_IDS)
        .map((c) => c.id),
      from: new Date(day.startMs).toISOString(),
      to: new Date(at.startMs).toISOString(),
    },
    restrictions:
      severity === 'block' && p.restriction === 'account'
        ? [{ kind: 'account', value: customer.accountCode }]
        : undefined,
  };
}

/**
 * `max_rate`: calls to destinations priced above the cap. One event per rate-deck prefix (the number when the
 * deck does not price it) and local day, at the day's first call to it, all of a day on one case; the allow-list
 * passes. `action: block` restricts each prefix.
 */
export const maxRateDetector: CdrDetector<'max_rate'> = {
  kind: 'max_rate',

  // Only a new call priced above the cap can be a destination's first of the day above it (the stored rate may be
  // rounded to the column's scale: a hair below the cap still counts here, evaluate decides).
  touches: (rule, batch: CdrBatch, i: number) =>
    batch.calledE164[i] !== null && batch.rate[i] > rule.params.maxPerMinute - 1e-6,

  async evaluate(
    db: Sql,
    rule: DetectionRule<'max_rate'>,
    customer: CustomerContext,
    judged: JudgedCalls,
  ): Promise<DetectedEventInput[]> {
    const p = rule.params;
    const events: DetectedEventInput[] = [];
    for (const seg of daysOf(customer.timeZone, judged.fromMs, judged.toMs)) {
      // The day's priced calls up to the run's end: the first of each destination that day is the one that raises.
      const calls = (
        await callsPricedAbove(db, {
          customerId: customer.customerId,
          fromMs: seg.day.startMs,
          toMs: seg.toMs,
          rate: p.maxPerMinute,
          limit: MAX_WINDOW_CALLS,
        })
      ).filter(
        (c) =>
          !(c.country && customer.allowCountries.includes(c.country)) &&
          !customer.allowPrefixes.some((prefix) => c.number.startsWith(prefix)),
      );
      if (!calls.length) continue;
      const deck = await rateDeckPrefixes(db, distinct(calls.map((c) => c.number)));
      const byDestination = new Map<string, PricedCall[]>();
      for (const c of calls) {
        const key = deck.get(c.number)?.prefix ?? c.number;
        let list = byDestination.get(key);
        if (!list) byDestination.set(key, (list = []));
        list.push(c);
      }
      for (const [destination, list] of byDestination) {
        const first = list[0];
        if (first.startMs < seg.fromMs || !judged.isNew(first)) continue;
        events.push(maxRateEvent(rule, customer, seg.day, destination, deck.get(first.number)?.description, list));
      }
    }
    return events;
  },
};

function maxRateEvent(
  rule: DetectionRule<'max_rate'>,
  customer: CustomerContext,
  day: LocalDay,
  destination: string,
  description: string | undefined,
  list: PricedCall[],
): DetectedEventInput {
  const p = rule.params;
  const first = list[0];
  const where = first.country ? countryName(first.country) : 'an unknown country';
  const what = description ? `${description}, ${where}` : where;
  const from = first.seat ? `seat ${first.seat}` : first.ip ? first.ip : 'the account';
  const severity = p.action === 'block' ? 'block' : 'warning';
  return {
    customerId: customer.customerId,
    kind: 'max_rate',
    severity,
    dedupeKey: `max_rate:${day.date}`,
    subject: destination,
    summary:
      `A call to ${first.number} (${what}) priced ${first.ratePerMinute.toFixed(4)}/min, above ${customer.accountCode}'s ` +
      `cap of ${p.maxPerMinute.toFixed(4)}/min, at ${localTimeOf(customer.timeZone, first.startMs)} (${customer.timeZone}) ` +
      `from ${from}; rule '${rule.name}' ${p.action === 'block' ? 'blocks' : 'flags'} destinations above the cap`,
    details: {
      ruleId: rule.id,
      ruleName: rule.name,
      destination,
      ratePerMinute: first.ratePerMinute,
      maxPerMinute: p.maxPerMinute,
      calls: list.length,
      countries: distinct(list.map((c) => c.country)),
      destinations: distinct(list.map((c) => c.number)).slice(0, 50),
      seats: distinct(list.map((c) => c.seat)),
      ips: distinct(list.map((c) => c.ip)),
    },
    occurredAt: new Date(first.startMs).toISOString(),
    evidence: {
      cdrIds: list.slice(0, MAX_EVIDENCE_IDS).map((c) => c.id),
      from: new Date(first.startMs).toISOString(),
      to: new Date(list[list.length - 1].startMs).toISOString(),
    },
    restrictions: severity === 'block' ? [{ kind: 'destination', value: destination }] : undefined,
  };
}
