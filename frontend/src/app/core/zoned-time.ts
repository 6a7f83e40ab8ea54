import { Pipe, type PipeTransform } from '@angular/core';

// One way to write a moment everywhere on the ticket pages: `2025-05-14 03:12 UTC`, always with its zone, in the
// viewer's zone; with the customer's zone beside it when theirs differs (`· 23:12 America/New_York (customer)`).

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string | undefined, seconds: boolean): Intl.DateTimeFormat {
  const key = `${zone ?? ''}|${seconds}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: seconds ? '2-digit' : undefined,
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(key, f);
  }
  return f;
}

interface Parts {
  day: string;
  time: string;
  zone: string;
}

function partsOf(date: Date, zone: string | undefined, seconds = false): Parts {
  const p = Object.fromEntries(
    formatter(zone, seconds)
      .formatToParts(date)
      .map((x) => [x.type, x.value]),
  );
  const time = `${p['hour']}:${p['minute']}${seconds ? `:${p['second']}` : ''}`;
  return { day: `${p['year']}-${p['month']}-${p['day']}`, time, zone: p['timeZoneName'] };
}

export interface TimeFormat {
  /** The customer's zone: their wall clock follows when it differs from the viewer's. */
  customerZone?: string | null;
  /** The viewer's zone; the browser's when absent. */
  zone?: string;
  seconds?: boolean;
}

/** The browser's zone (the viewer's). */
export const viewerZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

function toDate(value: string | number | Date | null | undefined): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * `2025-05-14 03:12 UTC` in `zone` (the viewer's when absent). With `customerZone` unlike the viewer's, the
 * customer's wall clock follows: `2025-05-14 03:12 UTC · 23:12 America/New_York (customer)`, its day written
 * out when it is another day there.
 */
export function formatTime(value: string | number | Date | null | undefined, format: TimeFormat = {}): string {
  const { customerZone, zone, seconds = false } = format;
  const date = toDate(value);
  if (!date) return '—';
  const here = partsOf(date, zone, seconds);
  const text = `${here.day} ${here.time} ${here.zone}`;
  if (!customerZone || customerZone === (zone ?? viewerZone())) return text;
  let there: Parts;
  try {
    there = partsOf(date, customerZone, seconds);
  } catch {
    return text;
  }
  if (there.time === here.time && there.day === here.day) return text;
  return `${text} · ${there.day === here.day ? '' : `${there.day} `}${there.time} ${customerZone} (customer)`;
}

/** `{{ at | tgTime }}`, `{{ at | tgTime: customerZone }}`, `{{ at | tgTime: null : 'seconds' }}`: see `formatTime`. */
@Pipe({ name: 'tgTime' })
export class ZonedTimePipe implements PipeTransform {
  transform(
    value: string | number | Date | null | undefined,
    customerZone?: string | null,
    precision: 'minutes' | 'seconds' = 'minutes',
  ): string {
    return formatTime(value, { customerZone, seconds: precision === 'seconds' });
  }
}
