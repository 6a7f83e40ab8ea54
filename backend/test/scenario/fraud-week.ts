// A week of a small ITSP's traffic for five customers in their own time zones (the demo's business-hours
// curves, weekend lows and recurring international calls), and on its last day the fraud episodes a NOC
// must catch, plus a benign surge it must not block. Deterministic: the same rows every run.
import {
  burstAnchor,
  burstTraffic,
  type DemoCdr,
  demoCsv,
  hourOfTraffic,
  rngFor,
  seatLookup,
} from '../../src/scripts/demo-traffic.js';
import type { ImportCustomerDto } from '../../src/customers/customers.dto.js';
import {
  type BurstSpec,
  demoBursts,
  demoCustomers,
  demoTraffic,
  type TrafficProfile,
} from '../../src/scripts/demo-data.js';
import { zoneOffsetAt } from '../../src/common/zoned-time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The end of the week: Thursday 19 November 2026, 12:00 UTC (07:00 in New York). */
export const WEEK_END = Date.parse('2026-11-19T12:00:00Z');
/** The week the scenario judges; the week before it is the history baselines compare with. */
export const WEEK_START = WEEK_END - 7 * DAY;
export const HISTORY_START = WEEK_START - 7 * DAY;

/**
 * A sixth customer with enough outbound traffic for a baseline to mean something: an outreach call centre in
 * Chicago, 20 seats dialling Illinois on weekday business hours (hundreds of intrastate minutes an hour).
 */
function prairie(): { customer: ImportCustomerDto; profile: TrafficProfile } {
  const lines = Array.from({ length: 20 }, (_, i) => String(300 + i).padStart(4, '0'));
  return {
    customer: {
      name: 'Prairie Outreach',
      accountCode: 'PRAI05',
      timezone: 'America/Chicago',
      state: 'IL',
      ips: ['192.0.2.64/27'],
      contacts: [{ name: 'Ops', email: 'ops@prairie.example.com' }],
      groups: [
        {
          name: 'Dialler floor',
          externalId: 'PRAI05-FLOOR',
          seats: lines.map((line) => ({
            userId: `312555${line}@prairie.voip.example.net`,
            sipUsername: `prai-${line}`,
            name: `Agent ${line}`,
            did: `+1312555${line}`,
            extension: line.slice(-3),
          })),
        },
      ],
    },
    profile: {
      accountCode: 'PRAI05',
      sourceIps: { 'PRAI05-FLOOR': '192.0.2.70' },
      answerRate: 0.7,
      seats: lines.map((line) => ({ line, callsPerHour: 12, schedules: [{ days: [1, 2, 3, 4, 5], from: 9, to: 17 }] })),
      destinations: [
        {
          label: 'Illinois',
          weight: 85,
          numbers: ['1312555xxxx', '1773555xxxx', '1847555xxxx', '1630555xxxx'],
          ratePerMinute: 0.006,
          talkSec: 150,
        },
        {
          label: 'other states',
          weight: 15,
          numbers: ['1317555xxxx', '1414555xxxx'],
          ratePerMinute: 0.008,
          talkSec: 150,
        },
      ],
    },
  };
}

export type EpisodeKey = 'premium' | 'caribbean' | 'failed-intl' | 'same-number' | 'surge';

export interface Episode {
  key: EpisodeKey;
  accountCode: string;
  rows: DemoCdr[];
}

export interface FraudWeek {
  customers: ImportCustomerDto[];
  /** Every row, in time order. */
  rows: DemoCdr[];
  episodes: Record<EpisodeKey, Episode>;
  /** The rate deck the rows are priced with (`prefix,description,rate_per_minute`). */
  rateDeck: string;
}

const compact = (d: Date) => d.toISOString().replace(/[-:]/g, '').slice(0, 15);

/** The latest instant before the week's end with this local wall time in `timeZone` (at most a day back). */
function lastDayAt(timeZone: string, hour: number, minute: number): number {
  const wallEnd = WEEK_END + zoneOffsetAt(timeZone, WEEK_END);
  const d = new Date(wallEnd);
  for (let back = 0; ; back++) {
    const wall = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - back, hour, minute);
    const at = wall - zoneOffsetAt(timeZone, wall);
    if (at + HOUR <= WEEK_END) return at;
  }
}

