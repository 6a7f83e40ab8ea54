import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { texts, wait } from '../../testing/dom';
import { formatBytes } from '../../core/format';
import { type CaseFile, CaseFiles } from './case-files';

const FILES: CaseFile[] = [
  {
    id: 'a-1',
    filename: 'carrier-notice.pdf',
    contentType: 'application/pdf',
    sizeBytes: 14_540,
    sha256: 'ab'.repeat(32),
    visibility: 'internal',
    uploadedBy: { name: 'Tess Tech', role: 'technician' },
    createdAt: '2026-03-01T09:12:00Z',
  },
  {
    id: 'a-2',
    filename: 'pbx.png',
    contentType: 'image/png',
    sizeBytes: 812,
    sha256: 'cd'.repeat(32),
    visibility: 'customer',
    uploadedBy: null,
    createdAt: '2026-03-01T09:20:00Z',
  },
];

describe(CaseFiles.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function render(inputs: { mayUpload: boolean; staffView: boolean }) {
    const fixture = TestBed.createComponent(CaseFiles);
    fixture.componentRef.setInput('ticketId', 't-1');
    fixture.componentRef.setInput('mayUpload', inputs.mayUpload);
    fixture.componentRef.setInput('staffView', inputs.staffView);
    fixture.componentRef.setInput('customerZone', 'UTC');
    TestBed.tick();
    http.expectOne('/api/tickets/t-1/attachments').flush({ items: FILES, nextCursor: null });
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('lists each file with a download link, type, size, uploader and a time that says its zone', async () => {
    const { root } = await render({ mayUpload: false, staffView: true });
    const links = [...root.querySelectorAll('a.name')].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);
    expect(links).toEqual([
      ['carrier-notice.pdf', '/api/tickets/t-1/attachments/a-1'],
      ['pbx.png', '/api/tickets/t-1/attachments/a-2'],
    ]);
    const meta = texts(root, '.meta');
    expect(meta[0]).toMatch(/^PDF · 14.2 KB · Tess Tech \(technician\) · 2026-03-01 \d\d:\d\d \S+/);
    expect(meta[1]).toMatch(/^PNG · 812 B · By email · /);
    expect(texts(root, '.tg-badge')).toEqual(['Internal']);
    expect(root.textContent).not.toContain('Attach a file');
  });

  it('uploads the chosen file as a form, internal when the technician ticks it, and lists it', async () => {
    const { fixture, root } = await render({ mayUpload: true, staffView: true });
    (root.querySelector('mat-checkbox input') as HTMLInputElement).click();
    await fixture.whenStable();
    const picker = root.querySelector('input[type="file"]') as HTMLInputElement;
    const file = new File(['%PDF-1.4'], 'notice.pdf', { type: 'application/pdf' });
    Object.defineProperty(picker, 'files', { value: [file] });
    picker.dispatchEvent(new Event('change'));
    const req = http.expectOne({ method: 'POST', url: '/api/tickets/t-1/attachments' });
    const form = req.request.body as FormData;
    expect(form.get('visibility')).toBe('internal');
    expect((form.get('file') as File).name).toBe('notice.pdf');
    req.flush({ ...FILES[0], id: 'a-3', filename: 'notice.pdf' }, { status: 201, statusText: 'Created' });
    await wait(0);
    TestBed.tick();
    http.expectOne('/api/tickets/t-1/attachments').flush({ items: FILES, nextCursor: null });
  });

  it("shows the server's reason when a file is refused", async () => {
    const { fixture, root } = await render({ mayUpload: true, staffView: false });
    expect(root.querySelector('mat-checkbox')).toBeNull();
    const picker = root.querySelector('input[type="file"]') as HTMLInputElement;
    Object.defineProperty(picker, 'files', { value: [new File(['MZ'], 'setup.exe')] });
    picker.dispatchEvent(new Event('change'));
    const req = http.expectOne({ method: 'POST', url: '/api/tickets/t-1/attachments' });
    expect((req.request.body as FormData).get('visibility')).toBeNull();
    req.flush(
      { statusCode: 415, message: 'file: .exe files are not accepted', code: 'attachment_type_refused' },
      { status: 415, statusText: 'Unsupported Media Type' },
    );
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('.exe files are not accepted');
  });

  it('writes sizes as people read them', () => {
    expect([formatBytes(812), formatBytes(14_540), formatBytes(3_250_000)]).toEqual(['812 B', '14.2 KB', '3.1 MB']);
  });
});
