import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal, scopeOf } from '../../auth/principal.js';
import { badInput, notFound } from '../../common/app-error.js';
import { CdrErrorCode, CommonErrorCode, CustomerErrorCode } from '../../common/error-codes.js';
import { instantParam, isStorableInstant } from '../../common/time.js';
import { countryName } from '../../common/phone/countries.js';
import { toCsv } from '../../common/csv.js';
import type { Dimension } from '../import/rollup.js';
import { bucketFor, type SeriesBucket, type SeriesPoint, usageSeries } from './usage-series.js';

export const WIDGETS = {
  'minutes-by-country': 'country',
  'minutes-per-endpoint': 'seat',
  'minutes-per-jurisdiction': 'jurisdiction',
  'minutes-per-source-ip': 'source_ip',
  'minutes-per-state': 'state',
  'top-ips': 'source_ip',
  'minutes-per-customer': 'customer',
} as const satisfies Record<string, Dimension>;
export type Widget = keyof typeof WIDGETS;

/** How widget rows rank: by minutes, or by cost (short, expensive fraud calls stay on top). */
export const USAGE_SORTS = ['minutes', 'cost'] as const;
export type UsageSort = (typeof USAGE_SORTS)[number];

interface UsageParams {
  customerId?: string;
  from?: string;
  to?: string;
  sort?: UsageSort;
}

export interface UsageSeries {
  customerId: string | null;
  timezone: string;
  from: string;
  to: string;
  bucket: SeriesBucket;
  points: SeriesPoint[];
}

export interface UsageRow {
  key: string;
  label: string;
  calls: number;
  failedCalls: number;
  minutes: number;
  cost: number;
}

export interface UsageResult {
  widget: Widget;
  customerId: string | null;
  timezone: string;
  from: string;
  to: string;
  rows: UsageRow[];
}

const JURISDICTIONS: Record<string, string> = {
  interstate: 'Interstate',
  intrastate: 'Intrastate',
  international: 'International',
  toll_free: 'Toll-free (8YY)',
  national: 'National',
  internal: 'Internal (on-net)',
  unknown: 'Unknown',
};
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TOP_IPS = 10;

/** Widgets read the hourly rollups only (never the raw CDRs): an index-only range scan per query. */
@Injectable()
export class UsageService {
  constructor(private readonly db: DataSource) {}

  /** The widget as CSV (`Accept: text/csv`): minutes to 2 decimals, cost to 4. */
  async widgetCsv(p: Principal, widget: string, q: UsageParams): Promise<string> {
    const result = await this.widget(p, widget, q);
    return toCsv(
      ['key', 'label', 'calls', 'failedCalls', 'minutes', 'cost'],
      result.rows.map((r) => [r.key, r.label, r.calls, r.failedCalls, r.minutes.toFixed(2), r.cost.toFixed(4)]),
    );
  }

  /** Calls, minutes and cost per hour (ranges up to 3 days) or per day of the customer's zone. */
  async series(p: Principal, q: UsageParams): Promise<UsageSeries> {
    const { customerId, timezone } = await this.scoped(p, q.customerId);
    const { from, to } = this.range(q.from, q.to, timezone);
    const bucket = bucketFor(from.getTime(), to.getTime());
    const points = await usageSeries(this.db, { customerId, from, to, timezone, bucket });
    return { customerId, timezone, from: from.toISOString(), to: to.toISOString(), bucket, points };
  }

  /** A customer user sees its own usage only; another customer's id is a 404, like a missing one. */
  private async scoped(
    p: Principal,
    asked: string | undefined,
  ): Promise<{ customerId: string | null; timezone: string }> {
    const scope = scopeOf(p);
    if (scope && asked && asked !== scope) throw notFound('Customer', CustomerErrorCode.NotFound);
    const customerId = scope ?? asked ?? null;
    if (!customerId) return { customerId, timezone: 'UTC' };
    const [c] = await this.db.query(`SELECT timezone FROM customers WHERE id = $1`, [customerId]);
    if (!c) throw notFound('Customer', CustomerErrorCode.NotFound);
    return { customerId, timezone: c.timezone };
  }

