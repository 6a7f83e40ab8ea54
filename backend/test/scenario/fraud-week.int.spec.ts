// Acceptance scenario of docs/design.md §Detection: a week of normal traffic for five customers in their own
// time zones, the last day's fraud episodes and a benign surge, imported day by day in each of the three CDR
// formats, with the rule set a NOC would run. Every episode must open a ticket at the right severity with
// the right seat or IP restricted; the surge must never restrict; the normal week raises nothing above notify;
// and a backtest over the week returns what the live run raised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectStatus } from '../expect-status.js';
import { ADMIN, createTestApp, type TestApp } from '../harness.js';
import { ManualClock } from '../../src/common/clock.js';
import { BaselineDetector } from '../../src/detection/baseline.detector.js';
import {
  type CdrFormat,
  cdrFile,
  type EpisodeKey,
  fraudWeek,
  HISTORY_START,
  WEEK_END,
  WEEK_START,
} from './fraud-week.js';

const DAY = 86_400_000;
const week = fraudWeek();

/** The rules a carrier NOC runs (besides the seeded seat and group defaults). */
const RULES = [
  {
    name: 'Premium international burst',
    kind: 'threshold',
    params: {
      window: { minutes: 10 },
      warn: 10,
      block: 20,
      filter: { kind: 'country_group', countries: ['LV', 'CU', 'SL'] },
      per: 'customer',
      restriction: 'ip',
    },
  },
  {
    name: 'Same number hammered',
    kind: 'threshold',
    params: {
      window: { minutes: 5 },
      warn: 10,
      block: 20,
      filter: { kind: 'same_number' },
      per: 'customer',
      restriction: 'destination',
    },
  },
  { name: 'New source IP', kind: 'first_traffic_ip', params: { severity: 'notify' } },
  { name: 'New destination country', kind: 'new_destination', params: { minHistoryDays: 3, severity: 'notify' } },
  { name: 'Premium rate', kind: 'max_rate', params: { maxPerMinute: 0.5, action: 'warning' } },
  { name: 'Daily spend', kind: 'spend_limit', params: { warn: 2000, block: 5000, restriction: 'account' } },
];

/**
 * Baselines where they mean something: for the customer whose hourly minutes are large and steady (hundreds of
 * intrastate minutes an hour). Over the small customers' 10-60 minutes an hour, one week of history makes a noisy
 * normal (a Poisson hour easily doubles), so a NOC enables baselines customer by customer.
 */
const BASELINE_RULE = {
  name: 'Prairie baselines',
  kind: 'baseline',
  params: { jurisdictions: ['intrastate'], minMinutes: 100 },
};

interface Ev {
  id: string;
  ticketId: string | null;
  customerId: string;
  kind: string;
  severity: string;
  dedupeKey: string;
  occurredAt: string;
  ruleId: string | null;
  summary: string;
  restrictions: { kind: string; value: string }[];
}
interface Ticket {
  id: string;
  customerId: string;
  severity: string;
  state: string;
  restrictions: { kind: string; value: string; status: string }[];
}

const SEVERITY = ['notify', 'warning', 'urgent', 'block'];
const key = (e: Pick<Ev, 'customerId' | 'dedupeKey' | 'severity' | 'occurredAt'>) =>
  `${e.customerId} ${e.dedupeKey} ${e.severity} ${new Date(e.occurredAt).toISOString()}`;

