import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, texts } from '../../testing/dom';
import type { CdrImport, ImportReport } from '../cdr';
import { CdrImportPage } from './cdr-import-page';

const REPORT: ImportReport = {
  importId: 'i-2',
  format: 'generic',
  status: 'completed',
  rows: 5,
  imported: 3,
  updated: 0,
  warnings: [],
  duplicates: 0,
  rejected: 2,
  unassigned: 1,
  // Rows of two customers: "View usage" opens all customers.
  customers: [
    { id: 'c-1', name: 'Harborview Logistics', imported: 2 },
    { id: 'c-2', name: 'Acme Dental', imported: 1 },
  ],
  errors: [
    { line: 4, reason: 'start is not a date' },
    { line: 6, reason: 'expected 8 columns (as in the header), got 7' },
  ],
};
const PAST: CdrImport = {
  id: 'i-1',
  filename: 'Master.csv',
  format: 'asterisk',
  status: 'completed',
  rows: 1200,
  imported: 1190,
  updated: 0,
  warnings: [],
  duplicates: 10,
  rejected: 0,
  unassigned: 0,
  bytes: 180_000,
  failure: null,
  startedAt: '2026-03-01T10:00:00Z',
  finishedAt: '2026-03-01T10:00:02Z',
  createdBy: 'Terry Tech',
};

