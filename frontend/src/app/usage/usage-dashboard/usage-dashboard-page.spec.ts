import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { SessionUser } from '../../auth/user';
import { addDays, dayString, today } from '../../core/format';
import { texts } from '../../testing/dom';
import { CUSTOMER_USER, signInAs, TECHNICIAN } from '../../testing/session';
import type { UsageResult, UsageRow, UsageSeriesPoint, WidgetId } from '../usage';
import { UsageDashboardPage } from './usage-dashboard-page';

const row = (key: string, label: string, minutes: number, calls = 3, failedCalls = 1, cost = 1.5): UsageRow => ({
  key,
  label,
  calls,
  failedCalls,
  minutes,
  cost,
});
const result = (widget: WidgetId, rows: UsageRow[], timezone = 'America/New_York'): UsageResult => ({
  widget,
  customerId: 'c-harb',
  timezone,
  from: '2026-03-01T05:00:00.000Z',
  to: '2026-03-08T05:00:00.000Z',
  rows,
});

describe(UsageDashboardPage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [UsageDashboardPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    vi.restoreAllMocks();
    http.verify();
  });

  async function renderAs(user: SessionUser, params: Record<string, string> = {}) {
    await signInAs(user);
    const fixture = TestBed.createComponent(UsageDashboardPage);
    for (const [name, value] of Object.entries(params)) fixture.componentRef.setInput(name, value);
    TestBed.tick();
    const root = fixture.nativeElement as HTMLElement;
    return { fixture, root };
  }

  const widgetRequests = () =>
    http.match((req) => req.url.startsWith('/api/usage/') && req.url !== '/api/usage/timeseries');
  /** The chart's request, answered with `points` (empty: no traffic). */
  const flushSeries = (points: UsageSeriesPoint[] = [], bucket: 'hour' | 'day' = 'day') => {
    const req = http.expectOne((r) => r.url === '/api/usage/timeseries', 'the usage chart');
    req.flush({ customerId: null, timezone: 'UTC', from: '', to: '', bucket, points });
    return req;
  };
  const byWidget = (requests: TestRequest[]) =>
    new Map(requests.map((req) => [req.request.url.replace('/api/usage/', ''), req]));

  it('asks every widget for the customer and the days in the address, and draws them', async () => {
    const { fixture, root } = await renderAs(TECHNICIAN, {
      customerId: 'c-harb',
      from: '2026-03-01',
      to: '2026-03-07',
    });
    http
      .expectOne((req) => req.url === '/api/customers')
      .flush({
        items: [{ id: 'c-harb', name: 'Harborview Logistics', timezone: 'America/New_York' }],
        nextCursor: null,
      });

    const series = flushSeries();
    expect(series.request.params.get('customerId')).toBe('c-harb');
    expect(series.request.params.get('from')).toBe('2026-03-01');
    const requests = byWidget(widgetRequests());
    // One customer: "minutes per customer" would be a single bar.
    expect([...requests.keys()]).toEqual([
      'minutes-by-country',
      'minutes-per-jurisdiction',
      'minutes-per-endpoint',
      'minutes-per-source-ip',
      'minutes-per-state',
      'top-ips',
    ]);
    for (const req of requests.values()) {
      expect(req.request.params.get('customerId')).toBe('c-harb');
      expect(req.request.params.get('from')).toBe('2026-03-01');
      expect(req.request.params.get('to')).toBe('2026-03-07');
    }
    for (const [widget, req] of requests) {
      req.flush(
        widget === 'minutes-by-country'
          ? result(widget, [row('GB', 'United Kingdom', 12.5, 4, 1, 3.25), row('US', 'United States', 2, 2, 0, 0.02)])
          : result(widget as WidgetId, []),
      );
    }
    await fixture.whenStable();

    expect(root.querySelector('h1')?.textContent).toBe('Usage');
    expect(texts(root, 'tg-usage-widget h2')).toContain('Minutes by country');
    const country = root.querySelector('tg-usage-widget')!;
    expect(texts(country, 'thead th')).toEqual(['Country', 'Calls', 'Failed', 'Minutes', 'Cost']);
    expect(texts(country, 'tbody tr:first-child td')).toEqual(['United Kingdom', '4', '1', '12.5', '$3.25']);
    expect(texts(country, 'tfoot td')).toEqual(['6', '1', '14.5', '$3.27']);
    expect(country.querySelector('tg-chart')).not.toBeNull();
    expect(root.querySelectorAll('tg-usage-widget .tg-empty').length).toBe(5);
    expect(root.querySelector('.tg-empty')?.textContent).toContain('No traffic in this period.');
    expect(root.querySelector('.zone')?.textContent).toContain('America/New_York');
  });

  it("saves a widget's CSV as a file named after the widget and the days shown", async () => {
    const { fixture, root } = await renderAs(TECHNICIAN, {
      customerId: 'c-harb',
      from: '2026-03-01',
      to: '2026-03-07',
    });
    http.expectOne((req) => req.url === '/api/customers').flush({ items: [], nextCursor: null });
    flushSeries();
    widgetRequests().forEach((req) => req.flush(result('top-ips', [])));
    await fixture.whenStable();
    // saveBlob hands the blob to the browser through an object URL and a clicked link: catch the link's name.
    const saved: string[] = [];
    vi.spyOn(URL, 'createObjectURL').mockReturnValue('blob:usage');
    vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });

    (root.querySelector('button[aria-label="Download CSV of Minutes by country"]') as HTMLButtonElement).click();
    const req = http.expectOne((r) => r.url === '/api/usage/minutes-by-country' && r.responseType === 'blob');
    expect(req.request.headers.get('Accept')).toBe('text/csv');
    expect(req.request.params.get('customerId')).toBe('c-harb');
    req.flush(new Blob(['key,label\r\nGB,United Kingdom\r\n'], { type: 'text/csv' }));

    expect(saved).toEqual(['minutes-by-country_2026-03-01_2026-03-07.csv']);
  });

  it('defaults to the last 7 days across all customers, with the per-customer widget', async () => {
    const { fixture } = await renderAs(TECHNICIAN);
    http.expectOne((req) => req.url === '/api/customers').flush({ items: [], nextCursor: null });
    flushSeries();
    const requests = byWidget(widgetRequests());
    expect(requests.size).toBe(7);
    const req = requests.get('minutes-per-customer')!;
    expect(req.request.params.has('customerId')).toBe(false);
    expect(req.request.params.get('to')).toBe(dayString(today()));
    expect(req.request.params.get('from')).toBe(dayString(addDays(today(), -6)));
    for (const r of requests.values()) r.flush(result('top-ips', [], 'UTC'));
    await fixture.whenStable();
  });

  it('puts a new customer choice in the address', async () => {
    const { fixture, root } = await renderAs(TECHNICIAN);
    http
      .expectOne((req) => req.url === '/api/customers')
      .flush({
        items: [{ id: 'c-harb', name: 'Harborview Logistics', timezone: 'America/New_York' }],
        nextCursor: null,
      });
    flushSeries();
    widgetRequests().forEach((req) => req.flush(result('top-ips', [])));
    await fixture.whenStable();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);

    (root.querySelector('mat-select .mat-mdc-select-trigger') as HTMLElement).click();
    TestBed.tick();
    const option = [...document.querySelectorAll('mat-option')].find((o) =>
      o.textContent?.includes('Harborview Logistics'),
    ) as HTMLElement;
    option.click();
    TestBed.tick();

    expect(navigate).toHaveBeenCalledWith([], {
      queryParams: { customerId: 'c-harb' },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove());
  });

  it('shows a customer user its own traffic, with no customer picker', async () => {
    const { fixture, root } = await renderAs(CUSTOMER_USER);
    expect(flushSeries().request.params.has('customerId')).toBe(false);
    const requests = byWidget(widgetRequests());
    expect(requests.size).toBe(6);
    expect(requests.has('minutes-per-customer')).toBe(false);
    for (const req of requests.values()) expect(req.request.params.has('customerId')).toBe(false);
    for (const req of requests.values()) req.flush(result('top-ips', [], 'America/Chicago'));
    await fixture.whenStable();
    expect(root.textContent).not.toContain('All customers');
    expect(root.querySelector('.zone')?.textContent).toContain('America/Chicago');
  });

  it('ranks the widgets by cost on request, and draws the cost', async () => {
    const { fixture, root } = await renderAs(CUSTOMER_USER, { from: '2026-03-01', to: '2026-03-07', sort: 'cost' });
    // The chart is the same whatever the ranking.
    expect(flushSeries().request.params.has('sort')).toBe(false);
    const requests = byWidget(widgetRequests());
    for (const req of requests.values()) expect(req.request.params.get('sort')).toBe('cost');
    requests
      .get('minutes-by-country')!
      .flush(
        result('minutes-by-country', [row('CU', 'Cuba', 1.25, 3, 1, 97.5), row('US', 'United States', 100, 10, 0, 1)]),
      );
    for (const [widget, req] of requests)
      if (widget !== 'minutes-by-country') req.flush(result(widget as WidgetId, []));
    await fixture.whenStable();
    const country = root.querySelector('tg-usage-widget')!;
    expect(texts(country, 'tbody tr:first-child td')).toEqual(['Cuba', '3', '1', '1.3', '$97.50']);
    expect(country.querySelector('tg-chart')?.getAttribute('aria-label')).toBe('Minutes by country, by cost');
    expect(root.querySelector('mat-button-toggle.mat-button-toggle-checked')?.textContent).toContain('By cost');

    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    (
      [...root.querySelectorAll('mat-button-toggle button')].find((b) =>
        b.textContent?.includes('By minutes'),
      ) as HTMLElement
    ).click();
    expect(navigate).toHaveBeenCalledWith([], {
      queryParams: { sort: null },
      queryParamsHandling: 'merge',
      replaceUrl: true,
    });
  });

  it('reads a range of hours, and offers the last 6 and 24 hours', async () => {
    const { fixture, root } = await renderAs(CUSTOMER_USER, {
      from: '2026-03-01T14:00:00Z',
      to: '2026-03-01T20:00:00Z',
    });
    const points = [
      { at: '2026-03-01T14:00:00.000Z', calls: 4, failedCalls: 0, minutes: 10, cost: 2 },
      { at: '2026-03-01T15:00:00.000Z', calls: 2, failedCalls: 1, minutes: 1, cost: 40 },
    ];
    const series = flushSeries(points, 'hour');
    expect(series.request.params.get('from')).toBe('2026-03-01T14:00:00Z');
    expect(series.request.params.get('to')).toBe('2026-03-01T20:00:00Z');
    for (const req of widgetRequests()) {
      expect(req.request.params.get('from')).toBe('2026-03-01T14:00:00Z');
      req.flush(result('top-ips', []));
    }
    await fixture.whenStable();
    expect(root.querySelector('.zone')?.textContent).toContain('2026-03-01 14:00 to 2026-03-01 20:00 UTC, by the hour');
    expect(texts(root, 'tg-usage-series h2')).toEqual(['Calls, minutes and cost per hour']);
    expect(root.querySelector('tg-usage-series .totals')?.textContent).toContain('6 calls, 11.0 minutes, $42.00');
    expect(texts(root, 'tg-usage-series tbody tr:nth-child(2) td')).toEqual(['Mar 1, 15:00', '2', '1.0', '$40.00']);

    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    ([...root.querySelectorAll('button')].find((b) => b.textContent?.includes('Last 6 hours')) as HTMLElement).click();
    const { from, to } = navigate.mock.calls[0][1]!.queryParams as { from: string; to: string };
    expect(from).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00:00Z$/);
    expect(Date.parse(to) - Date.parse(from)).toBe(6 * 3_600_000);
  });
});
