import type { components } from '../core/api.generated';

/** One row of a usage widget: a country, a seat, an IP... and its traffic (`minutes` = Σ billsec / 60). */
export type UsageRow = components['schemas']['UsageRow'];
/** `GET /api/usage/:widget`. `from`/`to` are the instants the server read, in `timezone`'s days. */
export type UsageResult = components['schemas']['UsageResult'];

/** `GET /api/usage/timeseries`: calls, minutes and cost per hour (up to 3 days) or per day. */
export type UsageSeries = components['schemas']['UsageSeries'];
export type UsageSeriesPoint = components['schemas']['UsageSeriesPoint'];

/** How the widgets rank their rows: minutes, or cost (short, expensive fraud calls first). */
export type UsageSort = 'minutes' | 'cost';

/**
 * Days (`YYYY-MM-DD`) are read in the customer's time zone, `to` inclusive; or instants (ISO-8601 with `Z`)
 * for ranges shorter than a day, read to the whole hour.
 */
export interface UsageQuery {
  customerId?: string | null;
  from?: string;
  to?: string;
  sort?: UsageSort;
}

export type WidgetId = components['schemas']['UsageWidget'];

export interface WidgetDef {
  id: WidgetId;
  title: string;
  /** Heading of the key column in the table. */
  keyHeading: string;
  chart: 'bar' | 'donut';
  /** Across customers: staff only, and pointless for one customer. */
  allCustomers?: boolean;
}

export const WIDGETS: readonly WidgetDef[] = [
  { id: 'minutes-by-country', title: 'Minutes by country', keyHeading: 'Country', chart: 'bar' },
  { id: 'minutes-per-jurisdiction', title: 'Minutes per jurisdiction', keyHeading: 'Jurisdiction', chart: 'donut' },
  { id: 'minutes-per-endpoint', title: 'Minutes per endpoint', keyHeading: 'Endpoint (seat)', chart: 'bar' },
  { id: 'minutes-per-source-ip', title: 'Minutes per source IP', keyHeading: 'Source IP', chart: 'bar' },
  { id: 'minutes-per-state', title: 'Minutes per state', keyHeading: 'State', chart: 'bar' },
  { id: 'top-ips', title: 'Top IPs', keyHeading: 'Source IP', chart: 'bar' },
  {
    id: 'minutes-per-customer',
    title: 'Minutes per customer',
    keyHeading: 'Customer',
    chart: 'bar',
    allCustomers: true,
  },
];
