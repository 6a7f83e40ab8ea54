import type { ImportCustomerDto } from '../customers/customers.dto.js';
import type { Role } from '../users/user.entity.js';

export const DEMO_PASSWORD = 'tollgate-demo-2026';

const seat = (npa: string, line: string, domain: string, name: string, sipPrefix: string) => ({
  userId: `${npa}555${line}@${domain}`,
  sipUsername: `${sipPrefix}-${line}`,
  name,
  did: `+1${npa}555${line}`,
  extension: line.slice(-3),
});

/** A small ITSP's book: a logistics firm, a dental chain, a law office, a call centre, a hotel. */
export function demoCustomers(): ImportCustomerDto[] {
  return [
    {
      name: 'Harborview Logistics',
      accountCode: 'HARB009',
      timezone: 'America/New_York',
      state: 'MA',
      ips: ['203.0.113.10', '198.51.100.0/28'],
      contacts: [{ name: 'Dana Reyes', email: 'dana@harborview.example.com', phone: '+16175550100' }],
      groups: [
        {
          name: 'Boston office',
          externalId: 'HARB009-BOSTON',
          seats: [
            seat('617', '0142', 'harborview.voip.example.net', 'Front desk', 'harb'),
            seat('617', '0143', 'harborview.voip.example.net', 'Warehouse', 'harb'),
            seat('617', '0144', 'harborview.voip.example.net', 'Dispatch', 'harb'),
          ],
        },
        {
          name: 'Providence depot',
          externalId: 'HARB009-PVD',
          seats: [seat('401', '0190', 'harborview.voip.example.net', 'Depot manager', 'harb')],
        },
      ],
    },
    {
      name: 'Acme Dental Group',
      accountCode: 'ACME01',
      timezone: 'America/Chicago',
      state: 'IL',
      ips: ['192.0.2.20', '192.0.2.21'],
      contacts: [{ name: 'Lee Park', email: 'lee@acme-dental.example.com', phone: '+13125550111' }],
      groups: [
        {
          name: 'Loop clinic',
          externalId: 'ACME01-LOOP',
          seats: [
            seat('312', '0111', 'acme.voip.example.net', 'Reception', 'acme'),
            seat('312', '0112', 'acme.voip.example.net', 'Billing', 'acme'),
          ],
        },
      ],
    },
    {
      name: 'Okafor & Lindqvist LLP',
      accountCode: 'OKLI22',
      timezone: 'America/Los_Angeles',
      state: 'CA',
      ips: ['198.51.100.64/29'],
      contacts: [{ name: 'Ines Okafor', email: 'it@okli.example.com' }],
      groups: [
        {
          name: 'San Francisco',
          externalId: 'OKLI22-SF',
          seats: [
            seat('415', '0170', 'okli.voip.example.net', 'Ines Okafor', 'okli'),
            seat('415', '0171', 'okli.voip.example.net', 'Mats Lindqvist', 'okli'),
            seat('415', '0172', 'okli.voip.example.net', 'Paralegal pool', 'okli'),
          ],
        },
      ],
    },
    {
      name: 'Brightline Contact Center',
      accountCode: 'BRCC07',
      timezone: 'America/Toronto',
      state: 'ON',
      ips: ['203.0.113.128/26'],
      contacts: [{ name: 'NOC liaison', email: 'noc@brightline.example.ca', phone: '+14165550199' }],
      groups: [
        {
          name: 'Floor A',
          externalId: 'BRCC07-A',
          seats: Array.from({ length: 6 }, (_, i) =>
            seat('416', `02${10 + i}`, 'brightline.voip.example.net', `Agent ${i + 1}`, 'brcc'),
          ),
        },
      ],
    },
    {
      name: 'Seaside Inn & Suites',
      accountCode: 'SEAS31',
      timezone: 'America/New_York',
      state: 'FL',
      ips: ['192.0.2.200'],
      contacts: [{ name: 'Front office', email: 'frontoffice@seaside.example.com' }],
      groups: [
        {
          name: 'Hotel PBX',
          externalId: 'SEAS31-PBX',
          seats: [
            seat('305', '0301', 'seaside.voip.example.net', 'Lobby', 'seas'),
            seat('305', '0302', 'seaside.voip.example.net', 'Room 204', 'seas'),
          ],
        },
      ],
    },
  ];
}

