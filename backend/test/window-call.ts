import type { WindowCall } from '../src/cdrs/cdr-window-rows.js';

export const T0 = Date.parse('2025-06-03T02:00:00Z');
export const MIN = 60_000;

let n = 0;

/**
 * A stored call as detectors read it, `atMin` minutes after T0: by default an answered one-minute call from
 * Harborview's front desk via 192.0.2.199 to Latvia.
 */
export function windowCall(atMin: number, over: Partial<WindowCall> = {}): WindowCall {
  n++;
  return {
    id: String(n),
    callId: `c${n}`,
    startMs: T0 + atMin * MIN,
    seat: '6175550142@harborview.voip.example.net',
    group: 'HARB009-BOSTON',
    ip: '192.0.2.199',
    number: '+37120000001',
    dialled: '01137120000001',
    country: 'LV',
    jurisdiction: 'international',
    caribbean: false,
    tollFree: false,
    disposition: 'ANSWERED',
    answered: true,
    sipCode: 200,
    billsec: 60,
    cost: 0.5,
    ratePerMinute: 0.5,
    ...over,
  };
}
