import type { BacktestResult, DetectedEvent, DetectionRule } from '../detection/rule';

const SEAT = '6175550142@harborview.voip.example.net';

/** A live global threshold rule as `GET /api/rules` sends it. */
export const RULE: DetectionRule = {
  id: 'r-1',
  name: 'International burst',
  kind: 'threshold',
  scope: 'global',
  customerId: null,
  mode: 'live',
  enabled: true,
  params: {
    window: { minutes: 5 },
    warn: 10,
    block: 20,
    filter: { kind: 'country_group', countries: ['LV', 'CU', 'SL'] },
    per: 'seat',
    restriction: 'seat',
  },
  lastFiredAt: '2026-03-01T10:00:00Z',
  week: { events: 3, warnings: 2, blocks: 1, customers: 1 },
  outcomes: { tickets: 4, confirmedFraud: 2, legitimate: 1, dismissed: 0, open: 1 },
  falsePositiveShare: 1 / 3,
  createdAt: '2026-02-01T10:00:00Z',
  updatedAt: '2026-02-01T10:00:00Z',
};

/** A shadow rule of one customer, which never fired. */
export const SHADOW_RULE: DetectionRule = {
  ...RULE,
  id: 'r-2',
  name: 'Harborview Cuba trial',
  scope: 'customer',
  customerId: 'c-harb',
  mode: 'shadow',
  params: { window: { minutes: 60 }, block: 5, filter: { kind: 'country', countries: ['CU'] }, per: 'ip' },
  lastFiredAt: null,
  week: { events: 0, warnings: 0, blocks: 0, customers: 0 },
  outcomes: { tickets: 0, confirmedFraud: 0, legitimate: 0, dismissed: 0, open: 0 },
  falsePositiveShare: null,
};

/** The block the live rule raised on ticket t-1. */
export const EVENT: DetectedEvent = {
  id: 'e-1',
  ticketId: 't-1',
  customerId: 'c-harb',
  kind: 'threshold',
  severity: 'block',
  dedupeKey: `threshold:r-1:seat:${SEAT}`,
  summary: `22 calls in 4 min to LV, CU from seat ${SEAT} (HARB009); rule 'International burst' warns at 10 and blocks at 20 per 5 min`,
  details: {
    seats: [SEAT],
    ips: ['192.0.2.199'],
    countries: ['LV', 'CU'],
    destinations: ['+37120000001', '+5350000000'],
  },
  evidence: { cdrIds: ['1', '2'], from: '2026-03-01T09:56:00Z', to: '2026-03-01T10:00:00Z' },
  restrictions: [{ kind: 'seat', value: SEAT }],
  source: 'detector',
  shadow: false,
  ruleId: 'r-1',
  occurredAt: '2026-03-01T10:00:00Z',
  detectedAt: '2026-03-01T10:00:02Z',
};

export const SHADOW_EVENT: DetectedEvent = {
  ...EVENT,
  id: 'e-2',
  ticketId: null,
  severity: 'warning',
  summary: "5 calls in 20 min to CU from 192.0.2.199 (HARB009); rule 'Harborview Cuba trial' blocks at 5 per 60 min",
  details: { ips: ['192.0.2.199'], countries: ['CU'] },
  restrictions: [],
  shadow: true,
  ruleId: 'r-2',
};

export const BACKTEST: BacktestResult = {
  from: '2026-02-22T10:00:00Z',
  to: '2026-03-01T10:00:00Z',
  customers: 2,
  truncated: false,
  events: [
    {
      customerId: 'c-harb',
      accountCode: 'HARB009',
      kind: 'threshold',
      severity: 'block',
      dedupeKey: EVENT.dedupeKey,
      summary: EVENT.summary,
      details: EVENT.details ?? {},
      occurredAt: EVENT.occurredAt,
      evidence: EVENT.evidence,
      restrictions: EVENT.restrictions,
    },
  ],
};
