import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { button } from '../testing/dom';
import { AckPage } from './ack-page';
import type { PageLink } from './oncall-api';

const LINK: PageLink = {
  ticketId: 't-1',
  ticketNumber: 'FRD-000042',
  title: 'Calls to Cuba over the block threshold',
  severity: 'block',
  level: 2,
  escalation: 'paging',
  engineerName: 'Priya Raman',
};

describe(AckPage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [AckPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  async function render() {
    const fixture = TestBed.createComponent(AckPage);
    fixture.componentRef.setInput('token', 'tok_123');
    fixture.detectChanges();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('shows the page and acknowledges it with one tap, without signing in', async () => {
    const { fixture, root } = await render();
    http.expectOne('/api/pages/tok_123').flush(LINK);
    await fixture.whenStable();
    expect(root.textContent).toContain('FRD-000042');
    expect(root.textContent).toContain('Level 2 page to Priya Raman');
    button(root, 'Acknowledge').click();
    const ack = http.expectOne('/api/pages/tok_123/acknowledge');
    expect(ack.request.method).toBe('POST');
    ack.flush({ ...LINK, escalation: 'engaged' });
    await fixture.whenStable();
    expect(root.querySelector('[role="status"]')?.textContent).toContain('Acknowledged');
  });

  it('says so when the link is unknown', async () => {
    const { fixture, root } = await render();
    http
      .expectOne('/api/pages/tok_123')
      .flush(
        { message: 'This acknowledge link is unknown; open the ticket in Tollgate', code: 'oncall_page_link_unknown' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('This acknowledge link is unknown');
  });
});
