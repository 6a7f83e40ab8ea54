import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { byLabel, texts } from '../../testing/dom';
import type { Cdr } from '../cdr';
import { CdrBrowserPage } from './cdr-browser-page';

const CALL = {
  id: '1201',
  callId: 'c-1',
  customerId: 'c-harb',
  sourceIp: '203.0.113.10',
  sipUser: 'harb-142',
  callerNumber: '6175550142',
  callerE164: '+16175550142',
  calledNumber: '442079460001',
  calledE164: '+442079460001',
  startedAt: '2026-03-01T10:00:00Z',
  billsec: 120,
  disposition: 'answered',
  country: 'GB',
  jurisdiction: 'international',
  cost: 0.25,
} as Cdr;

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
});
