// The detection rules evaluated on live counters at call set-up: each authorize request is one attempt.
// Pure: the counters hold the state, the verdict says what to deny, what to restrict at once and what to raise.
// Event kinds and dedupe keys are the CDR detectors' own, so the CDRs imported later join the same ticket.
import type { DetectedEventInput } from '../../cases/case.service.js';
import { localDayOf, localTimeOf } from '../../common/local-day.js';
import type { RestrictionInput } from '../../restrictions/restriction-values.js';
import { callRateCounts, callRateFrom, callRateLimits, callRateSubject, perSecond } from '../call-rate.js';
import { type DetectionRule, SPEND_ASSUMED_CALL_MINUTES, type WarnBlock } from '../rule-model.js';
import { levels } from '../seat-threshold.js';
import { restrictionOf } from '../subjects.js';
import { listed, matchesFilter, subjectOf } from '../threshold.js';
import type { LiveAttempt, LiveCounters, LiveWindow } from './live-counters.js';
import { LiveSpend } from './live-spend.js';
import type { ThresholdLookup } from '../threshold-overrides.js';

/** The customer of an attempt, with the detection settings the rules read. */
export interface LiveCustomer {
  customerId: string;
  accountCode: string;
  timeZone: string;
  allowCountries: readonly string[];
  allowPrefixes: readonly string[];
}

/** One attempt with what the rules count it by. */
export interface LiveCall {
  attempt: LiveAttempt;
  customer: LiveCustomer;
  /** The calling seat's userId and its group's externalId, when the caller names a seat. */
  seat: string | null;
  group: string | null;
  ip: string;
  /** The called number as E.164, null when it does not parse. */
  number: string | null;
  country: string | null;
  caribbean: boolean;
  international: boolean;
  /** The rate deck's longest prefix for the number (`+882`), when it prices it. */
  rate: { prefix: string; description: string; ratePerMinute: number } | null;
  /** Approved threshold increases of the customer's seats and groups; undefined: the rules' defaults. */
  thresholds?: ThresholdLookup;
}

export interface LiveVerdict {
  /** Why the call is denied: one line per block threshold this very call crossed. */
  denied: string[];
  /** What the crossed block thresholds restrict: put in the enforcement index at once. */
  restrictions: RestrictionInput[];
  /** The events to raise after the answer. */
  events: DetectedEventInput[];
}

/**
 * Kinds judged on CDRs only: failed attempts need the call's outcome; first traffic and new destinations ask the
 * customer's whole history, which the request path never reads. (`spend_limit` is live on an estimate.)
 */
export const CDR_ONLY_KINDS = new Set(['intl_failed_attempts', 'first_traffic_ip', 'new_destination']);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

type Level = 'warning' | 'block';

/**
 * The level the count has newly reached in this episode, or null; a count below every level ends the episode.
 * A warning is raised at the `warn`-th attempt, which is allowed; `block` attempts are allowed in the window, and
 * the one after them is the call that crosses: denied, and its restriction placed.
 */
function crossed(w: LiveWindow, count: number, t: WarnBlock): Level | null {
  const level = count > t.block ? 2 : t.warn !== undefined && count >= t.warn ? 1 : 0;
  if (level === 0) {
    w.fired = 0;
    return null;
  }
  if (level <= w.fired) return null;
  w.fired = level;
  return level === 2 ? 'block' : 'warning';
}

function minutes(w: LiveWindow): string {
  const a = w.attempts;
  const span = Math.round((a[a.length - 1].atMs - a[0].atMs) / MINUTE);
  return span < 1 ? 'within a minute' : `in ${span} min`;
}

function countries(w: LiveWindow): string {
  return listed([...new Set(w.attempts.map((a) => a.country).filter((c): c is string => !!c))]) || 'unknown countries';
}

const iso = (ms: number) => new Date(ms).toISOString();
const money = (n: number) => n.toFixed(2);
/** Cost sums compared at the cost columns' 6 decimals, so 0.1 + 0.2 reaches 0.3. */
const cents6 = (n: number) => Math.round(n * 1e6) / 1e6;

export class LiveRules {
  constructor(
    private readonly counters: LiveCounters,
    readonly spend = new LiveSpend(),
  ) {}

