import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, texts } from '../../testing/dom';
import type { CdrImport, ImportProfile, ImportReport } from '../cdr';
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

const THREE_CX: ImportProfile = {
  id: 'b0000000-0000-4000-8000-000000000003',
  name: '3CX CDR log',
  slug: '3cx',
  builtIn: true,
  description: 'The 3CX CDR service writing to a file',
  source: '3CX, CDR - Call Data Records',
  customerId: null,
  hasHeader: false,
  columns: { callId: 2, duration: 3, start: 4, to: 9 },
  dateFormat: 'YYYY/MM/DD',
  timeZone: null,
  homeCountry: null,
  createdAt: '2026-11-27T00:00:00Z',
  updatedAt: '2026-11-27T00:00:00Z',
};
const SAVED: ImportProfile = {
  ...THREE_CX,
  id: 'p-9',
  name: 'Operador ES',
  slug: null,
  builtIn: false,
  description: null,
  source: null,
};
const THREE_CX_ROW =
  'Call 5,00000C5E8F1A6B34_12,00:02:05,2025/05/18 13:00:00,2025/05/18 13:00:05,2025/05/18 13:02:10,TerminatedBySrc,Ext.101,0113222223344';

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
    http.expectOne((req) => req.url === '/api/cdrs/profiles').flush({ items: [THREE_CX, SAVED] });
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
    http.expectOne((req) => req.url === '/api/cdrs/profiles').flush({ items: [] });
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
    save.flush({ ...SAVED, id: 'p-1', name: 'operador.csv' }, { status: 201, statusText: 'Created' });
    TestBed.tick();
    const again = http.expectOne((r) => r.url === '/api/cdrs/import');
    expect(again.request.params.get('profile')).toBe('p-1');
    again.flush(REPORT, { status: 201, statusText: 'Created' });
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(root.querySelector('tg-column-mapping')).toBeNull();
    expect(root.querySelector('.report h2')?.textContent).toContain('Import report');
    // The saved profile is chosen for the next file, and the report names it.
    expect(root.querySelector('.profile .mat-mdc-select-value')?.textContent).toContain('operador.csv');
    expect(root.querySelector('.report-head')?.textContent).toContain('operador.csv');
  });

  async function refuseAsUnknownFormat(fixture: { whenStable(): Promise<unknown> }, suggested: ImportProfile[]) {
    http
      .expectOne((r) => r.url === '/api/cdrs/import')
      .flush(
        {
          statusCode: 400,
          code: 'cdr_format_unknown',
          message: 'Line 1: not a CDR format Tollgate knows (9 fields)',
          firstRow: THREE_CX_ROW.split(','),
          suggestedProfiles: suggested.map(({ id, slug, name }) => ({ id, slug, name })),
        },
        { status: 400, statusText: 'Bad Request' },
      );
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [], nextCursor: null });
    await new Promise((r) => setTimeout(r, 20)); // the file's first lines are read for the preview
    await fixture.whenStable();
  }

  it('offers the built-in profile that reads a file it could not place, and imports the file through it', async () => {
    const { fixture, root } = await render();
    chooseFile(root, new File([THREE_CX_ROW + '\n'], 'cdr.log', { type: 'text/plain' }));
    button(root, 'Upload').click();
    await refuseAsUnknownFormat(fixture, [THREE_CX]);

    expect(root.querySelector('.suggestions h2')?.textContent).toContain('This file reads as');
    button(root, 'Import as 3CX CDR log').click();
    const again = http.expectOne((r) => r.url === '/api/cdrs/import');
    expect(again.request.params.get('profile')).toBe(THREE_CX.id);
    expect(again.request.params.get('format')).toBe('generic');
    again.flush(REPORT, { status: 201, statusText: 'Created' });
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(root.querySelector('.suggestions')).toBeNull();
    expect(root.querySelector('tg-column-mapping')).toBeNull();
    expect(root.querySelector('.report-head')?.textContent).toContain('3CX CDR log');
    // The profile stays chosen, with what it reads, for the next file.
    expect(root.querySelector('.profile .mat-mdc-select-value')?.textContent).toContain('3CX CDR log');
    expect(root.querySelector('.profile mat-hint')?.textContent).toContain('3CX CDR service');
  });

  it('maps a headerless file by position and saves the positions in the profile', async () => {
    const { fixture, root } = await render();
    chooseFile(root, new File([THREE_CX_ROW + '\n'], 'cdr.log', { type: 'text/plain' }));
    button(root, 'Upload').click();
    await refuseAsUnknownFormat(fixture, []);
    expect(root.querySelector('.suggestions')).toBeNull();

    const mapping = root.querySelector('tg-column-mapping') as HTMLElement;
    expect(mapping.textContent).toContain('its first line is a call, not a header');
    const choose = async (field: string, option: string) => {
      const formField = [...mapping.querySelectorAll('mat-form-field')].find(
        (f) => f.querySelector('mat-label')?.textContent?.trim() === field,
      )!;
      (formField.querySelector('.mat-mdc-select-trigger') as HTMLElement).click();
      TestBed.tick();
      // Only the panel just opened: a closed one may linger in the overlay with the same options.
      const panels = document.querySelectorAll('.mat-mdc-select-panel');
      const panel = panels[panels.length - 1];
      const match = [...panel.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === option);
      if (!match) throw new Error(`No option "${option}" for ${field}`);
      (match as HTMLElement).click();
      TestBed.tick();
      await fixture.whenStable();
    };
    await choose('Called number', 'Column 9 — 0113222223344');
    await choose('Start', 'Column 4 — 2025/05/18 13:00:00');
    await choose('Duration', 'Column 3 — 00:02:05');
    expect(texts(mapping, 'table[aria-label="Preview"] td')).toEqual([
      '0113222223344',
      '2025/05/18 13:00:00',
      '00:02:05',
    ]);
    button(mapping, 'Save profile and import').click();
    const save = http.expectOne((r) => r.method === 'POST' && r.url === '/api/cdrs/profiles');
    expect(save.request.body).toEqual({
      name: 'cdr.log',
      hasHeader: false,
      columns: { to: 9, start: 4, duration: 3 },
      dateFormat: 'iso',
    });
    save.flush({ ...SAVED, id: 'p-10', name: 'cdr.log' }, { status: 201, statusText: 'Created' });
    TestBed.tick();
    const again = http.expectOne((r) => r.url === '/api/cdrs/import');
    expect(again.request.params.get('profile')).toBe('p-10');
    again.flush(REPORT, { status: 201, statusText: 'Created' });
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/cdrs/imports').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove());
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
