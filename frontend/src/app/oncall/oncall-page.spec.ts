import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SessionUser } from '../auth/user';
import { button, removeOverlays, texts, wait } from '../testing/dom';
import { signInAs } from '../testing/session';
import { TICKET } from '../testing/tickets';
import type { Escalation, ThresholdRequest } from './oncall-api';
import { OnCallPage } from './oncall-page';

const ENGINEER: SessionUser = {
  id: 'u-eng',
  email: 'eng@noc.example',
  name: 'Priya Raman',
  role: 'engineer',
  customerId: null,
};
const NOW = {
  engineer: { id: 'u-eng', name: 'Priya Raman', email: 'eng@noc.example' },
  until: '2026-03-30T07:00:00Z',
  next: { id: 'u-ben', name: 'Ben Okafor' },
  override: false,
  businessHours: false,
};
const ESCALATION: Escalation = {
  id: 'e-1',
  ticketId: 't-1',
  ticketNumber: 'FRD-000042',
  ticketTitle: 'Calls to Cuba over the block threshold',
  severity: 'block',
  reason: 'block case outside business hours',
  startedAt: '2026-03-24T22:00:00Z',
  level: 1,
  acknowledgedAt: null,
  endedAt: null,
  pagedMe: true,
  policy: { levels: [{ ackTimeoutMinutes: 15 }], repeat: false },
  pages: [{ level: 1, engineer: { id: 'u-eng', name: 'Priya Raman' }, pagedAt: '2026-03-24T22:00:00Z' }],
};
const REQUEST: ThresholdRequest = {
  id: 'r-1',
  ticketId: 't-1',
  customerId: 'c-1',
  ruleId: null,
  scope: 'group',
  targetId: 'HARB009-BOSTON',
  current: { userCallThreshold: 8, userBlockThreshold: 15 },
  requested: { userCallThreshold: 30, userBlockThreshold: 40 },
  reason: 'Kingston call centre opened',
  status: 'pending',
  appliedTo: [],
  requestedBy: 'Tom Tech',
  decidedBy: null,
  decisionComment: null,
  createdAt: '2026-03-24T10:00:00Z',
  decidedAt: null,
};

describe(OnCallPage.name, () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [OnCallPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(ENGINEER);
  });

  afterEach(() => {
    http.verify();
    removeOverlays();
  });

  function flushLists(escalations: Escalation[], requests: ThresholdRequest[]) {
    http.expectOne('/api/oncall/now').flush(NOW);
    http.expectOne('/api/oncall/escalations').flush({ items: escalations });
    http.expectOne((r) => r.url === '/api/threshold-requests').flush({ items: requests });
  }

  async function render() {
    const fixture = TestBed.createComponent(OnCallPage);
    flushLists([ESCALATION], [REQUEST]);
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('shows who is on call now and next, and the engineer acknowledges an open escalation', async () => {
    const { fixture, root } = await render();
    expect(root.querySelector('[aria-label="On call now"]')?.textContent).toContain('Priya Raman');
    expect(root.querySelector('[aria-label="Next on call"]')?.textContent).toContain('Ben Okafor');
    expect(root.textContent).toContain('Outside business hours');

    button(root, 'Acknowledge FRD-000042').click();
    http.expectOne('/api/tickets/t-1').flush({ ...TICKET, version: 7 });
    const ack = http.expectOne('/api/tickets/t-1/events');
    expect(ack.request.body).toEqual({ type: 'ACKNOWLEDGE', version: 7 });
    ack.flush({ ...TICKET, escalation: 'engaged' });
    flushLists([{ ...ESCALATION, acknowledgedAt: '2026-03-24T22:05:00Z' }], [REQUEST]);
    await fixture.whenStable();
    expect(texts(root, 'button')).not.toContain('Acknowledge FRD-000042');
  });

  it('approves a threshold request with a comment and tells how many seats it applied to', async () => {
    const { fixture, root } = await render();
    expect(root.textContent).toContain('seats added later keep the defaults');
    const comment = root.querySelector('input') as HTMLInputElement;
    comment.value = 'Confirmed with sales';
    button(root, 'Approve').click();
    const approve = http.expectOne('/api/threshold-requests/r-1/approve');
    expect(approve.request.body).toEqual({ comment: 'Confirmed with sales' });
    approve.flush({ ...REQUEST, status: 'approved', appliedTo: ['s-1', 's-2'] });
    flushLists([ESCALATION], []);
    await fixture.whenStable();
    await wait(0);
    expect(document.querySelector('.mat-mdc-snack-bar-label')?.textContent).toContain('Approved for 2 seats');
    expect(root.textContent).toContain('No request is waiting.');
  });
});
