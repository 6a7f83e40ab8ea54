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
import { type BurstSpec, demoBursts, demoCustomers, demoTraffic } from '../../src/scripts/demo-data.js';
import { zoneOffsetAt } from '../../src/common/zoned-time.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The end of the week: Thursday 19 November 2026, 12:00 UTC (07:00 in New York). */
export const WEEK_END = Date.parse('2026-11-19T12:00:00Z');
export const WEEK_START = WEEK_END - 7 * DAY;

export type EpisodeKey = 'premium' | 'caribbean' | 'failed-intl' | 'same-number' | 'surge';

export interface Episode {
  key: EpisodeKey;
  accountCode: string;
  rows: DemoCdr[];
}

export interface FraudWeek {
  customers: ReturnType<typeof demoCustomers>;
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

/**
 * A benign surge: Acme's reception phoning every patient in Illinois on a weekday afternoon (a recall
 * campaign), about three times its usual domestic minutes in that hour. It must never restrict.
 */
function surgeEpisode(): DemoCdr[] {
  const anchor = lastDayAt('America/Chicago', 14, 0); // Wednesday afternoon
  const rng = rngFor('surge');
  return Array.from({ length: 30 }, (_, i) => {
    const start = new Date(anchor + Math.floor((i * 3600_000) / 30) + Math.floor(rng() * 30_000));
    const talk = 90 + Math.floor(rng() * 240);
    return {
      callId: `scn-surge-${compact(start)}-${i}`,
      account: 'ACME01',
      sourceIp: '192.0.2.20',
      sipUser: 'acme-0111',
      from: '+13125550111',
      to: `1312555${String(2000 + i).padStart(4, '0')}`,
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
  const customers = demoCustomers();
  const lookup = seatLookup(customers);
  const rows: DemoCdr[] = [];
  for (const profile of demoTraffic()) {
    const customer = lookup.get(profile.accountCode)!;
    for (let h = WEEK_START; h < WEEK_END; h += HOUR) rows.push(...hourOfTraffic(profile, customer, h));
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
    surge: { key: 'surge', accountCode: 'ACME01', rows: surgeEpisode() },
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