  async widget(p: Principal, widget: string, q: UsageParams): Promise<UsageResult> {
    if (!Object.hasOwn(WIDGETS, widget))
      throw notFound(`Widget ${widget} (known: ${Object.keys(WIDGETS).join(', ')})`, CdrErrorCode.UsageWidgetUnknown);
    const w = widget as Widget;
    const { customerId, timezone } = await this.scoped(p, q.customerId);
    const { from, to } = this.range(q.from, q.to, timezone);
    const rank = q.sort === 'cost' ? 'sum(cost) DESC, sum(billsec) DESC' : 'sum(billsec) DESC, sum(cost) DESC';
    const dim = WIDGETS[w];
    // Whole UTC days come from usage_daily (24× fewer rows), the partial days at either edge from usage_hourly.
    // The customer condition is spliced in rather than `($n IS NULL OR …)`, so each variant gets its index.
    const dayStart = Math.ceil(from.getTime() / DAY) * DAY;
    const dayEnd = Math.floor(to.getTime() / DAY) * DAY;
    const days = dayStart < dayEnd; // at least one whole day
    const headEnd = days ? new Date(dayStart) : to;
    const tailStart = days ? new Date(dayEnd) : to;
    const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const byCustomer = customerId ? 'AND customer_id = $8' : '';
    const rows: { key: string; calls: number; failed: number; billsec: string; cost: string }[] = await this.db.query(
      `SELECT key, sum(calls)::int AS calls, sum(failed)::int AS failed, sum(billsec)::text AS billsec, sum(cost)::text AS cost
         FROM (
           SELECT key, calls, failed, billsec, cost FROM usage_hourly
            WHERE dim = $1 AND ((hour >= $2 AND hour < $3) OR (hour >= $4 AND hour < $5)) ${byCustomer}
           UNION ALL
           SELECT key, calls, failed, billsec, cost FROM usage_daily
            WHERE dim = $1 AND day >= $6::date AND day < $7::date ${byCustomer}
         ) u
        GROUP BY key
        ORDER BY ${rank}, key
        ${w === 'top-ips' ? `LIMIT ${TOP_IPS}` : ''}`,
      [
        dim,
        from,
        headEnd,
        tailStart,
        to,
        isoDay(days ? dayStart : 0),
        isoDay(days ? dayEnd : 0),
        ...(customerId ? [customerId] : []),
      ],
    );
    const labels = await this.labels(
      dim,
      rows.map((r) => r.key),
    );
    return {
      widget: w,
      customerId,
      timezone,
      from: from.toISOString(),
      to: to.toISOString(),
      rows: rows.map((r) => ({
        key: r.key,
        label: labels.get(r.key) ?? r.key,
        calls: r.calls,
        failedCalls: r.failed,
        minutes: Number(r.billsec) / 60,
        cost: Math.round(Number(r.cost) * 1e6) / 1e6,
      })),
    };
  }

  /** Whole hours (rollup granularity); dates are days in the customer's zone; default: the last 7 days. */
  private range(fromRaw: string | undefined, toRaw: string | undefined, tz: string): { from: Date; to: Date } {
    const now = Date.now();
    const to = toRaw ? instantParam('to', toRaw, tz) : new Date(Math.ceil(now / HOUR) * HOUR);
    // A bare date as `to` means the end of that day.
    const toEnd = toRaw && /^\d{4}-\d{2}-\d{2}$/.test(toRaw) ? endOfDay(toRaw, tz) : to;
    const from = fromRaw ? instantParam('from', fromRaw, tz) : new Date(toEnd.getTime() - 7 * 24 * HOUR);
    if (from >= toEnd) throw badInput(['from must be before to'], CommonErrorCode.DateRangeInvalid);
    if (toEnd.getTime() - from.getTime() > 400 * 24 * HOUR)
      throw badInput(['the range may span at most 400 days'], CommonErrorCode.DateRangeInvalid);
    const range = {
      from: new Date(Math.floor(from.getTime() / HOUR) * HOUR),
      to: new Date(Math.ceil(toEnd.getTime() / HOUR) * HOUR),
    };
    // The rollup queries name the days at either end: the range must end within year 9999.
    if (!isStorableInstant(range.to))
      throw badInput(['to must be before 9999-12-31T23:00:00Z'], CommonErrorCode.DateOutOfRange);
    return range;
  }

  private async labels(dim: Dimension, keys: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    switch (dim) {
      case 'country':
        for (const k of keys) out.set(k, k === 'ZZ' ? 'Unknown' : countryName(k));
        break;
      case 'jurisdiction':
        for (const k of keys) out.set(k, JURISDICTIONS[k] ?? k);
        break;
      case 'source_ip':
        for (const k of keys) out.set(k, k || 'No source IP');
        break;
      case 'seat': {
        out.set('', 'No matching seat');
        const ids = keys.filter(Boolean);
        const rows: { id: string; name: string; extension: string | null }[] = ids.length
          ? await this.db.query(`SELECT id::text, name, extension FROM seats WHERE id = ANY($1::uuid[])`, [ids])
          : [];
        for (const r of rows) out.set(r.id, r.extension ? `${r.name} (${r.extension})` : r.name);
        break;
      }
      case 'customer': {
        out.set('00000000-0000-0000-0000-000000000000', 'Unassigned');
        const rows: { id: string; name: string }[] = await this.db.query(
          `SELECT id::text, name FROM customers WHERE id = ANY($1::uuid[])`,
          [keys],
        );
        for (const r of rows) out.set(r.id, r.name);
        break;
      }
      case 'state':
        break;
    }
    return out;
  }
}

/** The end of `day` in `tz`: the next day's midnight. */
function endOfDay(day: string, tz: string): Date {
  const next = new Date(Date.parse(`${day}T00:00:00Z`) + DAY);
  if (!isStorableInstant(next)) throw badInput(['to must be a day before 9999-12-31'], CommonErrorCode.DateOutOfRange);
  return instantParam('to', next.toISOString().slice(0, 10), tz);
}
