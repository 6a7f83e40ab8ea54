import { describe, expect, it } from 'vitest';
import {
  assessHour,
  baselineSummary,
  type BaselineCustomer,
  evaluateHours,
  historyOf,
  localHour,
  localHoursBetween,
  normalFor,
} from './baseline.js';
import { BASELINE_DEFAULTS, type BaselineParams, type DetectionRule } from './rule-model.js';

const TZ = 'America/Chicago';
const HOUR = 3_600_000;
const params: BaselineParams = { ...BASELINE_DEFAULTS, minMinutes: 30 };
const rule: Pick<DetectionRule<'baseline'>, 'id' | 'name' | 'mode' | 'params'> = {
  id: '00000000-0000-4000-8000-000000000001',
  name: 'Baselines',
  mode: 'live',
  params,
};
const acme: BaselineCustomer = { id: 'c1', accountCode: 'ACME01', timezone: TZ, optOuts: [] };

type Bucket = { startMs: number; jurisdiction: string; minutes: number };
const at = (day: string, hour: number) => localHour(day, hour, TZ);

/** `minutes` of interstate in the UTC hour starting at `iso`. */
const put = (iso: string, minutes: number, jurisdiction = 'interstate'): Bucket => ({
  startMs: Date.parse(iso),
  jurisdiction,
  minutes,
});

/** The same local hour on the four Thursdays before 2025-06-12 (CDT, UTC-5). */
function fourThursdays(hour: number, minutes: number, jurisdiction = 'interstate'): Bucket[] {
  return ['2025-05-15', '2025-05-22', '2025-05-29', '2025-06-05'].map((d) => ({
    startMs: at(d, hour).startMs,
    jurisdiction,
    minutes,
  }));
}

const SINCE = Date.parse('2025-01-01T00:00:00Z');
const END = Date.parse('2027-01-01T00:00:00Z');
const history = (buckets: Bucket[], since: number | null = SINCE, asOf = END) => historyOf(buckets, HOUR, since, asOf);

describe('baseline levels', () => {
  const thursday14 = at('2025-06-12', 14);
  const assess = (minutes: number, p = params, who = acme) =>
    assessHour(history([...fourThursdays(14, 200), put('2025-06-12T19:00:00Z', minutes)]), thursday14, p, who);

  it('reads a Thursday 14:00 in Chicago as 19:00 UTC in summer', () => {
    expect(new Date(thursday14.startMs).toISOString()).toBe('2025-06-12T19:00:00.000Z');
  });

  it('notifies at +25 %, warns at +50 %, is urgent at +100 %, and raises nothing just below +25 %', () => {
    expect(assess(249)).toEqual([]);
    expect(assess(250).map((f) => f.severity)).toEqual(['notify']);
    expect(assess(300).map((f) => f.severity)).toEqual(['warning']);
    expect(assess(399).map((f) => f.severity)).toEqual(['warning']);
    expect(assess(400).map((f) => f.severity)).toEqual(['urgent']);
  });

  it('honours levels of the rule', () => {
    const strict = { ...params, levels: { notify: 10, warning: 20, urgent: 30 } };
    expect(assess(260, strict).map((f) => f.severity)).toEqual(['urgent']);
  });

  it('raises nothing below the minutes floor, however far above normal', () => {
    const quiet = history([...fourThursdays(3, 2), put('2025-06-12T08:00:00Z', 29)]);
    expect(assessHour(quiet, at('2025-06-12', 3), params, acme)).toEqual([]);
    const loud = history([...fourThursdays(3, 2), put('2025-06-12T08:00:00Z', 30)]);
    expect(assessHour(loud, at('2025-06-12', 3), params, acme).map((f) => f.severity)).toEqual(['urgent']);
  });

  it('raises nothing for a jurisdiction the customer opted out of, or the rule does not compare', () => {
    expect(assess(500, params, { ...acme, optOuts: ['interstate'] })).toEqual([]);
    expect(assess(500, { ...params, jurisdictions: ['international'] })).toEqual([]);
    expect(assess(500, params, { ...acme, optOuts: ['international'] })).toHaveLength(1);
  });

  it('raises nothing in a snoozed spell (the rest of the day)', () => {
    const quiet = { fromMs: at('2025-06-12', 0).startMs, toMs: at('2025-06-13', 0).startMs };
    expect(assess(500, params, { ...acme, quiet })).toEqual([]);
    const yesterday = { fromMs: at('2025-06-11', 0).startMs, toMs: at('2025-06-12', 0).startMs };
    expect(assess(500, params, { ...acme, quiet: yesterday })).toHaveLength(1);
  });

  it('says why in plain words with the numbers', () => {
    const [f] = assess(420);
    expect(baselineSummary(f, rule, acme)).toBe(
      "Interstate calling is 2.1× normal for a Thursday at 14:00 (America/Chicago): 420 min against a normal of 200 min (ACME01; mean of 4 previous Thursdays); rule 'Baselines' notifies at +25 %, warns at +50 % and is urgent at +100 %",
    );
  });

  it('compares an hour still running so far, and says so', () => {
    const h = history(
      [...fourThursdays(14, 200), put('2025-06-12T19:00:00Z', 300)],
      SINCE,
      thursday14.startMs + 35 * 60_000,
    );
    const [f] = assessHour(h, thursday14, params, acme);
    expect(f).toMatchObject({ severity: 'warning', partial: true });
    expect(baselineSummary(f, rule, acme)).toContain(': 300 min by 14:35 against a normal of 200 min for the hour');
  });

  it('with no traffic at that hour before, any minutes past the floor are urgent', () => {
    const h = history([...fourThursdays(3, 0), put('2025-06-12T08:00:00Z', 45, 'international')]);
    // Zero-minute weeks are still weeks of history: the customer had traffic since January.
    const [f] = assessHour(h, at('2025-06-12', 3), params, acme);
    expect(f).toMatchObject({ jurisdiction: 'international', severity: 'urgent', normal: { minutes: 0, samples: 4 } });
    expect(baselineSummary(f, rule, acme)).toMatch(
      /^International calling is far above normal for a Thursday at 03:00/,
    );
  });
});

