import { describe, expect, it } from 'vitest';
import { normalizeNumber } from '../common/phone/phone-number.js';
import { type BlockEntry, BlocklistIndex, type CustomerRef, type SeatRef } from './blocklist-index.js';

const HARB = 'c-harb';
const ACME = 'c-acme';
const customers: CustomerRef[] = [
  { id: HARB, accountCode: 'HARB009', cidrs: ['203.0.113.10/32', '198.51.100.0/28'] },
  { id: ACME, accountCode: 'ACME01', cidrs: ['192.0.2.20/32'] },
];
const seats: SeatRef[] = [
  {
    customerId: HARB,
    userId: '6175550142@harb.example.net',
    sipUsername: 'harb-142',
    did: '+16175550142',
    groupExternalId: 'BOS',
  },
  {
    customerId: HARB,
    userId: '6175550143@harb.example.net',
    sipUsername: 'harb-143',
    did: '+16175550143',
    groupExternalId: 'BOS',
  },
  {
    customerId: ACME,
    userId: '3125550111@acme.example.net',
    sipUsername: 'acme-111',
    did: '+13125550111',
    groupExternalId: 'MAIN',
  },
];
const entry = (kind: BlockEntry['kind'], value: string, customerId: string | null = HARB): BlockEntry => ({
  kind,
  value,
  customerId,
  accountCode: customerId === ACME ? 'ACME01' : 'HARB009',
  source: 'FRD-000001',
  ticketId: 't1',
});