  /** Counts the attempt under every rule that applies to the customer and says what it crossed. */
  judge(rules: readonly DetectionRule[], call: LiveCall): LiveVerdict {
    const v: LiveVerdict = { denied: [], restrictions: [], events: [] };
    for (const rule of rules) {
      switch (rule.kind) {
        case 'seat_threshold':
          this.seatThreshold(rule as DetectionRule<'seat_threshold'>, call, v);
          break;
        case 'threshold':
          this.threshold(rule as DetectionRule<'threshold'>, call, v);
          break;
        case 'distinct_destinations':
          this.distinctDestinations(rule as DetectionRule<'distinct_destinations'>, call, v);
          break;
        case 'max_rate':
          this.maxRate(rule as DetectionRule<'max_rate'>, call, v);
          break;
        case 'spend_limit':
          this.spendLimit(rule as DetectionRule<'spend_limit'>, call, v);
          break;
        case 'call_rate':
          this.callRate(rule as DetectionRule<'call_rate'>, call, v);
          break;
        default:
          break; // CDR_ONLY_KINDS, and brute force (failed registrations, not calls)
      }
    }
    return v;
  }

  private seatThreshold(rule: DetectionRule<'seat_threshold'>, call: LiveCall, v: LiveVerdict): void {
    const p = rule.params;
    if (!call.seat || !(p.destinations === 'caribbean' ? call.caribbean : call.international)) return;
    const what = p.destinations === 'caribbean' ? 'call attempts to the Caribbean' : 'international call attempts';
    const windowMs = p.window.minutes * MINUTE;
    // An engineer's approved increase for this seat or group replaces the rule's level, as in the CDR detector.
    const approved = (level: 'seat' | 'group', value: string | null) =>
      value === null ? undefined : call.thresholds?.(level, value, rule.id);
    const subjects: ['seat' | 'group', string | null, WarnBlock][] = [
      ['seat', call.seat, approved('seat', call.seat) ?? p.seat],
      ['group', call.group, approved('group', call.group) ?? p.group],
    ];
    for (const [level, value, t] of subjects) {
      if (value === null) continue;
      const key = `${level}:${value}`;
      const w = this.counters.count(
        `${rule.id}:${call.customer.customerId}:${key}`,
        windowMs,
        call.attempt,
        t.block + 1,
      );
      const severity = crossed(w, w.attempts.length, t);
      if (!severity) continue;
      const kind = level === 'seat' ? 'seat_threshold' : 'group_threshold';
      const from = level === 'seat' ? `from seat ${value}` : `from group ${value}`;
      const summary =
        `${w.attempts.length} ${what} (${countries(w)}) ${minutes(w)} ${from} (${call.customer.accountCode}), ` +
        `seen at call set-up; ${level === 'seat' ? 'user' : 'group'} threshold ${levels(t)} per ${p.window.minutes} min`;
      this.raise(v, rule, call, w, severity, {
        kind,
        dedupeKey: `${kind}:${rule.id}:${key}`,
        summary,
        details: {
          subject: key,
          destinationKind: p.destinations,
          seat: level === 'seat' ? value : null,
          group: level === 'group' ? value : call.group,
          warn: t.warn ?? null,
          block: t.block,
        },
        restrictions: [{ kind: level, value }],
      });
    }
  }

  private threshold(rule: DetectionRule<'threshold'>, call: LiveCall, v: LiveVerdict): void {
    const p = rule.params;
    // The disposition is known only once the call has ended.
    if (p.filter.kind === 'same_disposition_number') return;
    const facts = { number: call.number, country: call.country, disposition: '' };
    if (!matchesFilter(p.filter, facts)) return;
    const subject = subjectOf(p, { seat: call.seat, ip: call.ip, ...facts });
    if (subject === null) return;
    const w = this.counters.count(
      `${rule.id}:${call.customer.customerId}:${subject}`,
      p.window.minutes * MINUTE,
      call.attempt,
      p.block + 1,
    );
    const severity = crossed(w, w.attempts.length, p);
    if (!severity) return;
    const restrictions: RestrictionInput[] = (() => {
      switch (p.restriction) {
        case undefined:
          return [];
        case 'account':
          return [{ kind: 'account', value: call.customer.accountCode }];
        case 'seat':
          return call.seat ? [{ kind: 'seat', value: call.seat }] : [];
        case 'ip':
          return [{ kind: 'ip', value: call.ip }];
        case 'destination':
          return (
            p.filter.kind === 'prefix' || p.filter.kind === 'prefix_group'
              ? (p.filter.prefixes ?? [])
              : [...new Set(w.attempts.map((a) => a.callee).filter((n) => n.startsWith('+')))].slice(0, 50)
          ).map((value) => ({ kind: 'destination' as const, value }));
      }
    })();
    this.raise(v, rule, call, w, severity, {
      kind: 'threshold',
      dedupeKey: `threshold:${rule.id}:${subject}`,
      summary:
        `${w.attempts.length} call attempts matching rule '${rule.name}' ${minutes(w)} (${subject}, ` +
        `${call.customer.accountCode}), seen at call set-up; threshold ${levels(p)} per ${p.window.minutes} min`,
      details: { subject, per: p.per, filter: p.filter, warn: p.warn ?? null, block: p.block },
      restrictions,
    });
  }

