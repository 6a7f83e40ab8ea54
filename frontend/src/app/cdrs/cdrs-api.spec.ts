import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { CdrsApi } from './cdrs-api';

describe(CdrsApi.name, () => {
  let sut: CdrsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    sut = TestBed.inject(CdrsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('uploads the file as the "file" form field with the import options, reporting progress', () => {
    const file = new File(['call_id,to,start,billsec\n'], 'cdrs.csv', { type: 'text/csv' });
    const events: HttpEventType[] = [];
    sut
      .upload(file, { format: 'asterisk', timeZone: 'America/New_York', userfieldIsSourceIp: false })
      .subscribe((event) => events.push(event.type));

    const req = http.expectOne((r) => r.url === '/api/cdrs/import');
    expect(req.request.method).toBe('POST');
    expect(req.request.reportProgress).toBe(true);
    expect((req.request.body as FormData).get('file')).toBeInstanceOf(File);
    expect(req.request.params.get('format')).toBe('asterisk');
    expect(req.request.params.get('timeZone')).toBe('America/New_York');
    expect(req.request.params.get('userfieldIsSourceIp')).toBe('false');
    req.event({ type: HttpEventType.UploadProgress, loaded: 5, total: 10 });
    req.flush({ importId: 'i-1' }, { status: 201, statusText: 'Created' });
    expect(events).toContain(HttpEventType.UploadProgress);
    expect(events).toContain(HttpEventType.Response);
  });

  it('leaves out the options the user did not give', () => {
    sut.upload(new File(['x'], 'x.csv'), { format: 'generic' }).subscribe();
    const req = http.expectOne((r) => r.url === '/api/cdrs/import');
    expect(req.request.params.keys()).toEqual(['format']);
    req.flush({});
  });

  it('pages through imports and CDRs', () => {
    sut.imports({ limit: 20, cursor: 'c2' }).subscribe();
    const imports = http.expectOne((r) => r.url === '/api/cdrs/imports');
    expect(imports.request.params.get('cursor')).toBe('c2');
    imports.flush({ items: [], nextCursor: null });

    sut.list({ customerId: 'c-1', from: '2026-03-01', limit: 50 }).subscribe();
    const cdrs = http.expectOne((r) => r.url === '/api/cdrs');
    expect(cdrs.request.params.get('customerId')).toBe('c-1');
    expect(cdrs.request.params.get('from')).toBe('2026-03-01');
    cdrs.flush({ items: [], nextCursor: null });
  });
});
