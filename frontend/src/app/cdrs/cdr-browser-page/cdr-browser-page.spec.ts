import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
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
};

describe(CdrBrowserPage.name, () => {
  it('lists call records and filters them by customer and day', async () => {
    TestBed.configureTestingModule({
      imports: [CdrBrowserPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
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

    expect(texts(root, 'tr.mat-mdc-row td')).toEqual([
      '2026-03-01 10:00:00',
      'Harborview Logistics',
      '+16175550142',
      '+442079460001',
      'GB',
      'international',
      '203.0.113.10',
      'harb-142',
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
});
