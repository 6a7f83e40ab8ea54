import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { texts } from '../../testing/dom';
import { SUMMARY } from '../../testing/tickets';
import { CustomerOverview } from './customer-overview';

describe(CustomerOverview.name, () => {
  it("shows the customer's open cases, what is blocked on its account and its last week of calls", async () => {
    TestBed.configureTestingModule({
      imports: [CustomerOverview],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CustomerOverview);
    fixture.componentRef.setInput('customerId', 'c-harb');
    TestBed.tick();

    const cases = http.expectOne((r) => r.url === '/api/tickets');
    expect(cases.request.params.get('customerId')).toBe('c-harb');
    expect(cases.request.params.get('state')).toBe('open');
    cases.flush({ items: [{ ...SUMMARY, state: 'restricted', severity: 'block' }], nextCursor: null });
    const blocked = http.expectOne((r) => r.url === '/api/tickets/restrictions');
    expect(blocked.request.params.get('customerId')).toBe('c-harb');
    blocked.flush({
      items: [
        {
          id: 'r-1',
          kind: 'destination',
          value: '+53',
          ticketId: 't-1',
          ticketNumber: 'FRD-000123',
          createdBy: 'Tollgate',
          createdAt: '2026-03-01T10:10:00Z',
          expiresAt: null,
        },
      ],
    });
    const series = http.expectOne((r) => r.url === '/api/usage/timeseries');
    expect(series.request.params.get('customerId')).toBe('c-harb');
    series.flush({
      customerId: 'c-harb',
      timezone: 'America/New_York',
      from: '',
      to: '',
      bucket: 'day',
      points: [{ at: '2026-03-01T05:00:00.000Z', calls: 12, failedCalls: 0, minutes: 48.5, cost: 61.2 }],
    });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;

    const cases0 = root.querySelector('[aria-labelledby="cases-heading"] li')!;
    expect(cases0.textContent).toContain('FRD-000123');
    expect(cases0.textContent).toContain('International calls to Cuba from seat 142');
    expect(cases0.querySelector('a')?.getAttribute('href')).toBe('/tickets/t-1');
    expect(texts(root, '[aria-labelledby="blocked-heading"] li span').slice(0, 2)).toEqual(['Destination', '+53']);
    expect(root.querySelector('[aria-labelledby="blocked-heading"] li a')?.textContent).toBe('FRD-000123');
    expect(root.querySelector('tg-usage-series .totals')?.textContent).toContain('12 calls, 48.5 minutes, $61.20');
    http.verify();
  });
});