  private distinctDestinations(rule: DetectionRule<'distinct_destinations'>, call: LiveCall, v: LiveVerdict): void {
    const p = rule.params;
    const who = p.per === 'seat' ? call.seat : call.ip;
    if (!who) return;
    const subject = `${p.per}:${who}`;
    const w = this.counters.distinct(
      `${rule.id}:${call.customer.customerId}:${subject}`,
      p.window.minutes * MINUTE,
      call.attempt.callee,
      call.attempt,
    );
    const distinct = w.members!.size;
    const severity = crossed(w, distinct, p);
    if (!severity) return;
    const restrictions: RestrictionInput[] =
      p.restriction === 'account'
        ? [{ kind: 'account', value: call.customer.accountCode }]
        : p.restriction === 'seat' && call.seat
          ? [{ kind: 'seat', value: call.seat }]
          : p.restriction === 'ip'
            ? [{ kind: 'ip', value: call.ip }]
            : [];
    this.raise(v, rule, call, w, severity, {
      kind: 'distinct_destinations',
      dedupeKey: `distinct_destinations:${rule.id}:${subject}`,
      summary:
        `${distinct} distinct numbers ${minutes(w)} from ${p.per === 'seat' ? `seat ${who}` : who} ` +
        `(${call.customer.accountCode}), seen at call set-up; rule '${rule.name}' ${levels(p)} per ${p.window.minutes} min`,
      details: { subject, per: p.per, distinctNumbers: distinct, warn: p.warn ?? null, block: p.block },
      restrictions,
    });
  }

  private maxRate(rule: DetectionRule<'max_rate'>, call: LiveCall, v: LiveVerdict): void {
    const p = rule.params;
    const rate = call.rate;
    if (!rate || rate.ratePerMinute <= p.maxPerMinute || !call.number) return;
    const c = call.customer;
    if (call.country && c.allowCountries.includes(call.country)) return;
    if (c.allowPrefixes.some((prefix) => call.number!.startsWith(prefix))) return;
    const day = localDayOf(c.timeZone, call.attempt.atMs).date;
    // One event per destination and day, as the CDR detector raises.
    const w = this.counters.count(`${rule.id}:${c.customerId}:${day}:${rate.prefix}`, DAY, call.attempt, 1);
    if (w.fired) return;
    w.fired = 2;
    const level: Level = p.action === 'block' ? 'block' : 'warning';
    this.raise(v, rule, call, w, level, {
      kind: 'max_rate',
      dedupeKey: `max_rate:${day}`,
      subject: rate.prefix,
      summary:
        `A call attempt to ${call.number} (${rate.description}) priced ${rate.ratePerMinute.toFixed(4)}/min, above ` +
        `${c.accountCode}'s cap of ${p.maxPerMinute.toFixed(4)}/min, seen at call set-up; rule '${rule.name}' ` +
        `${p.action === 'block' ? 'blocks' : 'flags'} destinations above the cap`,
      details: { destination: rate.prefix, ratePerMinute: rate.ratePerMinute, maxPerMinute: p.maxPerMinute },
      restrictions: [{ kind: 'destination', value: rate.prefix }],
    });
  }

  /**
   * The day's spend as it will be: the stored CDRs' cost plus, for each attempt allowed since the newest of them,
   * its rate-deck price × the assumed length. The attempt that takes it to `block` is denied (and not added: it
   * costs nothing); the CDR detector's dedupe key puts the day's CDRs on the same ticket.
   */
  private spendLimit(rule: DetectionRule<'spend_limit'>, call: LiveCall, v: LiveVerdict): void {
    const p = rule.params;
    const rate = call.rate;
    // An unpriced attempt adds nothing: the deck is what the estimate knows.
    if (!rate || rate.ratePerMinute <= 0) return;
    const c = call.customer;
    const minutes = p.assumedCallMinutes ?? SPEND_ASSUMED_CALL_MINUTES;
    const amount = rate.ratePerMinute * minutes;
    const d = this.spend.dayOf(c.customerId, c.timeZone, call.attempt.atMs);
    const total = cents6(d.stored + d.estimated + amount);
    const level: Level | null =
      total >= p.block && d.fired < 2
        ? 'block'
        : p.warn !== undefined && total >= p.warn && total < p.block && d.fired < 1
          ? 'warning'
          : null;
    const denied = level === 'block' && rule.mode === 'live';
    if (!denied) this.spend.add(d, call.attempt, amount);
    if (!level) return;
    d.fired = level === 'block' ? 2 : 1;
    const attempts = d.pending.map((e) => e.attempt);
    if (denied) attempts.push(call.attempt);
    const estimated = cents6(total - d.stored);
    const limits =
      p.warn !== undefined
        ? `warns at ${money(p.warn)} and blocks at ${money(p.block)}`
        : `blocks at ${money(p.block)}`;
    const unbilled = d.pending.length + (denied ? 1 : 0);
    this.raise(v, rule, call, attempts, level, {
      kind: 'spend_limit',
      dedupeKey: `spend_limit:${d.day.date}`,
      summary:
        `Estimated spend on ${d.day.date} (${c.timeZone}) reached ${money(total)} at ` +
        `${localTimeOf(c.timeZone, call.attempt.atMs)} for ${c.accountCode}, seen at call set-up: ` +
        `${money(d.stored)} from today's stored CDRs plus an estimated ${money(estimated)} for ${unbilled} ` +
        `${unbilled === 1 ? 'call' : 'calls'} not yet billed (rate-deck price × an assumed ${minutes} min each); ` +
        `${level === 'block' ? 'above' : 'near'} the daily limit of ${money(p.block)}; rule '${rule.name}' ${limits} a day`,
      details: {
        day: d.day.date,
        timeZone: c.timeZone,
        spent: total,
        estimate: true,
        storedSpend: cents6(d.stored),
        estimatedSpend: estimated,
        estimatedCalls: unbilled,
        assumedCallMinutes: minutes,
        destination: rate.prefix,
        ratePerMinute: rate.ratePerMinute,
        warn: p.warn ?? null,
        block: p.block,
      },
      restrictions: p.restriction === 'account' ? [{ kind: 'account', value: c.accountCode }] : [],
      fromMs: d.day.startMs,
    });
  }

