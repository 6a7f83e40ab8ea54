import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { button, texts } from '../testing/dom';
import { signInAs, TECHNICIAN } from '../testing/session';
import type { CaseMetrics } from './metrics-api';
import { duration, MetricsPage } from './metrics-page';

const spread = (median: number | null, p90: number | null) => ({ median, p90 });
const FIGURES = {
  opened: 3,
  closed: 2,
  byState: { detected: 0, restricted: 1, dismissed: 1, restrictions_lifted: 1 },
  mttaSeconds: spread(1200, 3600),
  mttrSeconds: spread(1200, 5400),
  timeInStateSeconds: { detected: spread(600, 1200), restricted: spread(1800, 1800) },
  timeToDetectSeconds: spread(600, 3600),
  timeToBlockSeconds: spread(1200, 3600),
  falsePositiveShare: 0.6667,
  exposure: { fraudCost: 48, acceptedCost: 90, avoidedCost: 180 },
};
const METRICS: CaseMetrics = {
  ...FIGURES,
  from: '2026-03-01T00:00:00.000Z',
  to: '2026-04-01T00:00:00.000Z',
  byDay: [{ day: '2026-03-24', opened: 3, closed: 2 }],
  byCustomer: [{ key: 'c-1', label: 'Harborview Logistics', ...FIGURES }],
  byDetectorKind: [{ key: 'seat_threshold', label: 'seat_threshold', ...FIGURES }],
  byRule: [],
  bySource: [],
};

describe(MetricsPage.name, () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [MetricsPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs({ ...TECHNICIAN, role: 'manager' });
  });
  afterEach(() => http.verify());

  it('shows the key figures and the breakdown, and exports CSV for the same range', async () => {
    const fixture = TestBed.createComponent(MetricsPage);
    const req = http.expectOne((r) => r.url === '/api/metrics/cases');
    expect(req.request.params.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    req.flush(METRICS);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const figures = texts(root, '[aria-label="Key figures"] tr');
    expect(figures).toContain('MTTA (median / p90)20 min / 1.0 h');
    expect(figures).toContain('False positives66.7%');
    expect(figures).toContain('Cost avoided180.00');
    expect(texts(root, '[aria-label="Breakdown"] tbody td')[0]).toBe('Harborview Logistics');

    const saved: string[] = [];
    const original = URL.createObjectURL;
    URL.createObjectURL = () => (saved.push('csv'), 'blob:metrics');
    button(root, 'Export CSV').click();
    const csv = http.expectOne((r) => r.url === '/api/metrics/cases.csv');
    expect(csv.request.params.get('from')).toBe(req.request.params.get('from'));
    csv.flush(new Blob(['dimension,key\r\n']));
    URL.createObjectURL = original;
    expect(saved).toEqual(['csv']);
  });

  it('says durations in minutes or hours', () => {
    expect(duration(null)).toBe('—');
    expect(duration(300)).toBe('5 min');
    expect(duration(5400)).toBe('1.5 h');
  });
});
