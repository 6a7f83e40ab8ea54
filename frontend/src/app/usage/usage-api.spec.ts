import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { UsageApi } from './usage-api';

describe(UsageApi.name, () => {
  let sut: UsageApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    sut = TestBed.inject(UsageApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks for a widget of one customer over days', () => {
    sut.widget('minutes-by-country', { customerId: 'c-1', from: '2026-03-01', to: '2026-03-07' }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/usage/minutes-by-country');
    expect(req.request.params.get('customerId')).toBe('c-1');
    expect(req.request.params.get('from')).toBe('2026-03-01');
    expect(req.request.params.get('to')).toBe('2026-03-07');
    req.flush({ widget: 'minutes-by-country', customerId: 'c-1', timezone: 'UTC', from: '', to: '', rows: [] });
  });

  it('leaves the customer out for "All customers" (and for customer users)', () => {
    sut.widget('top-ips', { customerId: null, from: '2026-03-01' }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/usage/top-ips');
    expect(req.request.params.keys()).toEqual(['from']);
    req.flush({ rows: [] });
  });

  it('downloads the CSV by asking for text/csv, as a file', () => {
    sut.csv('minutes-per-state', { customerId: 'c-1' }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/usage/minutes-per-state');
    expect(req.request.params.get('customerId')).toBe('c-1');
    expect(req.request.headers.get('Accept')).toBe('text/csv');
    expect(req.request.responseType).toBe('blob');
    req.flush(new Blob(['key,label\nMA,MA\n'], { type: 'text/csv' }));
  });
});
