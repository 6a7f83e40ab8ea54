import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase, postEvent } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';

const METRICS_TOKEN = 'scrape-token-0123456789';
const MINUTE = 60_000;

describe('case metrics from the timeline (real PostgreSQL, moved clock)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const clock = new ManualClock(new Date());
  const ids: Record<'A' | 'B' | 'C', string> = { A: '', B: '', C: '' };
  const opened: Record<'A' | 'B' | 'C', number> = { A: 0, B: 0, C: 0 };
  let range = '';

  /** A case opens at the database's time; every later step is timed from it with the clock. */
  const openedAt = async (id: string) =>
    Date.parse(expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body.openedAt);
  const after = (base: number, minutes: number) => new Date(base + minutes * MINUTE);
  /** The calls the case's evidence would have linked: the first and last call and their cost. */
  const evidence = async (id: string, first: Date, last: Date, cost: number) =>
    t.db.query(`UPDATE tickets SET first_call_at = $2, last_call_at = $3, exposure_cost = $4 WHERE id = $1`, [
      id,
      first,
      last,
      cost,
    ]);
  const step = async (time: Date, token: string, id: string, type: string, payload: Record<string, unknown> = {}) => {
    clock.set(time);
    expectStatus(await act(t, token, id, type, payload), 200);
  };
  const metrics = async (token = w.manager) =>
    expectStatus(await t.api('GET', `/api/metrics/cases?${range}`, { token }), 200).body;

  beforeAll(async () => {
    t = await createTestApp({ METRICS_TOKEN }, { clock });
    w = await caseWorld(t);
    const now = Date.now();
    range = `from=${new Date(now - 86_400_000).toISOString()}&to=${new Date(now + 86_400_000).toISOString()}`;

    // A: confirmed fraud. Calls from -10 to -2 minutes (48.00); a note at +5, restricted at +10, the customer's
    // review at +40, source removed at +60, lifted at +90.
    ids.A = await openCase(t, w.tech);
    const a = (opened.A = await openedAt(ids.A));
    await evidence(ids.A, after(a, -10), after(a, -2), 48);
    clock.set(after(a, 5));
    const note = { body: 'Calling the customer', visibility: 'internal' };
    expectStatus(await t.api('POST', `/api/tickets/${ids.A}/notes`, { token: w.tech, body: note }), 201);
    await step(after(a, 10), w.tech, ids.A, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+53' }] });
    const fraud = { verdict: 'fraudulent', message: 'Our PBX was hacked', sourceRemoved: true };
    await step(after(a, 40), w.harbUser, ids.A, 'CUSTOMER_REVIEW', fraud);
    await step(after(a, 60), w.tech, ids.A, 'CONFIRM_SOURCE_REMOVED');
    await step(after(a, 90), w.tech, ids.A, 'LIFT_RESTRICTIONS');

    // B: dismissed after 20 minutes.
    ids.B = await openCase(t, w.tech);
    opened.B = await openedAt(ids.B);
    await step(after(opened.B, 20), w.tech, ids.B, 'DISMISS', { reason: 'Test calls by the carrier' });

    // C: a block event joins the case at its opening and restricts at once (the system); calls from -60 to -30
    // minutes (90.00); legitimate (review at +30), charges accepted at +60, still open at +120.
    const dedupeKey = `c-${Date.now()}`;
    ids.C = await openCase(t, w.tech, { dedupeKey });
    const c = (opened.C = await openedAt(ids.C));
    clock.set(after(c, 0));
    const block = { dedupeKey, severity: 'block', restrictions: [{ kind: 'destination', value: '+88216' }] };
    expectStatus(await postEvent(t, w.tech, block), 201);
    await evidence(ids.C, after(c, -60), after(c, -30), 90);
    const legit = { verdict: 'legitimate', message: 'Our ships at sea', acceptCharges: true };
    await step(after(c, 30), w.harbUser, ids.C, 'CUSTOMER_REVIEW', legit);
    await step(after(c, 60), w.tech, ids.C, 'CONFIRM_CHARGES_ACCEPTED');
    clock.set(after(c, 120));
  });
  afterAll(() => t.close());

  it('equals the hand-computed figures (see case-metrics.spec.ts for the arithmetic)', async () => {
    const m = await metrics();
    expect(m).toMatchObject({
      opened: 3,
      closed: 2,
      byState: { charges_accepted: 1, restrictions_lifted: 1, dismissed: 1, detected: 0, restricted: 0 },
      mttaSeconds: { median: 1200, p90: 3600 },
      mttrSeconds: { median: 1200, p90: 5400 },
      timeInStateSeconds: {
        detected: { median: 600, p90: 1200 },
        restricted: { median: 1800, p90: 1800 },
        customer_reviewed: { median: 1200, p90: 1800 },
        source_removed: { median: 1800, p90: 1800 },
        charges_accepted: { median: 3600, p90: 3600 },
      },
      timeToDetectSeconds: { median: 600, p90: 3600 },
      timeToBlockSeconds: { median: 1200, p90: 3600 },
      falsePositiveShare: 0.6667,
      exposure: { fraudCost: 48, acceptedCost: 90, avoidedCost: 180 },
    });
    const days = m.byDay as { opened: number; closed: number }[];
    expect([days.reduce((n, d) => n + d.opened, 0), days.reduce((n, d) => n + d.closed, 0)]).toEqual([3, 2]);
    expect(m.byCustomer).toEqual([expect.objectContaining({ label: 'Harborview Logistics', opened: 3, closed: 2 })]);
    expect(m.bySource).toEqual([expect.objectContaining({ key: 'manual', opened: 3 })]);
    expect(m.byDetectorKind).toEqual([
      expect.objectContaining({ key: 'threshold', opened: 3, falsePositiveShare: 0.6667 }),
    ]);
    // A range before them holds none of them.
    const before = `from=${new Date(opened.A - 7 * 86_400_000).toISOString()}&to=${new Date(opened.A - 86_400_000).toISOString()}`;
    const other = expectStatus(await t.api('GET', `/api/metrics/cases?${before}`, { token: w.manager }), 200).body;
    expect(other).toMatchObject({ opened: 0, closed: 0, falsePositiveShare: null, mttaSeconds: { median: null } });
  });

  it('a correction in the timeline recomputes history: B reopened is no longer a false positive', async () => {
    await step(clock.now(), w.tech, ids.B, 'REOPEN', { reason: 'The carrier denies testing' });
    const m = await metrics();
    expect(m.falsePositiveShare).toBe(0.5);
    expect(m.byState).toMatchObject({ detected: 1, dismissed: 0 });
  });

  it('exports CSV, refuses a bad range and customers', async () => {
    const csv = await t.api('GET', `/api/metrics/cases.csv?${range}`, { token: w.manager });
    expectStatus(csv, 200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as string).trim().split('\r\n');
    expect(lines[0]).toMatch(/^dimension,key,label,opened,closed,mtta_median_s/);
    // B was dismissed in the range (a closing), though reopened since.
    expect(lines[1]).toMatch(/^all,all,[^,]+ to [^,]+,3,2,1200,3600,/);
    expect(lines.some((l) => l.startsWith('customer,') && l.includes('Harborview Logistics'))).toBe(true);

    const inverted = await t.api('GET', '/api/metrics/cases?from=2026-03-25&to=2026-03-24', { token: w.manager });
    expectStatus(inverted, 400);
    expect(inverted.body.code).toBe('date_range_invalid');
    expectStatus(await t.api('GET', '/api/metrics/cases?from=yesterday', { token: w.manager }), 400);
    expectStatus(await t.api('GET', '/api/metrics/cases', { token: w.harbUser }), 403);
  });

  it('GET /metrics is Prometheus text behind METRICS_TOKEN', async () => {
    const anonymous = await t.api('GET', '/metrics');
    expectStatus(anonymous, 401);
    const scraped = await t.api('GET', '/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expectStatus(scraped, 200);
    expect(scraped.headers.get('content-type')).toContain('text/plain');
    expect(scraped.body).toContain('tollgate_cases_open{state="charges_accepted"} 1');
    expect(scraped.body).toContain('tollgate_escalations_open{escalation="paging"} 0');
    expect(scraped.body).toContain('tollgate_process_cpu_seconds_total');
  });

  it('counts days in the team’s time zone: a case opened late in the Chicago evening is that Chicago day', async () => {
    const id = await openCase(t, w.tech);
    // 23:30 on 2025-11-03 in Chicago (CST, UTC−6) is 05:30 UTC on the 4th.
    await t.db.query(`UPDATE tickets SET opened_at = '2025-11-04T05:30:00Z' WHERE id = $1`, [id]);
    const q = `from=2025-11-03T06:00:00Z&to=2025-11-05T06:00:00Z`;
    const days = async () =>
      expectStatus(await t.api('GET', `/api/metrics/cases?${q}`, { token: w.manager }), 200).body.byDay;
    // No rota saved yet: UTC days.
    expect((await days()).filter((d: { opened: number }) => d.opened)).toEqual([
      { day: '2025-11-04', opened: 1, closed: 0 },
    ]);
    const setup = {
      timezone: 'America/Chicago',
      rotation: { engineers: [], handoffDay: 'monday', handoffTime: '09:00' },
      overrides: [],
      businessHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' },
      policy: { levels: [{ ackTimeoutMinutes: 15 }], repeat: false },
    };
    expectStatus(await t.api('PUT', '/api/oncall', { token: w.admin, body: setup }), 200);
    expect(await days()).toEqual([
      { day: '2025-11-03', opened: 1, closed: 0 },
      { day: '2025-11-04', opened: 0, closed: 0 },
    ]);
  });
});