export function demoUsers(): { email: string; name: string; role: Role; accountCode?: string }[] {
  return [
    { email: 'tech@demo.tollgate.local', name: 'Terry Okoye', role: 'technician' },
    { email: 'tech2@demo.tollgate.local', name: 'Sam Varga', role: 'technician' },
    { email: 'oncall@demo.tollgate.local', name: 'Priya Raman', role: 'engineer' },
    { email: 'manager@demo.tollgate.local', name: 'Morgan Blake', role: 'manager' },
    { email: 'dana@harborview.example.com', name: 'Dana Reyes', role: 'customer', accountCode: 'HARB009' },
    { email: 'lee@acme-dental.example.com', name: 'Lee Park', role: 'customer', accountCode: 'ACME01' },
  ];
}

// ---------------------------------------------------------------------------------------------
// Traffic: who calls where and when. Numbers are templates of E.164 digits (no +), `x` is a
// random digit. NANP lines use the fictional 555-01xx range; international ones drama ranges
// where a country has them.

/** Local hours [from, to) on the given days (0 = Sunday). */
export interface Schedule {
  days: readonly number[];
  from: number;
  to: number;
}

export interface DestinationMix {
  label: string;
  weight: number;
  numbers: readonly string[];
  ratePerMinute: number;
  /** Median talk time of an answered call (seconds). */
  talkSec: number;
}

export interface SeatTraffic {
  /** The seat's line: the last four digits of its DID (see `seat()` above). */
  line: string;
  /** Calls per hour at the busiest time of its schedule. */
  callsPerHour: number;
  schedules: readonly Schedule[];
}

export interface TrafficProfile {
  accountCode: string;
  /** The address each group's phones reach the switch from (inside the customer's IPs). */
  sourceIps: Readonly<Record<string, string>>;
  answerRate: number;
  seats: readonly SeatTraffic[];
  destinations: readonly DestinationMix[];
}

const WEEKDAYS = [1, 2, 3, 4, 5];
const SAT = [6];
const DAILY = [0, 1, 2, 3, 4, 5, 6];
const nanp = (...npas: string[]) => npas.map((npa) => `1${npa}55501xx`);
const TOLL_FREE = nanp('800', '888', '877', '866', '855');
const UK = '442079460xxx'; // Ofcom's drama range, 020 7946 0xxx