/** 25 calls in 4 minutes from one lawyer's seat to the same premium-looking number (a hacked voicemail dial-out). */
function sameNumberEpisode(): DemoCdr[] {
  const anchor = lastDayAt('America/Los_Angeles', 1, 10);
  const rng = rngFor('same-number');
  return Array.from({ length: 25 }, (_, i) => {
    const start = new Date(anchor + i * 9_600 + Math.floor(rng() * 2000));
    const talk = 20 + Math.floor(rng() * 20);
    return {
      callId: `scn-same-${compact(start)}-${i}`,
      account: 'OKLI22',
      sourceIp: '198.51.100.66',
      sipUser: 'okli-0171',
      from: '+14155550171',
      to: '01188216123456',
      start,
      answer: new Date(start.getTime() + 3000),
      end: new Date(start.getTime() + 3000 + talk * 1000),
      duration: talk + 3,
      billsec: talk,
      disposition: 'ANSWERED',
      sipCode: 200,
      ratePerMinute: 0.35,
    };
  });
}

/** Probes of international routes with the 011 prefix and junk digits: they fail and parse to no country. */
function probes(anchor: number): DemoCdr[] {
  const rng = rngFor('probes');
  return Array.from({ length: 12 }, (_, i) => {
    const start = new Date(anchor + i * 40_000);
    const digits = String(Math.floor(rng() * 1e6)).padStart(6, '0');
    return {
      callId: `scn-probe-${compact(start)}-${i}`,
      account: 'BRCC07',
      sourceIp: '203.0.113.140',
      sipUser: 'brcc-0215',
      from: '+14165550215',
      to: i % 2 ? `011${digits.slice(0, 2)}` : `00${digits}`,
      start,
      answer: null,
      end: new Date(start.getTime() + 1000),
      duration: 1,
      billsec: 0,
      disposition: 'FAILED',
      sipCode: 484,
      ratePerMinute: 0,
    };
  });
}

const IL = /^1(312|773|847|630)/;

/**
 * A benign surge: Prairie's floor phoning a list of Illinois customers on a Wednesday afternoon (a campaign),
 * about 70 % more intrastate minutes than in the same hour a week before. It must never restrict.
 */
function surgeEpisode(rows: readonly DemoCdr[]): DemoCdr[] {
  const anchor = lastDayAt('America/Chicago', 14, 0); // Wednesday afternoon
  const weekBefore = anchor - 7 * DAY;
  const normalSec = rows
    .filter((r) => r.account === 'PRAI05' && IL.test(r.to))
    .filter((r) => r.start.getTime() >= weekBefore && r.start.getTime() < weekBefore + HOUR)
    .reduce((sum, r) => sum + r.billsec, 0);
  const rng = rngFor('surge');
  const calls = Math.round((0.7 * normalSec) / 150);
  return Array.from({ length: calls }, (_, i) => {
    const start = new Date(anchor + Math.floor((i * 3_500_000) / calls) + Math.floor(rng() * 20_000));
    const talk = 150;
    const line = String(300 + (i % 20)).padStart(4, '0');
    return {
      callId: `scn-surge-${compact(start)}-${i}`,
      account: 'PRAI05',
      sourceIp: '192.0.2.70',
      sipUser: `prai-${line}`,
      from: `+1312555${line}`,
      to: `1773555${String(2000 + i).padStart(4, '0')}`,
      start,
      answer: new Date(start.getTime() + 4000),
      end: new Date(start.getTime() + 4000 + talk * 1000),
      duration: talk + 4,
      billsec: talk,
      disposition: 'ANSWERED',
      sipCode: 200,
      ratePerMinute: 0.006,
    };
  });
}

export function fraudWeek(): FraudWeek {
  const extra = prairie();
  const customers = [...demoCustomers(), extra.customer];
  const lookup = seatLookup(customers);
  const rows: DemoCdr[] = [];
  for (const profile of [...demoTraffic(), extra.profile]) {
    const customer = lookup.get(profile.accountCode)!;
    for (let h = HISTORY_START; h < WEEK_END; h += HOUR) rows.push(...hourOfTraffic(profile, customer, h));
  }
  const bursts = new Map<string, BurstSpec>(demoBursts().map((b) => [b.key, b]));
  const burst = (key: string, override: Partial<BurstSpec> = {}) => {
    const spec = { ...bursts.get(key)!, ...override, minAgeHours: 0 };
    const tz = customers.find((c) => c.accountCode === spec.accountCode)!.timezone;
    return burstTraffic(spec, burstAnchor(spec, tz, WEEK_END));
  };
  const failed = burst('failed-intl', { minAgeHours: 0 });
  const episodes: Record<EpisodeKey, Episode> = {
    premium: { key: 'premium', accountCode: 'HARB009', rows: burst('premium') },
    caribbean: { key: 'caribbean', accountCode: 'HARB009', rows: burst('caribbean') },
    'failed-intl': {
      key: 'failed-intl',
      accountCode: 'BRCC07',
      rows: [...failed, ...probes(failed[0].start.getTime() + 60_000)],
    },
    'same-number': { key: 'same-number', accountCode: 'OKLI22', rows: sameNumberEpisode() },
    surge: { key: 'surge', accountCode: 'PRAI05', rows: surgeEpisode(rows) },
  };
  for (const e of Object.values(episodes)) {
    for (const r of e.rows)
      if (r.start.getTime() >= WEEK_END || r.start.getTime() < WEEK_END - DAY)
        throw new Error(`episode ${e.key} falls outside the last day: ${r.start.toISOString()}`);
    rows.push(...e.rows);
  }
  rows.sort((a, b) => a.start.getTime() - b.start.getTime() || a.callId.localeCompare(b.callId));
  return { customers, rows, episodes, rateDeck: rateDeckOf(rows) };
}

