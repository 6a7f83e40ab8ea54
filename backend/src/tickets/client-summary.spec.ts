import { describe, expect, it } from 'vitest';
import { renderClientSummary, type SummaryFacts, summaryTitle } from './client-summary.js';

const facts: SummaryFacts = {
  customerName: 'Harborview Logistics',
  accountCode: 'HARB009',
  timezone: 'America/New_York',
  enterprise: 'Boston office',
  occurredAt: new Date('2025-05-15T02:30:00Z'),
  eventKind: 'seat_threshold',
  seats: [
    { name: 'Front desk', did: '+16175550142', extension: '142' },
    { name: 'Lobby phone', did: null, extension: null },
  ],
  calls: 3,
  minutes: 12.5,
  cost: 8.4,
  firstCallAt: new Date('2025-05-14T10:00:00Z'),
  lastCallAt: new Date('2025-05-14T10:30:00Z'),
  destinations: [
    { country: 'CU', calls: 2, minutes: 10 },
    { country: 'JM', calls: 1, minutes: 2.5 },
  ],
};

describe(renderClientSummary.name, () => {
  it("titles the summary with the enterprise and the date in the customer's time zone", () => {
    expect(summaryTitle(facts)).toBe('Potential Fraudulent Calls – Boston office – May 14, 2025');
    expect(summaryTitle({ ...facts, timezone: 'Europe/London' })).toBe(
      'Potential Fraudulent Calls – Boston office – May 15, 2025',
    );
  });

  it('lists the affected users and summarises the calls', () => {
    const sut = renderClientSummary(facts).split('\n');
    expect(sut[0]).toBe('Potential Fraudulent Calls – Boston office – May 14, 2025');
    expect(sut).toContain('  - Front desk, DID +16175550142, extension 142');
    expect(sut).toContain('  - Lobby phone');
    expect(sut).toContain(
      'Calls: 3 calls, 12.5 minutes, $8.40 between 2025-05-14 06:00 and 2025-05-14 06:30 (America/New_York).',
    );
    expect(sut).toContain('Destinations: Cuba (+53) 2 calls (10.0 min), Jamaica (+1) 1 call (2.5 min).');
  });

  it('leaves out users and calls it does not know', () => {
    const sut = renderClientSummary({ ...facts, seats: [], calls: 0, destinations: [] });
    expect(sut).not.toContain('Affected users');
    expect(sut).not.toContain('Calls:');
    expect(sut).toContain('An unusual number of calls from one of your users.');
  });
});