export function demoTraffic(): TrafficProfile[] {
  return [
    {
      accountCode: 'HARB009',
      sourceIps: { 'HARB009-BOSTON': '203.0.113.10', 'HARB009-PVD': '198.51.100.2' },
      answerRate: 0.8,
      seats: [
        { line: '0142', callsPerHour: 3, schedules: [{ days: WEEKDAYS, from: 8, to: 17 }] },
        {
          line: '0143',
          callsPerHour: 1.5,
          schedules: [
            { days: WEEKDAYS, from: 7, to: 16 },
            { days: SAT, from: 8, to: 12 },
          ],
        },
        {
          line: '0144',
          callsPerHour: 4,
          schedules: [
            { days: WEEKDAYS, from: 6, to: 18 },
            { days: SAT, from: 7, to: 12 },
          ],
        },
        { line: '0190', callsPerHour: 2.5, schedules: [{ days: WEEKDAYS, from: 7, to: 16 }] },
      ],
      destinations: [
        {
          label: 'Massachusetts',
          weight: 34,
          numbers: nanp('617', '508', '781', '978', '413'),
          ratePerMinute: 0.006,
          talkSec: 150,
        },
        {
          label: 'other states',
          weight: 44,
          numbers: nanp('401', '212', '718', '201', '973', '215', '203', '312', '713', '404'),
          ratePerMinute: 0.008,
          talkSec: 180,
        },
        { label: 'toll-free', weight: 14, numbers: TOLL_FREE, ratePerMinute: 0, talkSec: 420 },
        { label: 'Canada', weight: 4, numbers: nanp('416', '514'), ratePerMinute: 0.012, talkSec: 240 },
        {
          label: 'freight partners abroad',
          weight: 4,
          numbers: [UK, '3110xxxxxxx', '4940xxxxxxxx', '8621xxxxxxxx'],
          ratePerMinute: 0.028,
          talkSec: 300,
        },
      ],
    },
    {
      accountCode: 'ACME01',
      sourceIps: { 'ACME01-LOOP': '192.0.2.20' },
      answerRate: 0.84,
      seats: [
        {
          line: '0111',
          callsPerHour: 4,
          schedules: [
            { days: WEEKDAYS, from: 8, to: 17 },
            { days: SAT, from: 9, to: 13 },
          ],
        },
        { line: '0112', callsPerHour: 2.5, schedules: [{ days: WEEKDAYS, from: 8, to: 17 }] },
      ],
      destinations: [
        {
          label: 'Illinois',
          weight: 55,
          numbers: nanp('312', '773', '847', '630', '708', '815'),
          ratePerMinute: 0.006,
          talkSec: 110,
        },
        {
          label: 'other states',
          weight: 18,
          numbers: nanp('317', '414', '313', '608'),
          ratePerMinute: 0.008,
          talkSec: 160,
        },
        { label: 'insurers (toll-free)', weight: 25, numbers: TOLL_FREE, ratePerMinute: 0, talkSec: 660 },
        { label: 'supplier in London', weight: 2, numbers: [UK], ratePerMinute: 0.02, talkSec: 240 },
      ],
    },
    {
      accountCode: 'OKLI22',
      sourceIps: { 'OKLI22-SF': '198.51.100.66' },
      answerRate: 0.78,
      seats: ['0170', '0171', '0172'].map((line) => ({
        line,
        callsPerHour: line === '0172' ? 3.5 : 2,
        schedules: [{ days: WEEKDAYS, from: 8, to: line === '0172' ? 18 : 19 }],
      })),
      destinations: [
        {
          label: 'California',
          weight: 42,
          numbers: nanp('415', '510', '650', '408', '213', '916'),
          ratePerMinute: 0.006,
          talkSec: 300,
        },
        {
          label: 'other states',
          weight: 36,
          numbers: nanp('212', '202', '206', '312', '617'),
          ratePerMinute: 0.008,
          talkSec: 360,
        },
        { label: 'toll-free', weight: 10, numbers: TOLL_FREE, ratePerMinute: 0, talkSec: 480 },
        { label: 'Stockholm office', weight: 8, numbers: ['468xxxxxxxx'], ratePerMinute: 0.018, talkSec: 600 },
        { label: 'London counsel', weight: 4, numbers: [UK], ratePerMinute: 0.02, talkSec: 420 },
      ],
    },
    {
      accountCode: 'BRCC07',
      sourceIps: { 'BRCC07-A': '203.0.113.140' },
      answerRate: 0.6,
      seats: ['0210', '0211', '0212', '0213', '0214', '0215'].map((line, i) => ({
        line,
        callsPerHour: 9,
        schedules: [{ days: WEEKDAYS, from: 8, to: 20 }, ...(i < 3 ? [{ days: SAT, from: 10, to: 16 }] : [])],
      })),
      destinations: [
        {
          label: 'Ontario',
          weight: 40,
          numbers: nanp('416', '647', '905', '613'),
          ratePerMinute: 0.004,
          talkSec: 95,
        },
        {
          label: 'other provinces',
          weight: 15,
          numbers: nanp('514', '604', '403'),
          ratePerMinute: 0.006,
          talkSec: 95,
        },
        {
          label: 'United States',
          weight: 35,
          numbers: nanp('212', '305', '312', '617', '702', '213', '404'),
          ratePerMinute: 0.009,
          talkSec: 110,
        },
        { label: 'toll-free', weight: 7, numbers: TOLL_FREE, ratePerMinute: 0, talkSec: 240 },
        { label: 'UK and Australia', weight: 3, numbers: [UK, '6129xxxxxxx'], ratePerMinute: 0.025, talkSec: 150 },
      ],
    },
    {
      accountCode: 'SEAS31',
      sourceIps: { 'SEAS31-PBX': '192.0.2.200' },
      answerRate: 0.75,
      seats: [
        { line: '0301', callsPerHour: 2, schedules: [{ days: DAILY, from: 7, to: 23 }] },
        {
          line: '0302',
          callsPerHour: 0.6,
          schedules: [
            { days: DAILY, from: 7, to: 9 },
            { days: DAILY, from: 17, to: 23 },
          ],
        },
      ],
      destinations: [
        {
          label: 'Florida',
          weight: 30,
          numbers: nanp('305', '786', '954', '407'),
          ratePerMinute: 0.006,
          talkSec: 140,
        },
        {
          label: 'other states',
          weight: 38,
          numbers: nanp('212', '404', '617', '312', '214'),
          ratePerMinute: 0.008,
          talkSec: 220,
        },
        { label: 'airlines (toll-free)', weight: 17, numbers: TOLL_FREE, ratePerMinute: 0, talkSec: 540 },
        {
          label: "guests' homes abroad",
          weight: 15,
          numbers: [UK, '4930xxxxxxxx', '5255xxxxxxxx', '331xxxxxxxx'],
          ratePerMinute: 0.035,
          talkSec: 420,
        },
      ],
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Fraud (and one false alarm): short bursts placed at a local time of day, the most recent one
// at least `minAgeHours` before the end of the traffic window.

export type BurstKey = 'mexico' | 'failed-intl' | 'premium' | 'caribbean';

export interface BurstSpec {
  key: BurstKey;
  accountCode: string;
  /** Local wall time (customer zone) of the first call. */
  localTime: [number, number];
  minAgeHours: number;
  minutes: number;
  calls: number;
  sourceIp: string;
  sipUser: string;
  caller: string;
  answerRate: number;
  talkSec: number;
  maxTalkSec: number;
  numbers: readonly { template: string; weight: number; ratePerMinute: number }[];
  /** How the unanswered ones fail (default: the usual mix of no answer / busy). */
  failures?: readonly { disposition: string; sipCode: number; weight: number }[];
}

/** The seat the Caribbean burst came from (and that the block event restricts). */
export const CARIBBEAN_SEAT = '6175550142@harborview.voip.example.net';
export const FRAUD_SOURCE_IP = '203.0.113.77';

export function demoBursts(): BurstSpec[] {
  const caribbean: [string, number][] = [
    ['268', 0.42],
    ['284', 0.38],
    ['473', 0.45],
    ['649', 0.52],
    ['664', 0.61],
    ['767', 0.47],
    ['809', 0.22],
    ['876', 0.33],
  ];
  return [
    {
      // A false alarm, five days back: Acme's billing clerk calling their new partner lab in Tijuana.
      key: 'mexico',
      accountCode: 'ACME01',
      localTime: [17, 40],
      minAgeHours: 96,
      minutes: 120,
      calls: 22,
      sourceIp: '192.0.2.20',
      sipUser: 'acme-0112',
      caller: '+13125550112',
      answerRate: 0.9,
      talkSec: 420,
      maxTalkSec: 1800,
      numbers: [
        { template: '52664xxxxxxx', weight: 4, ratePerMinute: 0.045 },
        { template: '5255xxxxxxxx', weight: 1, ratePerMinute: 0.03 },
      ],
    },
    {
      // Someone with an agent's credentials probing international routes at night.
      key: 'failed-intl',
      accountCode: 'BRCC07',
      localTime: [3, 20],
      minAgeHours: 40,
      minutes: 40,
      calls: 164,
      sourceIp: '203.0.113.140',
      sipUser: 'brcc-0215',
      caller: '+14165550215',
      answerRate: 0.02,
      talkSec: 12,
      maxTalkSec: 30,
      numbers: [
        { template: '2348xxxxxxxxx', weight: 3, ratePerMinute: 0.19 },
        { template: '88017xxxxxxxx', weight: 2, ratePerMinute: 0.06 },
        { template: '923xxxxxxxxx', weight: 2, ratePerMinute: 0.09 },
        { template: '25261xxxxxxx', weight: 2, ratePerMinute: 0.85 },
        { template: '22462xxxxxxx', weight: 1, ratePerMinute: 0.72 },
      ],
      failures: [
        { disposition: 'FAILED', sipCode: 403, weight: 45 },
        { disposition: 'FAILED', sipCode: 404, weight: 25 },
        { disposition: 'FAILED', sipCode: 484, weight: 10 },
        { disposition: 'CONGESTION', sipCode: 503, weight: 20 },
      ],
    },
    {
      // Short calls to premium ranges from an address that is not Harborview's, on their account.
      key: 'premium',
      accountCode: 'HARB009',
      localTime: [23, 5],
      minAgeHours: 8,
      minutes: 25,
      calls: 136,
      sourceIp: FRAUD_SOURCE_IP,
      sipUser: '1000',
      caller: '+16175550100',
      answerRate: 0.74,
      talkSec: 22,
      maxTalkSec: 58,
      numbers: [
        { template: '37190xxxxxx', weight: 5, ratePerMinute: 1.15 },
        { template: '535xxxxxxx', weight: 3, ratePerMinute: 1.04 },
        { template: '23276xxxxxx', weight: 2, ratePerMinute: 0.92 },
      ],
    },
    {
      // The front desk phone dialling Caribbean NANP numbers in the middle of the night.
      key: 'caribbean',
      accountCode: 'HARB009',
      localTime: [1, 50],
      minAgeHours: 1,
      minutes: 45,
      calls: 74,
      sourceIp: '203.0.113.10',
      sipUser: 'harb-0142',
      caller: '+16175550142',
      answerRate: 0.86,
      talkSec: 170,
      maxTalkSec: 900,
      numbers: caribbean.map(([npa, rate]) => ({ template: `1${npa}55501xx`, weight: 1, ratePerMinute: rate })),
    },
  ];
}
