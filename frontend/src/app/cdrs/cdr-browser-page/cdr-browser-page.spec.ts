import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { CUSTOMER_USER, signInAs, TECHNICIAN } from '../../testing/session';
import { CALL as CASE_CALL } from '../../testing/tickets';
import { RouterTestingHarness } from '@angular/router/testing';
import { byLabel, texts } from '../../testing/dom';
import type { Cdr } from '../cdr';
import { CdrBrowserPage } from './cdr-browser-page';

const CALL: Cdr = {
  id: '1201',
  callId: 'c-1',
  customerId: 'c-harb',
  seatId: 's-142',
  accountCode: 'HARB009',
  sourceIp: '203.0.113.10',
  sipUser: 'harb-142',
  callerName: null,
  callerNumber: '6175550142',
  calledNumber: '442079460001',
  callerE164: '+16175550142',
  calledE164: '+442079460001',
  startedAt: '2026-03-01T10:00:00Z',
  answeredAt: '2026-03-01T10:00:04Z',
  endedAt: '2026-03-01T10:02:04Z',
  durationSec: 124,
  billsec: 120,
  disposition: 'answered',
  sipCode: 200,
  hangupCause: null,
  country: 'GB',
  state: null,
  jurisdiction: 'international',
  caribbean: false,
  tollFree: false,
  ratePerMinute: 0.125,
  cost: 0.25,
  seatName: 'Front desk',
  countryName: 'United Kingdom',
};

describe(CdrBrowserPage.name, () => {
  it('lists call records and filters them by customer and day', async () => {
    TestBed.configureTestingModule({
      imports: [CdrBrowserPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    await signInAs(TECHNICIAN);
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CdrBrowserPage);
    TestBed.tick();
    http
      .expectOne((r) => r.url === '/api/customers')
      .flush({ items: [{ id: 'c-harb', name: 'Harborview Logistics' }], nextCursor: null });
    const first = http.expectOne((r) => r.url === '/api/cdrs');
    expect(first.request.params.keys()).toEqual(['limit']);
    first.flush({ items: [CALL], nextCursor: null });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;

    expect(texts(root, 'th')).toEqual([
      'Started (UTC)',
      'Customer',
      'Caller',
      'Called',
      'Country',
      'Seat',
      'Source IP',
      'Billsec',
      'Disposition',
      'Cost',
    ]);
    expect(texts(root, 'tr.mat-mdc-row td')).toEqual([
      '2026-03-01 10:00:00',
      'Harborview Logistics',
      '+16175550142',
      '+442079460001',
      'United Kingdom',
      'Front desk',
      '203.0.113.10',
      '120',
      'answered',
      '$0.25',
    ]);

    const from = byLabel(root, 'From (UTC day)');
    from.value = '2026-03-01';
    from.dispatchEvent(new Event('change'));
    TestBed.tick();
    const filtered = http.expectOne((r) => r.url === '/api/cdrs');
    expect(filtered.request.params.get('from')).toBe('2026-03-01');
    filtered.flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(root.textContent).toContain('No call records for these filters.');
    http.verify();
  });

  it("opens filtered from a link (a case's customer and days), ignoring a malformed day", async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'cdrs/calls', component: CdrBrowserPage }]),
      ],
    });
    await signInAs(TECHNICIAN);
    const http = TestBed.inject(HttpTestingController);
    await RouterTestingHarness.create('/cdrs/calls?customerId=c-harb&from=2026-03-01&to=03/02/2026');
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/customers').flush({ items: [], nextCursor: null });
    const req = http.expectOne((r) => r.url === '/api/cdrs');
    expect(req.request.params.get('customerId')).toBe('c-harb');
    expect(req.request.params.get('from')).toBe('2026-03-01');
    expect(req.request.params.has('to')).toBe(false);
    req.flush({ items: [], nextCursor: null });
    http.verify();
  });

  it('filters by number, IP, seat and country, and puts them in the address', async () => {
    TestBed.configureTestingModule({
      imports: [CdrBrowserPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    await signInAs(TECHNICIAN);
    const http = TestBed.inject(HttpTestingController);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const fixture = TestBed.createComponent(CdrBrowserPage);
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/customers').flush({ items: [], nextCursor: null });
    http.expectOne((r) => r.url === '/api/cdrs').flush({ items: [CALL], nextCursor: null });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;

    for (const [label, value] of [
      ['Number', '+5321'],
      ['Source IP', '203.0.113.0/24'],
      ['Seat', 'Front desk'],
    ]) {
      const input = byLabel(root, label);
      input.value = value;
      input.dispatchEvent(new Event('change'));
      TestBed.tick();
      http.expectOne((r) => r.url === '/api/cdrs').flush({ items: [CALL], nextCursor: null });
    }
    (root.querySelector('.country .mat-mdc-select-trigger') as HTMLElement).click();
    TestBed.tick();
    ([...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === 'Cuba') as HTMLElement).click();
    TestBed.tick();
    const req = http.expectOne((r) => r.url === '/api/cdrs');
    expect(Object.fromEntries(req.request.params.keys().map((k) => [k, req.request.params.get(k)]))).toEqual({
      number: '+5321',
      ip: '203.0.113.0/24',
      seat: 'Front desk',
      country: 'CU',
      limit: '100',
    });
    req.flush({ items: [], nextCursor: null });
    expect(navigate).toHaveBeenLastCalledWith([], {
      queryParams: {
        customerId: null,
        from: null,
        to: null,
        number: '+5321',
        ip: '203.0.113.0/24',
        seat: 'Front desk',
        country: 'CU',
        ticket: null,
      },
      replaceUrl: true,
    });
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove());
    http.verify();
  });

  it("shows a case's calls, found by its number, with a way back to all records", async () => {
    TestBed.configureTestingModule({
      imports: [CdrBrowserPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    await signInAs(CUSTOMER_USER);
    vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CdrBrowserPage);
    TestBed.tick();
    // A customer: no customer picker, no customer column.
    http.expectOne((r) => r.url === '/api/cdrs').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(texts(root, 'mat-label')).not.toContain('Customer');

    const input = byLabel(root, 'Case');
    input.value = 'FRD-000123';
    input.dispatchEvent(new Event('change'));
    const search = http.expectOne((r) => r.url === '/api/tickets');
    expect(search.request.params.get('q')).toBe('FRD-000123');
    search.flush({ items: [{ id: '7f1c1f0e-6a55-4a44-9a64-1b2d3c4e5f60', number: 'FRD-000123' }], nextCursor: null });
    TestBed.tick();
    http.expectOne('/api/tickets/7f1c1f0e-6a55-4a44-9a64-1b2d3c4e5f60').flush({ id: 'x', number: 'FRD-000123' });
    const calls = http.expectOne((r) => r.url === '/api/tickets/7f1c1f0e-6a55-4a44-9a64-1b2d3c4e5f60/calls');
    calls.flush({ items: [CASE_CALL], nextCursor: null });
    await fixture.whenStable();
    expect(root.querySelector('.case')?.textContent).toContain('Calls of case FRD-000123');
    expect(texts(root, 'tr.mat-mdc-row td')).toEqual([
      '2026-03-01 09:12:00',
      '+16175550142',
      '+37181431366',
      'Latvia',
      'Front desk',
      '192.0.2.199',
      '125',
      'ANSWERED',
      '$3.50',
    ]);
    http.verify();
  });
});
