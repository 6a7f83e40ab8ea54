import { describe, expect, it } from 'vitest';
import { parseCidr } from '../common/ip.js';
import { type OwnedRange, overlappingRanges } from './ip-ownership.js';

const range = (owner: string, text: string, proposed = true): OwnedRange => ({
  ownerKey: owner,
  owner: { customerId: null, accountCode: owner, name: owner },
  cidr: parseCidr(text)!,
  proposed,
});
const pairs = (ranges: OwnedRange[]) =>
  overlappingRanges(ranges)
    .map(([a, b]) => [`${a.ownerKey} ${a.cidr.text}`, `${b.ownerKey} ${b.cidr.text}`].sort().join(' ~ '))
    .sort();

describe(overlappingRanges.name, () => {
  it('finds equal, nested and containing ranges of different owners', () => {
    expect(
      pairs([
        range('A', '203.0.113.10'),
        range('B', '203.0.113.10'),
        range('C', '203.0.113.0/24'),
        range('D', '198.51.100.0/28'),
        range('E', '198.51.100.16/28'),
      ]),
    ).toEqual([
      'A 203.0.113.10/32 ~ B 203.0.113.10/32',
      'A 203.0.113.10/32 ~ C 203.0.113.0/24',
      'B 203.0.113.10/32 ~ C 203.0.113.0/24',
    ]);
  });

  it('lets one owner’s ranges nest, and keeps IPv4 and IPv6 apart', () => {
    expect(pairs([range('A', '10.0.0.0/8'), range('A', '10.1.0.0/16'), range('B', '::a00:0/104')])).toEqual([]);
    expect(pairs([range('A', '2001:db8::/32'), range('B', '2001:db8:1::/48')])).toEqual([
      'A 2001:db8::/32 ~ B 2001:db8:1::/48',
    ]);
  });

  it('reports nested ranges below a closed one (the sweep pops what has ended)', () => {
    expect(
      pairs([
        range('A', '10.0.0.0/30'),
        range('B', '10.0.0.8/29'),
        range('C', '10.0.0.12/30'),
        range('D', '10.0.0.0/24'),
      ]),
    ).toEqual([
      'A 10.0.0.0/30 ~ D 10.0.0.0/24',
      'B 10.0.0.8/29 ~ C 10.0.0.12/30',
      'B 10.0.0.8/29 ~ D 10.0.0.0/24',
      'C 10.0.0.12/30 ~ D 10.0.0.0/24',
    ]);
  });

  it('ignores overlaps that are already stored (neither side proposed)', () => {
    expect(pairs([range('A', '10.0.0.0/8', false), range('B', '10.0.0.1', false)])).toEqual([]);
    expect(pairs([range('A', '10.0.0.0/8', false), range('B', '10.0.0.1', true)])).toEqual([
      'A 10.0.0.0/8 ~ B 10.0.0.1/32',
    ]);
  });

  it('agrees with a brute-force comparison on random ranges', () => {
    let seed = 7;
    const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n;
    const ranges: OwnedRange[] = [];
    for (let i = 0; i < 300; i++) {
      const prefix = 20 + rnd(13);
      const base = (10 << 24) | (rnd(1 << 14) << 4);
      const net = (base >>> (32 - prefix)) << (32 - prefix);
      const text = `${[24, 16, 8, 0].map((s) => (net >>> s) & 255).join('.')}/${prefix}`;
      ranges.push(range(`O${rnd(20)}`, text, rnd(2) === 0));
    }
    const brute: string[] = [];
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        const [a, b] = [ranges[i], ranges[j]];
        if (a.ownerKey === b.ownerKey || (!a.proposed && !b.proposed)) continue;
        const p = BigInt(32 - Math.min(a.cidr.prefix, b.cidr.prefix));
        if (a.cidr.network >> p === b.cidr.network >> p) {
          brute.push([`${a.ownerKey} ${a.cidr.text}`, `${b.ownerKey} ${b.cidr.text}`].sort().join(' ~ '));
        }
      }
    }
    expect(pairs(ranges)).toEqual(brute.sort());
  });
});