describe('the normal', () => {
  it('is the mean of the same weekday and hour over up to 4 previous weeks', () => {
    const buckets = [100, 200, 300, 400].map((m, i) =>
      put(new Date(at('2025-06-05', 14).startMs - i * 7 * 24 * HOUR).toISOString(), m),
    );
    buckets.push(put(new Date(at('2025-05-08', 14).startMs).toISOString(), 10_000)); // a fifth week back: not counted
    expect(normalFor(history(buckets), at('2025-06-12', 14), 'interstate', TZ)).toEqual({ minutes: 250, samples: 4 });
  });

  it('counts only the weeks inside the stored history: 7 days back give one sample', () => {
    const since = at('2025-06-05', 0).startMs;
    const h = history(fourThursdays(14, 200), since);
    expect(normalFor(h, at('2025-06-12', 14), 'interstate', TZ)).toEqual({ minutes: 200, samples: 1 });
    const [f] = assessHour(
      history([...fourThursdays(14, 200), put('2025-06-12T19:00:00Z', 400)], since),
      at('2025-06-12', 14),
      params,
      acme,
    );
    expect(baselineSummary(f, rule, acme)).toContain('(ACME01; the same hour last Thursday)');
  });

  it('is unknown without any history, so nothing is raised', () => {
    const h = history([put('2025-06-12T19:00:00Z', 900)], null);
    expect(assessHour(h, at('2025-06-12', 14), params, acme)).toEqual([]);
  });

  it('of a weekday is not the normal of a weekend day', () => {
    const buckets: Bucket[] = [];
    for (let d = Date.parse('2025-05-12'); d < Date.parse('2025-06-12'); d += 24 * HOUR) {
      const day = new Date(d).toISOString().slice(0, 10);
      const weekend = [0, 6].includes(new Date(d).getUTCDay());
      buckets.push({ startMs: at(day, 14).startMs, jurisdiction: 'interstate', minutes: weekend ? 10 : 200 });
    }
    // Thursday 2025-06-12 at 220 min: normal for a Thursday. Saturday 2025-06-14 at 100 min: 10× a Saturday.
    buckets.push(put('2025-06-12T19:00:00Z', 220), put('2025-06-14T19:00:00Z', 100));
    const h = history(buckets);
    expect(assessHour(h, at('2025-06-12', 14), params, acme)).toEqual([]);
    const [sat] = assessHour(h, at('2025-06-14', 14), params, acme);
    expect(sat).toMatchObject({ severity: 'urgent', normal: { minutes: 10, samples: 4 } });
    expect(baselineSummary(sat, rule, acme)).toMatch(/^Interstate calling is 10\.0× normal for a Saturday at 14:00/);
  });
});