describe(BlocklistIndex.name, () => {
  describe('callee numbers (the shared normaliser)', () => {
    it.each([
      ['+53 5 555 0100', '+5355550100'],
      ['011535550100', '+535550100'],
      ['0044 20 7946 0000', '+442079460000'],
      ['6175550142', '+16175550142'],
      ['1-876-555-0000', '+18765550000'],
      ['sip:+5355550100@sbc.example.net', '+5355550100'],
      ['harb-142', null],
      ['', null],
    ])('%s → %s', (raw, e164) => expect(normalizeNumber(raw)).toBe(e164));
  });

  it('allows everything when empty', () => {
    const sut = BlocklistIndex.empty();
    expect(sut.authorize({ sourceIp: '203.0.113.77', callee: '+5355550100' })).toEqual({
      decision: 'allow',
      reasons: [],
    });
    expect(sut.blocklist()).toMatchObject({
      ips: [],
      seats: [],
      groups: [],
      destinations: [],
      accounts: [],
      version: 0,
    });
    expect(sut.text()).toBe('');
  });

  it('denies sources inside a blocked CIDR, for every account', () => {
    const sut = new BlocklistIndex([entry('ip', '198.51.100.0/28', null)], seats, customers, 1);
    expect(sut.authorize({ sourceIp: '198.51.100.9', callee: '+12125550100' }).decision).toBe('deny');
    expect(sut.authorize({ sourceIp: '198.51.100.9', accountCode: 'ACME01', callee: '+1212' }).decision).toBe('deny');
    expect(sut.authorize({ sourceIp: '198.51.100.16', callee: '+12125550100' }).decision).toBe('allow');
    expect(sut.authorize({ sourceIp: '2001:db8::1', callee: '+12125550100' }).decision).toBe('allow');
  });

  it("blocks a destination prefix for the restricted customer's calls only (all calls when the customer is unknown)", () => {
    const sut = new BlocklistIndex([entry('destination', '+5321')], seats, customers, 1);
    const deny = sut.authorize({ accountCode: 'HARB009', sourceIp: '10.0.0.1', callee: '011 53 21 555 0100' });
    expect(deny).toEqual({
      decision: 'deny',
      reasons: ['callee +53215550100 matches destination +5321 (FRD-000001)'],
      restriction: { kind: 'destination', value: '+5321', source: 'FRD-000001' },
    });
    // Customer resolved from the source IP.
    expect(sut.authorize({ sourceIp: '203.0.113.10', callee: '+5321555' }).decision).toBe('deny');
    expect(sut.authorize({ accountCode: 'ACME01', sourceIp: '10.0.0.1', callee: '+5321555' }).decision).toBe('allow');
    expect(sut.authorize({ sourceIp: '192.0.2.20', callee: '+5321555' }).decision).toBe('allow');
    expect(sut.authorize({ sourceIp: '10.9.9.9', callee: '+5321555' }).decision).toBe('deny');
    expect(sut.authorize({ accountCode: 'HARB009', sourceIp: '10.0.0.1', callee: '+5322555' }).decision).toBe('allow');
  });

  it('a blocked group blocks its seats, matched by userId, SIP username or DID', () => {
    const sut = new BlocklistIndex([entry('group', 'BOS')], seats, customers, 3);
    expect(sut.blocklist()).toMatchObject({
      groups: [{ account: 'HARB009', value: 'BOS' }],
      seats: [
        { account: 'HARB009', value: '6175550142@harb.example.net' },
        { account: 'HARB009', value: '6175550143@harb.example.net' },
      ],
    });
    for (const caller of [
      'harb-143',
      '6175550142@harb.example.net',
      '+16175550142',
      'sip:6175550143@harb.example.net',
    ]) {
      expect(
        sut.authorize({ accountCode: 'HARB009', sourceIp: '10.0.0.1', caller, callee: '+1212' }).decision,
        caller,
      ).toBe('deny');
    }
    expect(
      sut.authorize({ accountCode: 'ACME01', sourceIp: '10.0.0.1', caller: 'acme-111', callee: '+1212' }).decision,
    ).toBe('allow');
  });

  it('blocks a whole account by account code or by its IPs', () => {
    const sut = new BlocklistIndex([entry('account', 'ACME01', ACME)], seats, customers, 1);
    expect(sut.authorize({ accountCode: 'acme01', sourceIp: '10.0.0.1', callee: '+1212' }).decision).toBe('deny');
    expect(sut.authorize({ sourceIp: '192.0.2.20', callee: '+1212' }).decision).toBe('deny');
    expect(sut.authorize({ accountCode: 'HARB009', sourceIp: '10.0.0.1', callee: '+1212' }).decision).toBe('allow');
  });

  it('lists each value once, and prints one `kind [account] value` line per entry', () => {
    const sut = new BlocklistIndex(
      [
        entry('ip', '203.0.113.77/32', null),
        { ...entry('ip', '203.0.113.77/32', null), source: 'FRD-000002' },
        entry('destination', '+53'),
      ],
      seats,
      customers,
      7,
    );
    expect(sut.blocklist()).toMatchObject({
      ips: ['203.0.113.77/32'],
      destinations: [{ account: 'HARB009', value: '+53' }],
      version: 7,
    });
    expect(sut.text()).toBe('ip 203.0.113.77/32\ndestination HARB009 +53\n');
  });

  it('names the account of every customer entry, in JSON and in each text form', () => {
    const sut = new BlocklistIndex(
      [
        entry('destination', '+371'),
        entry('destination', '+371', ACME),
        entry('destination', '+53', ACME),
        entry('group', 'MAIN', ACME),
        entry('account', 'HARB009'),
        entry('ip', '198.51.100.0/28', null),
      ],
      seats,
      customers,
      4,
    );
    expect(sut.blocklist()).toEqual({
      ips: ['198.51.100.0/28'],
      seats: [{ account: 'ACME01', value: '3125550111@acme.example.net' }],
      groups: [{ account: 'ACME01', value: 'MAIN' }],
      destinations: [
        { account: 'ACME01', value: '+371' },
        { account: 'ACME01', value: '+53' },
        { account: 'HARB009', value: '+371' },
      ],
      destinationClasses: [],
      accounts: ['HARB009'],
      version: 4,
    });
    expect(sut.text()).toBe(
      [
        'ip 198.51.100.0/28',
        'seat ACME01 3125550111@acme.example.net',
        'group ACME01 MAIN',
        'destination ACME01 +371',
        'destination ACME01 +53',
        'destination HARB009 +371',
        'account HARB009 HARB009',
        '',
      ].join('\n'),
    );
    expect(sut.text('ip')).toBe('198.51.100.0/28\n');
    expect(sut.text('destination')).toBe('ACME01 +371\nACME01 +53\nHARB009 +371\n');
    expect(sut.text('seat')).toBe('ACME01 3125550111@acme.example.net\n');
    expect(sut.text('group')).toBe('ACME01 MAIN\n');
    expect(sut.text('account')).toBe('HARB009 HARB009\n');
  });

  it('a value with whitespace cannot split or add a text line', () => {
    const odd: SeatRef = {
      customerId: HARB,
      userId: 'front desk\nip 0.0.0.0/0',
      sipUsername: null,
      did: null,
      groupExternalId: null,
    };
    const sut = new BlocklistIndex([entry('seat', odd.userId)], [...seats, odd], customers, 1);
    expect(sut.text()).toBe('seat HARB009 front%20desk%0Aip%200.0.0.0/0\n');
    expect(sut.text('ip')).toBe('');
  });

  it('finds the most specific matches among thousands of CIDRs of mixed lengths', () => {
    const many = Array.from({ length: 2000 }, (_, i) => entry('ip', `10.${i >> 8}.${i & 255}.0/24`, null));
    const sut = new BlocklistIndex(
      [...many, entry('ip', '10.3.7.9/32', null), entry('ip', '10.0.0.0/8', null)],
      seats,
      customers,
      1,
    );
    expect(sut.authorize({ sourceIp: '10.3.7.9', callee: '+1212' }).reasons).toEqual([
      'source IP 10.3.7.9 is blocked by ip 10.3.7.9/32 (FRD-000001)',
      'source IP 10.3.7.9 is blocked by ip 10.3.7.0/24 (FRD-000001)',
      'source IP 10.3.7.9 is blocked by ip 10.0.0.0/8 (FRD-000001)',
    ]);
    expect(sut.authorize({ sourceIp: '11.3.7.9', callee: '+1212' }).decision).toBe('allow');
  });
});