/** One deck line per distinct (E.164 prefix, rate) the generator used, longest prefixes first. */
function rateDeckOf(rows: readonly DemoCdr[]): string {
  const byPrefix = new Map<string, number>();
  for (const r of rows) {
    const e164 = r.to.startsWith('011') ? r.to.slice(3) : r.to.startsWith('00') ? r.to.slice(2) : r.to;
    // NANP: the area code and exchange (1NPA555); elsewhere the first five digits.
    const prefix = e164.startsWith('1') ? e164.slice(0, 7) : e164.slice(0, 5);
    if (prefix.length < 3) continue;
    const known = byPrefix.get(prefix);
    if (known === undefined || r.ratePerMinute > known) byPrefix.set(prefix, r.ratePerMinute);
  }
  const lines = [...byPrefix.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([p, rate]) => `${p},Scenario ${p},${rate}`);
  return `prefix,description,rate_per_minute\n${lines.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// The same rows in the three formats the importer reads.

export type CdrFormat = 'generic' | 'asterisk' | 'freeswitch';

const stamp = (d: Date | null) => (d ? d.toISOString().slice(0, 19).replace('T', ' ') : '');
const q = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Asterisk Master.csv with uniqueid and userfield (the source IP), times in UTC. */
function asteriskLine(r: DemoCdr, i: number): string {
  const channel = `SIP/${r.sipUser}-${i.toString(16).padStart(8, '0')}`;
  return [
    q(r.account),
    q(r.from.replace(/^\+/, '')),
    q(r.to),
    q('from-internal'),
    q(`"${r.sipUser}" <${r.from.replace(/^\+/, '')}>`),
    q(channel),
    q(`SIP/trunk-${i.toString(16).padStart(8, '0')}`),
    q('Dial'),
    q(`SIP/trunk/${r.to}`),
    q(stamp(r.start)),
    q(stamp(r.answer)),
    q(stamp(r.end)),
    String(r.duration),
    String(r.billsec),
    q(r.disposition),
    q('DOCUMENTATION'),
    q(r.callId),
    q(r.sourceIp),
  ].join(',');
}

const HANGUP: Record<string, string> = {
  ANSWERED: 'NORMAL_CLEARING',
  'NO ANSWER': 'NO_ANSWER',
  BUSY: 'USER_BUSY',
  FAILED: 'CALL_REJECTED',
  CONGESTION: 'NORMAL_CIRCUIT_CONGESTION',
};

/** FreeSWITCH cdr_csv's default template (no source IP column), times in UTC. */
function freeswitchLine(r: DemoCdr): string {
  return [
    q(r.sipUser),
    q(r.from),
    q(r.to),
    q('default'),
    q(stamp(r.start)),
    q(stamp(r.answer)),
    q(stamp(r.end)),
    q(String(r.duration)),
    q(String(r.billsec)),
    q(HANGUP[r.disposition] ?? 'CALL_REJECTED'),
    q(r.callId),
    q(''),
    q(r.account),
    q('PCMU'),
    q('PCMU'),
  ].join(',');
}

/** The rows as one file of the format, and the query string the import needs for it. */
export function cdrFile(rows: readonly DemoCdr[], format: CdrFormat): { body: string; query: string } {
  switch (format) {
    case 'generic':
      return { body: [...demoCsv(rows)].join(''), query: 'format=generic' };
    case 'asterisk':
      return {
        body: rows.map(asteriskLine).join('\n') + '\n',
        query: 'format=asterisk&timeZone=UTC&userfieldIsSourceIp=true',
      };
    case 'freeswitch':
      return { body: rows.map(freeswitchLine).join('\n') + '\n', query: 'format=freeswitch&timeZone=UTC' };
  }
}
