import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { GroupThresholds } from './group-thresholds';
import type { ThresholdRequest } from './oncall-api';

const APPROVED: ThresholdRequest = {
  id: 'r-1',
  ticketId: 't-1',
  customerId: 'c-1',
  ruleId: null,
  scope: 'group',
  targetId: 'HARB009-BOSTON',
  current: {},
  requested: { userBlockThreshold: 40 },
  reason: 'Kingston call centre',
  status: 'approved',
  appliedTo: ['front-desk', 'warehouse'],
  requestedBy: 'Tom Tech',
  decidedBy: 'Priya Raman',
  decisionComment: null,
  createdAt: '2026-03-24T10:00:00Z',
  decidedAt: '2026-03-24T11:00:00Z',
};

describe(GroupThresholds.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [GroupThresholds],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => http.verify());

  it('names the seats an approval covered, and the seat added since that keeps the defaults', async () => {
    const fixture = TestBed.createComponent(GroupThresholds);
    fixture.componentRef.setInput('customerId', 'c-1');
    fixture.componentRef.setInput('externalId', 'HARB009-BOSTON');
    fixture.componentRef.setInput('seatUserIds', ['front-desk', 'warehouse', 'loading-dock']);
    TestBed.tick();
    const req = http.expectOne((r) => r.url === '/api/threshold-requests');
    expect(req.request.params.get('status')).toBe('approved');
    expect(req.request.params.get('customerId')).toBe('c-1');
    req.flush({ items: [APPROVED, { ...APPROVED, id: 'r-2', targetId: 'OTHER-GROUP' }] });
    await fixture.whenStable();
    const notes = [...(fixture.nativeElement as HTMLElement).querySelectorAll('[role="note"]')].map((n) =>
      n.textContent?.replace(/\s+/g, ' ').trim(),
    );
    expect(notes).toEqual([
      'Thresholds raised 2026-03-24 for 2 seats (front-desk, warehouse). Added since, with the default thresholds: loading-dock.',
    ]);
  });
});
