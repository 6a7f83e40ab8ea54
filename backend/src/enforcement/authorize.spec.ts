import { describe, expect, it } from 'vitest';
import { DEFAULT_EMERGENCY_NUMBERS } from '../config/config.js';
import { type AttemptObserver, authorizeCall } from './authorize.js';
import { type BlockEntry, BlocklistIndex, type CustomerRef, type SeatRef } from './blocklist-index.js';

const HARB = 'c-harb';
const customers: CustomerRef[] = [{ id: HARB, accountCode: 'HARB009', cidrs: ['203.0.113.10/32'] }];
const seats: SeatRef[] = [
  { customerId: HARB, userId: '6175550142@harb', sipUsername: 'harb-142', did: '+16175550142', groupExternalId: 'BOS' },
];
const block = (kind: BlockEntry['kind'], value: string, customerId: string | null = HARB): BlockEntry => ({
  kind,
  value,
  customerId,
  accountCode: 'HARB009',
  source: kind === 'ip' ? 'brute-force' : 'FRD-000001',
  ticketId: null,
});
const emergency = new Set([...DEFAULT_EMERGENCY_NUMBERS, '110']);
const call = { accountCode: 'HARB009', sourceIp: '203.0.113.10', caller: 'harb-142' };

describe(authorizeCall.name, () => {
  it('emergency numbers pass every restriction, an account block and a blacklisted IP included, and say so', () => {
    const everything = new BlocklistIndex(
      [
        block('account', 'HARB009'),
        block('ip', '203.0.113.10/32', null),
        block('seat', '6175550142@harb'),
        block('destination', '+1'),
        block('destination_class', 'international'),
      ],
      seats,
      customers,
      1,
    );
    let counted = 0;
    const observer: AttemptObserver = () => {
      counted++;
      return { denied: ['would deny'], blocks: [] };
    };
    const opts = { emergency, atMs: 0, observer };
    for (const callee of [
      '911',
      '933',
      '112',
      '999',
      '000',
      '988',
      '110',
      '+112',
      'sip:911@sbc.example.net',
      '9-1-1',
    ]) {
      const { decision } = authorizeCall(everything, { ...call, callee }, opts);
      expect(decision.decision, callee).toBe('allow');
      expect(decision.emergency).toBe(true);
      expect(decision.reasons[0]).toMatch(/is an emergency number: always allowed$/);
      expect(decision.reasons.slice(1)).toEqual([
        'allowed despite: source IP 203.0.113.10 is blocked by ip 203.0.113.10/32 (brute-force)',
        'allowed despite: account HARB009 is blocked (FRD-000001)',
        'allowed despite: caller harb-142 is blocked seat 6175550142@harb (FRD-000001)',
      ]);
    }
    // Emergency calls are not attempts the real-time rules count.
    expect(counted).toBe(0);
    for (const callee of ['9110', '1911', '+19115550100', '0800']) {
      expect(authorizeCall(everything, { ...call, callee }, opts).decision, callee).toMatchObject({ decision: 'deny' });
    }
  });

  it('destination classes: international and Caribbean calls are refused, domestic NANP still goes through', () => {
    const nanpOnly = new BlocklistIndex(
      [
        { ...block('destination_class', 'international'), expiresAt: '2026-03-03T02:00:00.000Z' },
        block('destination_class', 'caribbean'),
      ],
      seats,
      customers,
      1,
    );
    const opts = { emergency, atMs: 0, observer: null };
    const intl = authorizeCall(nanpOnly, { ...call, callee: '011 44 20 7946 0000' }, opts).decision;
    expect(intl).toEqual({
      decision: 'deny',
      reasons: ['callee +442079460000 is an international destination, restricted for HARB009 (FRD-000001)'],
      restriction: {
        kind: 'destination_class',
        value: 'international',
        source: 'FRD-000001',
        expiresAt: '2026-03-03T02:00:00.000Z',
      },
    });
    expect(authorizeCall(nanpOnly, { ...call, callee: '1 876 555 0100' }, opts).decision.reasons).toEqual([
      'callee +18765550100 is a Caribbean NANP destination, restricted for HARB009 (FRD-000001)',
    ]);
    for (const callee of ['+16175550199', '+14165550100', '+17875550100', '+18005550100']) {
      expect(authorizeCall(nanpOnly, { ...call, callee }, opts).decision, callee).toEqual({
        decision: 'allow',
        reasons: [],
      });
    }
    expect(nanpOnly.blocklist().destinationClasses).toEqual([
      { account: 'HARB009', value: 'caribbean' },
      { account: 'HARB009', value: 'international', expiresAt: '2026-03-03T02:00:00.000Z' },
    ]);
    expect(nanpOnly.text('destination_class')).toBe(
      'HARB009 caribbean\nHARB009 international expires=2026-03-03T02:00:00.000Z\n',
    );
  });

  it('premium: numbers above the customer’s cap, as detection prices them', () => {
    const premium = new BlocklistIndex([block('destination_class', 'premium')], seats, customers, 1, (_c, n) =>
      n.startsWith('+882'),
    );
    const opts = { emergency, atMs: 0, observer: null };
    expect(authorizeCall(premium, { ...call, callee: '+88213000000' }, opts).decision.decision).toBe('deny');
    expect(authorizeCall(premium, { ...call, callee: '+442079460000' }, opts).decision.decision).toBe('allow');
  });

  it('a real-time denial names the block it placed; a callee that is no number and an unknown account are said', () => {
    const index = new BlocklistIndex([], seats, customers, 1);
    const observer: AttemptObserver = (a) => ({
      denied: [`crossed for ${a.facts.seat?.userId}`],
      blocks: [{ ...block('seat', a.facts.seat!.userId), source: "real-time rule 'Caribbean'" }],
    });
    const denied = authorizeCall(index, { ...call, callee: '+18765550100' }, { emergency, atMs: 0, observer });
    expect(denied.decision).toEqual({
      decision: 'deny',
      reasons: ['crossed for 6175550142@harb'],
      restriction: { kind: 'seat', value: '6175550142@harb', source: "real-time rule 'Caribbean'" },
    });
    expect(denied.blocks).toHaveLength(1);
    const opts = { emergency, atMs: 0, observer: null };
    expect(authorizeCall(index, { ...call, callee: 'alice' }, opts).decision).toEqual({
      decision: 'allow',
      reasons: ['callee "alice" is not a telephone number: no destination rule applies'],
    });
    expect(
      authorizeCall(index, { ...call, accountCode: 'NOPE1', callee: '+12125550100' }, opts).decision.reasons,
    ).toEqual(["account NOPE1 is not a customer's account code: every customer's blocks apply"]);
  });
});
