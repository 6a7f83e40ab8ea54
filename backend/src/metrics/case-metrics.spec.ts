import { describe, expect, it } from 'vitest';
import { byDay, caseMetrics, percentile, type TicketFacts, type TimelineFact } from './case-metrics.js';

const at = (hhmm: string) => new Date(`2026-03-24T${hhmm}:00Z`);
const e = (time: string, type: string, actorRole: string, toState: string | null = null): TimelineFact => ({
  type,
  actorRole,
  fromState: null,
  toState,
  at: at(time),
});
const base = {
  customerId: 'c1',
  customerName: 'Harborview',
  kind: 'threshold',
  ruleId: null,
  ruleName: null,
  source: 'detector',
};

// A: confirmed fraud, restricted by a technician, resolved. 48.00 spent over 480 s (0.10/s).
const A: TicketFacts = {
  ...base,
  id: 'A',
  openedAt: at('10:00'),
  firstCallAt: at('09:50'),
  lastCallAt: at('09:58'),
  exposureCost: 48,
  timeline: [
    e('10:00', 'opened', 'system', 'detected'),
    e('10:00', 'detected_event', 'system'),
    e('10:05', 'note', 'technician'),
    e('10:10', 'RESTRICT', 'technician', 'restricted'),
    e('10:40', 'CUSTOMER_REVIEW', 'customer', 'customer_reviewed'),
    e('11:00', 'CONFIRM_SOURCE_REMOVED', 'technician', 'source_removed'),
    e('11:30', 'LIFT_RESTRICTIONS', 'technician', 'restrictions_lifted'),
  ],
};
// B: dismissed after 20 minutes, no calls linked.
const B: TicketFacts = {
  ...base,
  id: 'B',
  openedAt: at('12:00'),
  firstCallAt: null,
  lastCallAt: null,
  exposureCost: 0,
  timeline: [e('12:00', 'opened', 'system', 'detected'), e('12:20', 'DISMISS', 'technician', 'dismissed')],
};
// C: restricted by the system at once, legitimate traffic, charges accepted, still open at 15:00.
const C: TicketFacts = {
  ...base,
  id: 'C',
  openedAt: at('13:00'),
  firstCallAt: at('12:00'),
  lastCallAt: at('12:30'),
  exposureCost: 90,
  timeline: [
    e('13:00', 'opened', 'system', 'detected'),
    e('13:00', 'detected_event', 'system'),
    e('13:00', 'RESTRICT', 'system', 'restricted'),
    e('13:30', 'CUSTOMER_REVIEW', 'customer', 'customer_reviewed'),
    e('14:00', 'CONFIRM_CHARGES_ACCEPTED', 'technician', 'charges_accepted'),
  ],
};

describe('caseMetrics', () => {
  it('equals the hand-computed figures of three cases with known timelines', () => {
    const sut = caseMetrics([A, B, C], 2, { to: at('16:00') }, at('15:00'));
    expect(sut).toEqual({
      opened: 3,
      closed: 2,
      byState: {
        detected: 0,
        restricted: 0,
        customer_reviewed: 0,
        source_removed: 0,
        charges_accepted: 1,
        restrictions_lifted: 1,
        dismissed: 1,
      },
      // Opened → first technician action: 300 (A's note), 1200 (B), 3600 (C: the system's restriction does not count).
      mttaSeconds: { median: 1200, p90: 3600 },
      // Opened → lifted or dismissed: 5400 (A), 1200 (B).
      mttrSeconds: { median: 1200, p90: 5400 },
      timeInStateSeconds: {
        detected: { median: 600, p90: 1200 }, // 600, 1200, 0
        restricted: { median: 1800, p90: 1800 },
        customer_reviewed: { median: 1200, p90: 1800 },
        source_removed: { median: 1800, p90: 1800 },
        charges_accepted: { median: 3600, p90: 3600 }, // still there at 15:00
      },
      timeToDetectSeconds: { median: 600, p90: 3600 },
      timeToBlockSeconds: { median: 1200, p90: 3600 },
      // Dismissed (B) and legitimate (C) over three outcomes.
      falsePositiveShare: 0.6667,
      // A avoided 0.10/s × 1800 s (restricted 10:10, the customer answered 10:40); C's traffic was theirs.
      exposure: { fraudCost: 48, acceptedCost: 90, avoidedCost: 180 },
    });
  });

  it('a REOPEN clears the outcome: the case counts as open again', () => {
    const reopened = { ...B, timeline: [...B.timeline, e('12:30', 'REOPEN', 'technician', 'detected')] };
    const sut = caseMetrics([reopened], 0, { to: at('16:00') }, at('13:00'));
    expect(sut.falsePositiveShare).toBe(null);
    expect(sut.byState.detected).toBe(1);
    // 20 minutes before the dismissal, 30 after the reopening.
    expect(sut.timeInStateSeconds.detected).toEqual({ median: 3000, p90: 3000 });
  });
});

describe('percentile', () => {
  it('is the nearest rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([], 50)).toBe(null);
  });
});

describe('byDay', () => {
  it('counts days in the team’s time zone: late evening in Chicago is that Chicago day, not the next UTC one', () => {
    // 2026-03-24 23:30 in Chicago (CDT, UTC−5) is 04:30 UTC on the 25th; 00:30 on the 25th in Chicago is 05:30 UTC.
    const late = { ...A, openedAt: new Date('2026-03-25T04:30:00Z') };
    const afterMidnight = { ...B, openedAt: new Date('2026-03-25T05:30:00Z') };
    const from = new Date('2026-03-24T05:00:00Z'); // midnight in Chicago
    const to = new Date('2026-03-26T05:00:00Z');
    expect(byDay([late, afterMidnight], [new Date('2026-03-25T04:59:00Z')], from, to, 'America/Chicago')).toEqual([
      { day: '2026-03-24', opened: 1, closed: 1 },
      { day: '2026-03-25', opened: 1, closed: 0 },
    ]);
    // The same instants in UTC fall on the 25th.
    expect(byDay([late, afterMidnight], [], from, to, 'UTC')).toEqual([
      { day: '2026-03-24', opened: 0, closed: 0 },
      { day: '2026-03-25', opened: 2, closed: 0 },
      { day: '2026-03-26', opened: 0, closed: 0 },
    ]);
  });

  it('keeps a day that a DST change shortens as one day', () => {
    // Chicago springs forward on 2026-03-08 (a 23-hour day).
    const days = byDay([], [], new Date('2026-03-07T06:00:00Z'), new Date('2026-03-10T05:00:00Z'), 'America/Chicago');
    expect(days.map((d) => d.day)).toEqual(['2026-03-07', '2026-03-08', '2026-03-09']);
  });

  it('counts openings and closings per day of the range', () => {
    expect(byDay([A, B], [at('12:20')], new Date('2026-03-23T00:00:00Z'), new Date('2026-03-25T00:00:00Z'))).toEqual([
      { day: '2026-03-23', opened: 0, closed: 0 },
      { day: '2026-03-24', opened: 2, closed: 1 },
    ]);
  });
});
