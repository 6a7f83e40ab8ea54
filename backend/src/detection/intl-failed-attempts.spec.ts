import { describe, expect, it } from 'vitest';
import type { WindowCall } from '../cdrs/cdr-window-rows.js';
import { MIN, T0, windowCall } from '../../test/window-call.js';
import { intlFailedAttemptsEvents, isFailedInternational, isProbe } from './intl-failed-attempts.js';
import type { DetectionRule, IntlFailedAttemptsParams } from './rule-model.js';
import { dialledDigits } from '../common/phone/dialled.js';

const IP = '203.0.113.7';
const FRONT_DESK = '6175550142@harborview.voip.example.net';
const HARB = { customerId: 'harb-id', accountCode: 'HARB009' };

const DESTINATIONS: Partial<WindowCall>[] = [
  { number: '+5350000000', dialled: '0115350000000', country: 'CU' },
  { number: '+2526100000', dialled: '0112526100000', country: 'SO' },
  { number: '+37120000001', dialled: '01137120000001', country: 'LV' },
];
const UNANSWERED = { answered: false, disposition: 'NO ANSWER', sipCode: 487, billsec: 0, cost: 0, ip: IP };

/** A failed international attempt from 203.0.113.7. */
const failed = (atMin: number, over: Partial<WindowCall> = {}) =>
  windowCall(atMin, { ...DESTINATIONS[0], ...UNANSWERED, ...over });
/** A 011/00 probe that makes no number: the switch stored what was dialled, nothing parsed. */
const probe = (atMin: number, dialled = '011999') =>
  windowCall(atMin, {
    ...UNANSWERED,
    number: null,
    country: null,
    dialled,
    jurisdiction: 'interstate',
    disposition: 'FAILED',
    sipCode: 404,
  });

function rule(p: Partial<IntlFailedAttemptsParams> = {}): DetectionRule<'intl_failed_attempts'> {
  return {
    id: 'rule-1',
    name: 'Failed international',
    kind: 'intl_failed_attempts',
    scope: 'global',
    customerId: null,
    mode: 'live',
    enabled: true,
    params: { window: { minutes: 5 }, warn: 10, block: 20, per: 'ip', restriction: 'ip', ...p },
    createdAt: new Date(T0),
    updatedAt: new Date(T0),
  };
}

const all = () => true;

