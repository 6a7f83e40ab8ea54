import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { evidenceLinks, TicketsApi } from './tickets-api';

describe(TicketsApi.name, () => {
  let sut: TicketsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    sut = TestBed.inject(TicketsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('queries the queue with only the filters given', () => {
    sut.list({ state: 'open', severity: 'urgent', customerId: null, q: 'FRD-12', limit: 50 }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/tickets');
    expect(req.request.params.keys().sort()).toEqual(['limit', 'q', 'severity', 'state']);
    expect(req.request.params.get('q')).toBe('FRD-12');
    req.flush({ items: [], nextCursor: null });
  });

  it('posts an event with the version the user saw', () => {
    sut.sendEvent('t-1', 7, { type: 'DISMISS', reason: 'Test calls by the customer' }).subscribe();
    const req = http.expectOne('/api/tickets/t-1/events');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ type: 'DISMISS', reason: 'Test calls by the customer', version: 7 });
    req.flush({});
  });

  it('writes notes, the client summary and checklist findings', () => {
    sut.addNote('t-1', 'Called the customer', 'customer').subscribe();
    expect(http.expectOne('/api/tickets/t-1/notes').request.body).toEqual({
      body: 'Called the customer',
      visibility: 'customer',
    });
    sut.setClientSummary('t-1', 'Summary').subscribe();
    const summary = http.expectOne('/api/tickets/t-1/client-summary');
    expect(summary.request.method).toBe('PATCH');
    expect(summary.request.body).toEqual({ clientSummary: 'Summary' });
    sut.updateChecklistItem('t-1', 'k-1', { checked: true, finding: 'Enabled' }).subscribe();
    const item = http.expectOne('/api/tickets/t-1/checklist/k-1');
    expect(item.request.method).toBe('PATCH');
    expect(item.request.body).toEqual({ checked: true, finding: 'Enabled' });
    http.match(() => true).forEach((r) => r.flush({}));
  });

  it('links the evidence downloads', () => {
    expect(evidenceLinks('t-1')).toEqual({
      cdrsCsv: '/api/tickets/t-1/cdrs.csv',
      reportPdf: '/api/tickets/t-1/report.pdf',
    });
  });
});