describe('DST: a local hour is a local hour', () => {
  it('the spring-forward night in Chicago (2026-03-08) has no 02:00', () => {
    const day = localHoursBetween(at('2026-03-08', 0).startMs, at('2026-03-09', 0).startMs, TZ);
    expect(day.map((h) => h.hour)).toEqual([0, 1, ...Array.from({ length: 21 }, (_, i) => i + 3)]);
    expect(new Date(at('2026-03-08', 1).endMs).toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(new Date(at('2026-03-08', 3).startMs).toISOString()).toBe('2026-03-08T08:00:00.000Z');
    expect(at('2026-03-08', 2).endMs).toBe(at('2026-03-08', 2).startMs);
  });

  it('compares 03:00 after the change with 03:00 of the Sundays before it (an hour earlier in UTC)', () => {
    // Previous Sundays at 03:00 CST = 09:00 UTC; 2026-03-08 03:00 CDT = 08:00 UTC.
    const buckets = ['2026-02-15', '2026-02-22', '2026-03-01'].map((d) => put(`${d}T09:00:00Z`, 100));
    buckets.push(put('2026-02-08T09:00:00Z', 100));
    buckets.push(put('2026-03-08T08:00:00Z', 250), put('2026-03-08T09:00:00Z', 0));
    const h = history(buckets);
    const [f] = assessHour(h, at('2026-03-08', 3), params, acme);
    expect(f).toMatchObject({ severity: 'urgent', minutes: 250, normal: { minutes: 100, samples: 4 } });
    // 04:00 CDT (09:00 UTC) is quiet, against Sundays' 04:00 (10:00 UTC), which had nothing either.
    expect(assessHour(h, at('2026-03-08', 4), params, acme)).toEqual([]);
  });

  it('a week after, 02:00 has one sample fewer: the spring-forward Sunday had no 02:00', () => {
    const buckets = ['2026-02-15', '2026-02-22', '2026-03-01'].map((d) => put(`${d}T08:00:00Z`, 90));
    buckets.push(put('2026-03-08T08:00:00Z', 500)); // that is 03:00 CDT, not a 02:00
    buckets.push(put('2026-03-15T07:00:00Z', 300)); // 02:00 CDT on 2026-03-15
    const n = normalFor(history(buckets), at('2026-03-15', 2), 'interstate', TZ);
    expect(n).toEqual({ minutes: 90, samples: 3 });
  });

  it("the fall-back night's 01:00 (2026-11-01) is two hours, compared with twice the normal rate", () => {
    const one = at('2026-11-01', 1);
    expect([new Date(one.startMs).toISOString(), new Date(one.endMs).toISOString()]).toEqual([
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T08:00:00.000Z',
    ]);
    const day = localHoursBetween(at('2026-11-01', 0).startMs, at('2026-11-02', 0).startMs, TZ);
    expect(day.map((h) => h.hour)).toEqual(Array.from({ length: 24 }, (_, i) => i));
    // Previous Sundays' 01:00 (CDT = 06:00 UTC): 60 min each.
    const before = ['2026-10-04', '2026-10-11', '2026-10-18', '2026-10-25'].map((d) => put(`${d}T06:00:00Z`, 60));
    // A normal night: 60 min in each of the two hours is 120 min against a normal of 120: nothing.
    const normal = history([...before, put('2026-11-01T06:00:00Z', 60), put('2026-11-01T07:00:00Z', 60)]);
    expect(assessHour(normal, one, params, acme)).toEqual([]);
    // 60 + 150 = 210 min against 120 is +75 %: a warning, in words that say the hour was long.
    const busy = history([...before, put('2026-11-01T06:00:00Z', 60), put('2026-11-01T07:00:00Z', 150)]);
    const [f] = assessHour(busy, one, params, acme);
    expect(f).toMatchObject({ severity: 'warning', minutes: 210, normal: { minutes: 120, samples: 4 } });
    expect(baselineSummary(f, rule, acme)).toContain(
      'for a Sunday at 01:00 (America/Chicago; this 01:00 lasts 120 min as clocks change): 210 min against a normal of 120 min',
    );
  });

  it('a week after the fall-back night, its long 01:00 counts as one sample at its hourly rate', () => {
    const buckets = ['2026-10-18', '2026-10-25'].map((d) => put(`${d}T06:00:00Z`, 60));
    buckets.push(put('2026-11-01T06:00:00Z', 90), put('2026-11-01T07:00:00Z', 90)); // 180 min in two hours
    buckets.push(put('2026-10-11T06:00:00Z', 60));
    const n = normalFor(history(buckets), at('2026-11-08', 1), 'interstate', TZ);
    // (60 + 60 + 90 + 60) / 4 = 67.5 per hour; 2026-11-08 01:00 CST is one hour.
    expect(n).toEqual({ minutes: 67.5, samples: 4 });
  });
});

describe(evaluateHours.name, () => {
  const day = '2025-06-12';
  const buckets = [
    ...fourThursdays(13, 100),
    ...fourThursdays(14, 100),
    ...fourThursdays(15, 100),
    put('2025-06-12T18:00:00Z', 130), // 13:00: notify
    put('2025-06-12T19:00:00Z', 160), // 14:00: warning
    put('2025-06-12T20:00:00Z', 130), // 15:00: notify again, below what the day reached
  ];
  const hours = [13, 14, 15].map((h) => at(day, h));

  it('raises one case per jurisdiction and local day, escalating it when a later hour reaches a higher level', () => {
    const events = evaluateHours(history(buckets), hours, rule, acme);
    expect(events.map((e) => [e.severity, e.dedupeKey, e.occurredAt])).toEqual([
      ['notify', 'baseline:interstate:2025-06-12', '2025-06-12T19:00:00.000Z'],
      ['warning', 'baseline:interstate:2025-06-12', '2025-06-12T20:00:00.000Z'],
    ]);
    expect(events[1]).toMatchObject({
      kind: 'baseline',
      customerId: 'c1',
      ruleId: rule.id,
      shadow: false,
      evidence: { from: '2025-06-12T19:00:00.000Z', to: '2025-06-12T20:00:00.000Z' },
      details: { jurisdiction: 'interstate', day, hour: 14, minutes: 160, normal: 100, samples: 4 },
    });
  });

  it('raises nothing that the day already reached (a second run)', () => {
    const raised = new Map<string, 'warning'>([['baseline:interstate:2025-06-12', 'warning']]);
    expect(evaluateHours(history(buckets), hours, rule, acme, raised)).toEqual([]);
  });
});
