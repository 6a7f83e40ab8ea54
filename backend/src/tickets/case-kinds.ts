// Names in this file are part of the public API (detected event `kind` and `severity`).

export const EVENT_KINDS = [
  'threshold',
  'baseline',
  'first_traffic_ip',
  'intl_failed_attempts',
  'new_destination',
  'max_rate',
  'seat_threshold',
  'group_threshold',
  'brute_force',
  'spend_limit',
  'distinct_destinations',
  'call_rate',
  'carrier_alert',
  'external',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** Lowest first; a ticket takes the highest severity of its events. */
export const SEVERITIES = ['notify', 'warning', 'urgent', 'block'] as const;
export type Severity = (typeof SEVERITIES)[number];

export function higherSeverity(a: Severity, b: Severity): Severity {
  return SEVERITIES.indexOf(a) >= SEVERITIES.indexOf(b) ? a : b;
}

/** `FRD-000123`; more digits once the sequence passes a million. */
export function formatTicketNumber(n: number | string | bigint): string {
  return `FRD-${String(n).padStart(6, '0')}`;
}

/** `FRD-000123`, `frd-123`, `#123` or `123` → 123; anything else → null. */
export function parseTicketNumber(q: string): number | null {
  const m = /^(?:frd-?|#)?0*(\d{1,15})$/i.exec(q.trim());
  return m ? Number(m[1]) : null;
}