  /** Attempts per second over a window of seconds; the crossing counts are the CDR detector's (call-rate.ts). */
  private callRate(rule: DetectionRule<'call_rate'>, call: LiveCall, v: LiveVerdict): void {
    const p = rule.params;
    const subject = callRateSubject(p.per, call.seat, call.ip);
    if (subject === null) return;
    const counts = callRateCounts(p);
    const w = this.counters.count(
      `${rule.id}:${call.customer.customerId}:${subject}`,
      p.windowSeconds * 1000,
      call.attempt,
      counts.block,
    );
    // crossed() blocks above its `block`: the attempt that makes the count reach the crossing count.
    const severity = crossed(w, w.attempts.length, { warn: counts.warn, block: counts.block - 1 });
    if (!severity) return;
    const n = w.attempts.length;
    this.raise(v, rule, call, w, severity, {
      kind: 'call_rate',
      dedupeKey: `call_rate:${rule.id}:${subject}`,
      summary:
        `${n} call attempts within ${p.windowSeconds} s ${callRateFrom(subject)} (${call.customer.accountCode}), ` +
        `${perSecond(n / p.windowSeconds)}, seen at call set-up; ${callRateLimits(rule)}`,
      details: {
        subject,
        per: p.per,
        perSecond: Number((n / p.windowSeconds).toFixed(2)),
        windowSeconds: p.windowSeconds,
        warn: p.warn ?? null,
        block: p.block,
      },
      restrictions: restrictionOf(p.restriction, call, call.customer.accountCode),
    });
  }

  private raise(
    v: LiveVerdict,
    rule: DetectionRule,
    call: LiveCall,
    w: LiveWindow | readonly LiveAttempt[],
    severity: Level,
    e: Pick<DetectedEventInput, 'kind' | 'dedupeKey' | 'summary' | 'subject'> & {
      details: Record<string, unknown>;
      restrictions: RestrictionInput[];
      /** Where the evidence starts when not at the first attempt counted (a day's spend: its midnight). */
      fromMs?: number;
    },
  ): void {
    const live = rule.mode === 'live';
    const block = severity === 'block';
    if (block && live) {
      v.denied.push(`real-time rule '${rule.name}': ${e.summary}`);
      v.restrictions.push(...e.restrictions);
    }
    const attempts = 'attempts' in w ? w.attempts : w;
    v.events.push({
      customerId: call.customer.customerId,
      kind: e.kind,
      severity,
      dedupeKey: e.dedupeKey,
      subject: e.subject,
      summary: e.summary,
      details: {
        ruleId: rule.id,
        ruleName: rule.name,
        mode: rule.mode,
        ...e.details,
        attemptsCounted: attempts.length,
        attempts: attempts.slice(-50).map((a) => ({
          at: iso(a.atMs),
          caller: a.caller,
          callee: a.callee,
          sourceIp: a.sourceIp,
        })),
      },
      occurredAt: iso(call.attempt.atMs),
      evidence: { from: iso(e.fromMs ?? attempts[0].atMs), to: iso(call.attempt.atMs) },
      restrictions: block && e.restrictions.length ? e.restrictions : undefined,
      ruleId: rule.id,
      shadow: !live,
    });
  }
}