describe(intlFailedAttemptsEvents.name, () => {
  it('warns then blocks a probing IP on one dedupe key, in plain words with the probes counted', () => {
    // 18 failed calls to 14 numbers in CU, SO, LV over 4 minutes, and 5 probes of the prefixes among them.
    const calls: WindowCall[] = [];
    for (let i = 0; i < 18; i++) {
      const n = i % 14;
      const d = DESTINATIONS[n % 3];
      calls.push(failed((i * 4) / 23, { ...d, number: `${d.number!.slice(0, -2)}${String(n).padStart(2, '0')}` }));
    }
    for (let i = 18; i < 23; i++) calls.push(probe((i * 4) / 23, i % 2 ? `011${i}` : `00${i}9`));
    calls.sort((a, b) => a.startMs - b.startMs);
    calls.push(failed(4));
    const sut = intlFailedAttemptsEvents(rule({ warn: 10, block: 24 }), HARB, calls, all);
    expect(sut.map((e) => [e.kind, e.severity])).toEqual([
      ['intl_failed_attempts', 'warning'],
      ['intl_failed_attempts', 'block'],
    ]);
    expect(new Set(sut.map((e) => e.dedupeKey))).toEqual(new Set([`intl_failed_attempts:rule-1:ip:${IP}`]));
    expect(sut[1].restrictions).toEqual([{ kind: 'ip', value: IP }]);
    expect(sut[1].summary).toBe(
      `24 failed international attempts in 4 min from ${IP} (HARB009) to 14 numbers in CU, SO, LV, ` +
        "incl. 5 probes of 011/00 prefixes; rule 'Failed international' warns at 10 and blocks at 24 per 5 min",
    );
    expect(sut[1].details).toMatchObject({ attempts: 24, probes: 5, ips: [IP], seats: [FRONT_DESK] });
  });

  it('counts unanswered international calls and probes, never answered, toll-free or domestic ones', () => {
    expect(isFailedInternational(failed(0))).toBe(true);
    expect(isFailedInternational(probe(0))).toBe(true);
    expect(isFailedInternational(probe(0, '00123'))).toBe(true);
    expect(isFailedInternational(windowCall(0))).toBe(false); // answered
    expect(
      isFailedInternational(
        failed(0, {
          number: '+18005550100',
          dialled: '18005550100',
          country: 'US',
          jurisdiction: 'toll_free',
          tollFree: true,
        }),
      ),
    ).toBe(false);
    // Toll-free dialled with the international prefix is still toll-free.
    expect(
      isFailedInternational(
        failed(0, {
          number: '+18005550100',
          dialled: '0118005550100',
          country: 'US',
          jurisdiction: 'toll_free',
          tollFree: true,
        }),
      ),
    ).toBe(false);
    expect(
      isFailedInternational(
        failed(0, { number: '+16175550199', dialled: '6175550199', country: 'US', jurisdiction: 'interstate' }),
      ),
    ).toBe(false);
    // A domestic number dialled with 011 made a number: not a probe, not international.
    const viaPrefix = failed(0, {
      number: '+16175550199',
      dialled: '01116175550199',
      country: 'US',
      jurisdiction: 'interstate',
    });
    expect(isProbe(viaPrefix)).toBe(false);
    expect(isFailedInternational(viaPrefix)).toBe(false);
    // A short domestic number that did not parse is no probe either.
    expect(isFailedInternational(probe(0, '5550199'))).toBe(false);
  });

  it('reads probes through SIP URIs and punctuation', () => {
    expect(dialledDigits('sip:011-53-5@sbc.example.net;user=phone')).toBe('011535');
    expect(isProbe({ dialled: '<sip:00 53@sbc.example.net>', country: null })).toBe(true);
    expect(isProbe({ dialled: '+53', country: null })).toBe(false);
  });

  it('ignores answered calls: ten answered and nine failed stay below ten', () => {
    const calls = [
      ...Array.from({ length: 10 }, (_, i) => windowCall(i * 0.2)),
      ...Array.from({ length: 9 }, (_, i) => failed(i * 0.2 + 0.1)),
    ].sort((a, b) => a.startMs - b.startMs);
    expect(intlFailedAttemptsEvents(rule(), HARB, calls, all)).toEqual([]);
  });

  it('counts per seat when told, and a block restricts what the rule names', () => {
    const calls = [
      ...Array.from({ length: 3 }, (_, i) => failed(i, { ip: '198.51.100.1' })),
      ...Array.from({ length: 3 }, (_, i) => failed(i + 0.5, { ip: '198.51.100.2' })),
    ].sort((a, b) => a.startMs - b.startMs);
    expect(intlFailedAttemptsEvents(rule({ warn: undefined, block: 4 }), HARB, calls, all)).toEqual([]);
    const sut = intlFailedAttemptsEvents(
      rule({ per: 'seat', restriction: 'account', warn: undefined, block: 4 }),
      HARB,
      calls,
      all,
    );
    expect(sut.map((e) => [e.severity, e.dedupeKey, (Date.parse(e.occurredAt) - T0) / MIN])).toEqual([
      ['block', `intl_failed_attempts:rule-1:seat:${FRONT_DESK}`, 1.5],
    ]);
    expect(sut[0].restrictions).toEqual([{ kind: 'account', value: 'HARB009' }]);
    expect(sut[0].summary).toMatch(
      new RegExp(`^4 failed international attempts in 2 min from seat ${FRONT_DESK} \\(HARB009\\) to 1 number in CU;`),
    );
    const none = intlFailedAttemptsEvents(
      rule({ restriction: undefined, warn: undefined, block: 4, per: 'seat' }),
      HARB,
      calls,
      all,
    );
    expect(none[0].restrictions).toEqual([]);
  });

  it('a window edge: the attempt exactly one window back counts, one a millisecond older does not', () => {
    const p = rule({ warn: undefined, block: 3 });
    expect(intlFailedAttemptsEvents(p, HARB, [failed(0), failed(2), failed(5)], all)).toHaveLength(1);
    expect(intlFailedAttemptsEvents(p, HARB, [failed(0), failed(2), failed(5 + 1 / MIN)], all)).toEqual([]);
  });
});
