// The client-facing summary a ticket opens with. Pure: the ticket intake gathers the facts. Its words are the
// customer's (common/customer-words.ts): what was found, never the detector's text with its rule and thresholds.
import { customerCountry, customerFinding } from '../common/customer-words.js';

export interface SummaryFacts {
  customerName: string;
  accountCode: string;
  timezone: string;
  /** The group named by the event (or the seat's group); else the customer. */
  enterprise: string;
  occurredAt: Date;
  /** The first event's kind: what was found, said in the customer's words. */
  eventKind: string | null;
  seats: { name: string; did: string | null; extension: string | null }[];
  calls: number;
  minutes: number;
  cost: number;
  firstCallAt: Date | null;
  lastCallAt: Date | null;
  destinations: { country: string; calls: number; minutes: number }[];
}

export function summaryDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-US', { timeZone: timezone, dateStyle: 'medium' }).format(at);
}

function clock(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  })
    .format(at)
    .replace(',', '');
}

export function summaryTitle(f: Pick<SummaryFacts, 'enterprise' | 'occurredAt' | 'timezone'>): string {
  return `Potential Fraudulent Calls – ${f.enterprise} – ${summaryDate(f.occurredAt, f.timezone)}`;
}

export function renderClientSummary(f: SummaryFacts): string {
  const lines = [
    summaryTitle(f),
    '',
    `Our fraud monitoring flagged unusual calls on the account of ${f.customerName} (${f.accountCode}).`,
    customerFinding(f.eventKind),
    '',
  ];
  if (f.seats.length) {
    lines.push('Affected users:');
    for (const s of f.seats) {
      const parts = [s.name, s.did ? `DID ${s.did}` : null, s.extension ? `extension ${s.extension}` : null];
      lines.push(`  - ${parts.filter(Boolean).join(', ')}`);
    }
    lines.push('');
  }
  if (f.calls > 0) {
    const window =
      f.firstCallAt && f.lastCallAt
        ? ` between ${clock(f.firstCallAt, f.timezone)} and ${clock(f.lastCallAt, f.timezone)} (${f.timezone})`
        : '';
    lines.push(`Calls: ${f.calls} calls, ${f.minutes.toFixed(1)} minutes, $${f.cost.toFixed(2)}${window}.`);
    if (f.destinations.length) {
      const top = f.destinations
        .slice(0, 5)
        .map(
          (d) =>
            `${customerCountry(d.country) || 'Unknown'} ${d.calls} call${d.calls === 1 ? '' : 's'} (${d.minutes.toFixed(1)} min)`,
        );
      lines.push(`Destinations: ${top.join(', ')}.`);
    }
    lines.push('');
  }
  lines.push(
    'Please review the call records of this case in the portal (also as CSV and PDF) and tell us whether your users made these calls.',
    'If they were fraudulent, remove the source (change the SIP passwords, secure or disconnect the device) and confirm;',
    'if they were legitimate, confirm that you accept the charges.',
  );
  return lines.join('\n');
}