describe(CdrImportPage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [CdrImportPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function render() {
    const fixture = TestBed.createComponent(CdrImportPage);
    TestBed.tick();
    const root = fixture.nativeElement as HTMLElement;
    http.expectOne((req) => req.url === '/api/cdrs/imports').flush({ items: [PAST], nextCursor: null });
    await fixture.whenStable();
    return { fixture, root };
  }

  function chooseFile(root: HTMLElement, file: File) {
    const input = root.querySelector('#cdr-file') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: { item: () => file, length: 1 } });
    input.dispatchEvent(new Event('change'));
  }

  it('lists recent imports', async () => {
    const { root } = await render();
    expect(root.querySelector('h1')?.textContent).toBe('CDR imports');
    expect(texts(root, 'table[aria-label="Recent imports"] tbody tr td')).toEqual([
      expect.stringMatching(/^2026-03-01/),
      'Master.csv',
      'asterisk',
      'completed',
      '1,200',
      '1,190',
      '10',
      '0',
      '0',
      'Terry Tech',
    ]);
  });

  it('says in the imports list how many rows an import rejected, in amber', async () => {
    const fixture = TestBed.createComponent(CdrImportPage);
    TestBed.tick();
    const root = fixture.nativeElement as HTMLElement;
    http
      .expectOne((req) => req.url === '/api/cdrs/imports')
      .flush({ items: [{ ...PAST, id: 'i-3', rejected: 12 }, PAST], nextCursor: null });
    await fixture.whenStable();
    const badges = [...root.querySelectorAll('table[aria-label="Recent imports"] .tg-badge')];
    expect(badges.map((b) => b.textContent?.trim())).toEqual(['completed with 12 rejected rows', 'completed']);
    expect(badges.map((b) => b.classList.contains('tg-sev-warning'))).toEqual([true, false]);
  });

  it('asks for a file before uploading', async () => {
    const { fixture, root } = await render();
    button(root, 'Upload').click();
    await fixture.whenStable();
    expect(root.textContent).toContain('Choose a CDR file first');
  });

  it('shows the upload progress, then the import report with its rejected rows', async () => {
    const { fixture, root } = await render();
    chooseFile(root, new File(['call_id,to,start,billsec\n'.repeat(4)], 'harb.csv', { type: 'text/csv' }));
    button(root, 'Upload').click();

    const req = http.expectOne((r) => r.url === '/api/cdrs/import');
    expect(req.request.params.get('format')).toBe('auto');
    expect(req.request.params.get('userfieldIsSourceIp')).toBe('false');
    req.event({ type: HttpEventType.UploadProgress, loaded: 40, total: 100 });
    await fixture.whenStable();
    const bar = () => root.querySelector('mat-progress-bar[aria-label="Upload progress"]');
    expect(bar()?.getAttribute('aria-valuenow')).toBe('40');
    expect(root.textContent).toContain('Uploading… 40%');

    req.flush(REPORT, { status: 201, statusText: 'Created' });
    // The list of imports is refreshed with the new one.
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [PAST], nextCursor: null });
    await fixture.whenStable();

    expect(bar()?.getAttribute('aria-valuenow')).toBe('100');
    const report = root.querySelector('.report')!;
    // Rows were rejected: amber, and it says how many, never a green "completed".
    const badge = report.querySelector('.report-head .tg-badge')!;
    expect(badge.textContent?.trim()).toBe('completed with 2 rejected rows');
    expect(badge.classList).toContain('tg-sev-warning');
    expect(badge.classList).not.toContain('tg-state-resolved');
    expect(texts(report, '.figures dt')).toEqual(['Rows', 'Imported', 'Duplicates', 'Rejected', 'Unassigned']);
    expect(texts(report, '.figures dd')).toEqual(['5', '3', '0', '2', '1']);
    expect(texts(report, 'table th')).toEqual(['Line', 'Reason']);
    expect(texts(report, 'table td')).toEqual([
      '4',
      'start is not a date',
      '6',
      'expected 8 columns (as in the header), got 7',
    ]);
    expect(report.querySelector('a')?.textContent).toContain('View usage');
    expect(report.querySelector('a')?.getAttribute('href')).toBe('/usage');
  });

  it('links "View usage" to the customer the rows went to, when the server names it', async () => {
    const { fixture, root } = await render();
    chooseFile(root, new File(['x'], 'x.csv'));
    button(root, 'Upload').click();
    http
      .expectOne((r) => r.url === '/api/cdrs/import')
      .flush({ ...REPORT, customers: [{ id: 'c-harb', name: 'Harborview', imported: 3 }] });
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(root.querySelector('.report a')?.getAttribute('href')).toBe('/usage?customerId=c-harb');
  });

  it('shows the rows a re-import corrected, and the warnings about the file', async () => {
    const { fixture, root } = await render();
    chooseFile(root, new File(['x'], 'Master.csv'));
    button(root, 'Upload').click();
    const warning = 'the start times are +2 h off the Asterisk uniqueid';
    http
      .expectOne((r) => r.url === '/api/cdrs/import')
      .flush({ ...REPORT, imported: 0, updated: 3, warnings: [warning], errors: [] });
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    const report = root.querySelector('.report')!;
    expect(texts(report, '.figures dt')).toEqual([
      'Rows',
      'Imported',
      'Updated',
      'Duplicates',
      'Rejected',
      'Unassigned',
    ]);
    expect(texts(report, '.figures dd')).toEqual(['5', '0', '3', '0', '2', '1']);
    expect(report.querySelector('[role="alert"]')?.textContent).toContain(warning);
  });

  it('maps the columns of an unknown header, saves the profile and imports the file through it', async () => {
    const { fixture, root } = await render();
    const csv = 'Fecha,Origen,Destino,Segundos\n14/05/2025 11:00:00,912345678,688886392,65\n';
    chooseFile(root, new File([csv], 'operador.csv', { type: 'text/csv' }));
    button(root, 'Upload').click();
    http
      .expectOne((r) => r.url === '/api/cdrs/import')
      .flush(
        {
          statusCode: 400,
          code: 'cdr_header_invalid',
          message: 'Line 1: the header row is missing required columns: start',
          columns: ['Fecha', 'Origen', 'Destino', 'Segundos'],
          recognised: { to: 'Destino', duration: 'Segundos', start: 'Fecha' },
          needs: ['start'],
        },
        { status: 400, statusText: 'Bad Request' },
      );
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [], nextCursor: null });
    await new Promise((r) => setTimeout(r, 20)); // the file's first lines are read for the preview
    await fixture.whenStable();

    const mapping = root.querySelector('tg-column-mapping')!;
    expect(mapping.querySelector('h2')?.textContent).toContain('Map the columns');
    expect(texts(mapping, 'table[aria-label="Preview"] td')).toEqual(['688886392', '14/05/2025 11:00:00', '65']);
    button(mapping as HTMLElement, 'Save profile and import').click();
    const save = http.expectOne((r) => r.method === 'POST' && r.url === '/api/cdrs/profiles');
    expect(save.request.body).toEqual({
      name: 'operador.csv',
      hasHeader: true,
      columns: { to: 'Destino', duration: 'Segundos', start: 'Fecha' },
      dateFormat: 'iso',
    });
    save.flush({ id: 'p-1', name: 'operador.csv' }, { status: 201, statusText: 'Created' });
    TestBed.tick();
    const again = http.expectOne((r) => r.url === '/api/cdrs/import');
    expect(again.request.params.get('profile')).toBe('p-1');
    again.flush(REPORT, { status: 201, statusText: 'Created' });
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(root.querySelector('tg-column-mapping')).toBeNull();
    expect(root.querySelector('.report h2')?.textContent).toContain('Import report');
  });

  it('shows why an upload was refused', async () => {
    const { fixture, root } = await render();
    chooseFile(root, new File(['x'], 'big.csv'));
    button(root, 'Upload').click();
    http
      .expectOne((r) => r.url === '/api/cdrs/import')
      .flush(
        { message: 'The file is larger than the limit', code: 'cdr_upload_too_large' },
        { status: 413, statusText: 'Payload Too Large' },
      );
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('The file is larger than the limit');
    expect(root.querySelector('.report')).toBeNull();
  });
});
