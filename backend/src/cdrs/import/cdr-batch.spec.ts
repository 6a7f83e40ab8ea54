import { describe, expect, it } from 'vitest';
import { enrichCdr } from '../enrichment/enrich.js';
import type { ParsedCdr } from '../parsing/cdr-record.js';
import { CARIBBEAN, CdrBatchBuilder, INTERNATIONAL, NONE, TOLL_FREE } from './cdr-batch.js';

const cdr = (i: number, over: Partial<ParsedCdr> = {}): ParsedCdr => ({
  callId: `c-${i}`,
  identity: `c-${i}`,
  accountCode: null,
  sourceIp: `198.51.100.${i % 3}`,
  sipUser: null,
  callerNumber: '+16175550142',
  calledNumber: ['+12685550169', '+18005550100', '+14155550100'][i % 3],
  callerName: null,
  startedAt: new Date(Date.UTC(2025, 4, 14) + i * 1000),
  answeredAt: i % 2 ? null : new Date(Date.UTC(2025, 4, 14) + i * 1000 + 500),
  endedAt: null,
  durationSec: 10,
  billsec: i % 2 ? 0 : 7,
  disposition: i % 2 ? 'NO ANSWER' : 'ANSWERED',
  hangupCause: null,
  sipCode: i % 2 ? 487 : null,
  ratePerMinute: null,
  cost: i % 2 ? null : 0.25,
  referenceMs: null,
  ...over,
});

describe(CdrBatchBuilder.name, () => {
  it('interns ids per batch, looks each seat group up once, and grows past its first capacity', () => {
    const lookups: string[] = [];
    const sut = new CdrBatchBuilder((seat) => (lookups.push(seat), seat === 's-1' ? 'g-1' : null), 2);
    for (let i = 0; i < 9; i++) {
      const c = cdr(i);
      sut.add(i % 4 === 3 ? null : 'cust-a', i % 3 === 0 ? null : `s-${i % 2}`, c, enrichCdr(c));
    }
    const b = sut.build('imp-1');
    expect(b).toMatchObject({ importId: 'imp-1', length: 9, customers: ['cust-a'], seats: ['s-1', 's-0'] });
    expect(lookups).toEqual(['s-1', 's-0']);
    expect(b.groups).toEqual(['g-1']);
    expect([...b.customer]).toEqual([0, 0, 0, NONE, 0, 0, 0, NONE, 0]);
    expect([...b.seat]).toEqual([NONE, 0, 1, NONE, 1, 0, NONE, 0, 1]);
    expect([...b.group]).toEqual([NONE, 0, NONE, NONE, NONE, 0, NONE, 0, NONE]);
    expect(b.sourceIps).toEqual(['198.51.100.0', '198.51.100.1', '198.51.100.2']);
    expect([...b.flags].slice(0, 3)).toEqual([CARIBBEAN | INTERNATIONAL, TOLL_FREE, 0]);
    expect(b.countries[b.country[0]]).toBe('AG');
    expect(b.calledE164.slice(0, 3)).toEqual(['+12685550169', '+18005550100', '+14155550100']);
    expect([...b.sipCode].slice(0, 2)).toEqual([0, 487]);
    expect(b.dispositions).toEqual(['ANSWERED', 'NO ANSWER']);
    expect(b.answerMs[1]).toBeNaN();
    expect(b.answerMs[0]).toBe(b.startMs[0] + 500);
    expect([...b.billsec].slice(0, 2)).toEqual([7, 0]);
    expect(b.cost[0]).toBe(0.25);
    expect(b.cost[1]).toBeNaN();
    for (const col of [b.customer, b.flags, b.startMs, b.cost]) expect(col.length).toBe(9);
    expect(b.callId).toHaveLength(9);
  });

  it('keeps only the rows at the given positions', () => {
    const sut = new CdrBatchBuilder(() => null);
    for (let i = 0; i < 5; i++) sut.add('cust-a', null, cdr(i), enrichCdr(cdr(i)));
    const b = sut.build('imp-2', [1, 4]);
    expect(b.length).toBe(2);
    expect(b.callId).toEqual(['c-1', 'c-4']);
    expect([...b.startMs]).toEqual([cdr(1).startedAt.getTime(), cdr(4).startedAt.getTime()]);
    expect(b.calledE164).toEqual(['+18005550100', '+18005550100']);
    expect([...b.billsec]).toEqual([0, 7]);
  });
});