describe.each<CdrFormat>(['generic', 'asterisk', 'freeswitch'])('a fraud week imported as %s CDRs', (format) => {
  let t: TestApp;
  let admin: string;
  let ids: Map<string, string>;
  let rules: { id: string; name: string; kind: string; scope: string; customerId: string | null; params: unknown }[];
  let events: Ev[];
  let tickets: Map<string, Ticket>;

  /** The events of an episode: its customer's, raised from its first call to an hour after its last. */
  const episodeEvents = (k: EpisodeKey) => {
    const e = week.episodes[k];
    const from = e.rows[0].start.getTime();
    const to = e.rows[e.rows.length - 1].start.getTime() + 3600_000;
    return events.filter(
      (ev) =>
        ev.customerId === ids.get(e.accountCode) &&
        Date.parse(ev.occurredAt) >= from &&
        Date.parse(ev.occurredAt) <= to,
    );
  };
  const ticketsOf = (list: Ev[]) =>
    [...new Set(list.map((e) => e.ticketId).filter(Boolean))].map((id) => tickets.get(id!)!);
  const activeRestrictions = (list: Ev[]) =>
    ticketsOf(list).flatMap((tk) =>
      tk.restrictions.filter((r) => r.status === 'active').map((r) => `${r.kind} ${r.value}`),
    );
  const highest = (list: Ev[]) => SEVERITY[Math.max(-1, ...list.map((e) => SEVERITY.indexOf(e.severity)))];

  beforeAll(async () => {
    const clock = new ManualClock(new Date(HISTORY_START));
    t = await createTestApp({ TIMER_SWEEP_MS: '0' }, { clock });
    admin = await t.login(ADMIN.email, ADMIN.password);
    expectStatus(
      await t.api('POST', '/api/customers/import', { token: admin, body: { customers: week.customers } }),
      200,
    );
    const list = expectStatus(await t.api('GET', '/api/customers?limit=100', { token: admin }), 200).body.items;
    ids = new Map(list.map((c: { accountCode: string; id: string }) => [c.accountCode, c.id]));
    const deck = await fetch(`${t.baseUrl}/api/rate-deck`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/csv' },
      body: week.rateDeck,
    });
    expect(deck.status, await deck.clone().text()).toBe(201);
    for (const r of RULES)
      expectStatus(await t.api('POST', '/api/rules', { token: admin, body: { ...r, scope: 'global' } }), 201);
    expectStatus(
      await t.api('POST', '/api/rules', {
        token: admin,
        body: { ...BASELINE_RULE, scope: 'customer', customerId: ids.get('PRAI05') },
      }),
      201,
    );
    rules = expectStatus(await t.api('GET', '/api/rules', { token: admin }), 200).body.items;

    // A file per day, as a switch rotates them; the baseline detector runs at the end of each day (its timer
    // looks back 26 hours).
    for (let day = HISTORY_START; day < WEEK_END; day += DAY) {
      const rows = week.rows.filter((r) => r.start.getTime() >= day && r.start.getTime() < day + DAY);
      const file = cdrFile(rows, format);
      const report = expectStatus(
        await t.api('POST', `/api/cdrs/import?${file.query}`, {
          token: admin,
          raw: file.body,
          headers: { 'content-type': 'text/csv' },
        }),
        201,
      ).body;
      expect(report.rejected, JSON.stringify(report.errors)).toBe(0);
      expect(report.imported).toBe(rows.length);
      clock.set(new Date(day + DAY));
      await t.app.get(BaselineDetector).run();
    }

    events = [];
    for (let cursor: string | null = null; ;) {
      const page: { items: Ev[]; nextCursor: string | null } = expectStatus(
        await t.api('GET', `/api/events?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, {
          token: admin,
        }),
        200,
      ).body;
      events.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    tickets = new Map();
    for (const id of new Set(events.map((e) => e.ticketId).filter((x): x is string => !!x))) {
      tickets.set(id, expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: admin }), 200).body);
    }
  }, 600_000);
  afterAll(() => t?.close());

  it('IRSF at night from a new IP: a block case; the IP is restricted where the format carries it', () => {
    const list = episodeEvents('premium');
    expect(highest(list)).toBe('block');
    if (format === 'freeswitch') {
      // FreeSWITCH's default cdr_csv template has no source IP column: the block names no IP to restrict.
      expect(activeRestrictions(list)).toEqual([]);
    } else {
      expect(activeRestrictions(list)).toContain('ip 203.0.113.77/32');
      expect(list.find((e) => e.kind === 'first_traffic_ip')?.summary).toMatch(/^First traffic from 203\.0\.113\.77/);
    }
    expect(list.find((e) => e.kind === 'max_rate')?.severity).toBe('warning');
  });

  it('25 calls in minutes to one number: a block case with the number restricted', () => {
    const list = episodeEvents('same-number');
    expect(highest(list)).toBe('block');
    expect(activeRestrictions(list)).toContain('destination +88216123456');
    expect(list.find((e) => e.severity === 'block' && e.kind === 'threshold')?.summary).toMatch(
      /^20 calls in \d+ min to \+88216123456 from the account|^20 calls in \d+ min to \+88216123456 from /,
    );
  });

  it('the benign surge is seen by the baseline, raises at most a warning, and never restricts', () => {
    const list = episodeEvents('surge');
    const baseline = list.filter((e) => e.kind === 'baseline');
    expect(baseline.map((e) => e.severity)).toContain('warning');
    expect(baseline.find((e) => e.severity === 'warning')?.summary).toMatch(
      /^Intrastate calling is 1\.\d× normal for a Wednesday at 14:00 \(America\/Chicago\)/,
    );
    expect(SEVERITY.indexOf(highest(list))).toBeLessThanOrEqual(SEVERITY.indexOf('warning'));
    expect(activeRestrictions(list)).toEqual([]);
  });

  it('the normal weeks raise nothing above notify', () => {
    const inEpisodes = new Set(
      (Object.keys(week.episodes) as EpisodeKey[]).flatMap((k) => episodeEvents(k).map((e) => e.id)),
    );
    const normal = events.filter((e) => !inEpisodes.has(e.id));
    expect(normal.filter((e) => e.severity !== 'notify').map((e) => `${e.kind} ${e.severity}: ${e.summary}`)).toEqual(
      [],
    );
  });

  it('a backtest of each CDR rule over the week returns the events the live run raised', async () => {
    for (const rule of rules) {
      const res = expectStatus(
        await t.api('POST', '/api/rules/backtest', {
          token: admin,
          body: {
            rule: {
              id: rule.id,
              name: rule.name,
              kind: rule.kind,
              scope: rule.scope,
              ...(rule.customerId && { customerId: rule.customerId }),
              params: rule.params,
            },
            from: new Date(WEEK_START).toISOString(),
            to: new Date(WEEK_END).toISOString(),
          },
        }),
        200,
      ).body;
      const live = events
        .filter((e) => e.ruleId === rule.id)
        .map(key)
        .sort();
      expect(res.truncated).toBe(false);
      expect(res.events.map(key).sort(), rule.name).toEqual(live);
    }
  });
});
