import { describe, expect, it } from 'vitest';
import { cidrContains, displayCidr, normalizeIp, parseCidr, parseIp } from './ip.js';

describe(normalizeIp.name, () => {
  it.each([
    '192.0.2.20',
    '::ffff:192.0.2.20',
    '::FFFF:192.0.2.20',
    '::ffff:c000:214',
    '::FFFF:C000:0214',
    '0:0:0:0:0:ffff:192.0.2.20',
    '0000:0000:0000:0000:0000:FFFF:C000:0214',
    ' ::ffff:192.0.2.20 ',
  ])('%j is 192.0.2.20', (spelling) => {
    expect(normalizeIp(spelling)).toBe('192.0.2.20');
  });

  it('writes IPv6 in lower case, compressed as PostgreSQL prints it', () => {
    expect(normalizeIp('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeIp('2001:db8::')).toBe('2001:db8::');
    expect(normalizeIp('::1')).toBe('::1');
  });

  it('keeps IPv6 that only looks like IPv4 (IPv4-compatible, NAT64) as IPv6', () => {
    expect(normalizeIp('::192.0.2.20')).toBe('::c000:214');
    expect(normalizeIp('64:ff9b::192.0.2.20')).toBe('64:ff9b::c000:214');
  });

  it('is null for what is not an address', () => {
    for (const bad of ['', 'nope', '192.0.2.256', '01.2.3.4', '192.0.2.0/24', '::ffff:192.0.2.300']) {
      expect(normalizeIp(bad)).toBeNull();
    }
  });
});

describe(parseIp.name, () => {
  it('an IPv4-mapped address is the IPv4 address', () => {
    expect(parseIp('::ffff:c000:214')).toEqual(parseIp('192.0.2.20'));
    expect(parseIp('::ffff:192.0.2.20')?.version).toBe(4);
  });
});

describe(parseCidr.name, () => {
  it('maps IPv4-mapped addresses and ranges to IPv4', () => {
    expect(parseCidr('::ffff:192.0.2.20')?.text).toBe('192.0.2.20/32');
    expect(parseCidr('::FFFF:C000:214/128')?.text).toBe('192.0.2.20/32');
    expect(parseCidr('::ffff:192.0.2.0/120')?.text).toBe('192.0.2.0/24');
    expect(parseCidr('::ffff:0:0/96')?.text).toBe('0.0.0.0/0');
    // Shorter than /96 reaches outside the mapped block: it stays IPv6.
    expect(parseCidr('::/95')?.text).toBe('::/95');
  });

  it('a mapped range contains the plain IPv4 address and the mapped one', () => {
    const range = parseCidr('::ffff:192.0.2.0/120')!;
    expect(cidrContains(range, parseIp('192.0.2.77')!)).toBe(true);
    expect(cidrContains(range, parseIp('::ffff:192.0.2.77')!)).toBe(true);
    expect(cidrContains(range, parseIp('192.0.3.1')!)).toBe(false);
  });

  it('refuses host bits, bad prefixes and garbage', () => {
    for (const bad of ['192.0.2.1/24', '192.0.2.0/33', '::ffff:192.0.2.1/120', '2001:db8::/129', 'x/8', '1/2/3']) {
      expect(parseCidr(bad)).toBeNull();
    }
  });

  it('displays single addresses without their prefix', () => {
    expect(displayCidr('::ffff:192.0.2.20/128')).toBe('192.0.2.20');
    expect(displayCidr('2001:db8::/32')).toBe('2001:db8::/32');
  });
});
