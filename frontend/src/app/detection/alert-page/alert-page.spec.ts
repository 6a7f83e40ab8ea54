import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { texts } from '../../testing/dom';
import { CUSTOMER_USER, signInAs } from '../../testing/session';
import type { Alert } from '../detection';
import { AlertPage } from './alert-page';

const hours = Array.from({ length: 24 }, (_, h) => ({
  hour: h,
  label: `${String(h).padStart(2, '0')}:00`,
  startsAt: new Date(Date.UTC(2026, 2, 5, h + 6)).toISOString(),
  endsAt: new Date(Date.UTC(2026, 2, 5, h + 7)).toISOString(),
  minutes: h === 14 ? 420 : h > 15 ? null : 0,
  normal: h === 14 ? 200 : 0,
}));
const ALERT: Alert = {
  id: 'e1',
  customerId: 'c-acme',
  customerName: 'Acme Dental',
  accountCode: 'ACME01',
  kind: 'baseline',
  severity: 'urgent',
  summary:
    'Interstate calling is 2.1× normal for a Thursday at 14:00 (America/Chicago): 420 min against a normal of 200 min',
  occurredAt: '2026-03-05T21:00:00.000Z',
  detectedAt: '2026-03-05T21:15:00.000Z',
  ticketId: 't1',
  chart: { timezone: 'America/Chicago', day: '2026-03-05', jurisdiction: 'interstate', hours },
};

describe(AlertPage.name, () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [AlertPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(CUSTOMER_USER);
  });

  afterEach(() => http.verify());

  async function render(answer: (req: ReturnType<HttpTestingController['expectOne']>) => void) {
    const fixture = TestBed.createComponent(AlertPage);
    fixture.componentRef.setInput('id', 'e1');
    TestBed.tick();
    answer(http.expectOne('/api/alerts/e1'));
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it("shows the alert's words, its day's minutes per hour against the normal, and the customer's ticket", async () => {
    const root = await render((r) => r.flush(ALERT));
    expect(root.querySelector('h1')?.textContent?.trim()).toBe('urgent alert for Acme Dental');
    expect(root.querySelector('.summary')?.textContent).toContain('Interstate calling is 2.1× normal');
    expect(root.querySelector('h2')?.textContent).toContain('Interstate minutes per hour on 2026-03-05');
    const rows = texts(root, 'tr.mat-mdc-row td');
    expect(rows.slice(14 * 3, 15 * 3)).toEqual(['14:00', '420.0', '200.0']);
    expect(rows.slice(20 * 3, 21 * 3)).toEqual(['20:00', '—', '0.0']);
    expect(root.querySelector('a')?.getAttribute('href')).toBe('/portal/tickets/t1');
  });

  it('says so when the alert is not there, or not the user’s', async () => {
    const root = await render((r) =>
      r.flush(
        { message: 'Alert not found', code: 'detection_alert_not_found' },
        { status: 404, statusText: 'Not Found' },
      ),
    );
    expect(root.querySelector('[role="alert"]')?.textContent).toContain(
      'This alert does not exist, or is not yours to see.',
    );
  });
});
