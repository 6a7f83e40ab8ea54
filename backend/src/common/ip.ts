import { isIP } from 'node:net';

export interface Cidr {
  version: 4 | 6;
  network: bigint;
  prefix: number;
  /** Canonical text, always with the prefix: `203.0.113.10/32`. */
  text: string;
}

function ipToBigInt(ip: string, version: 4 | 6): bigint {
  if (version === 4) return ip.split('.').reduce((acc, o) => (acc << 8n) | BigInt(Number(o)), 0n);
  const [head, tail] = ip.split('::') as [string, string | undefined];
  // An IPv4-mapped tail (::ffff:1.2.3.4) becomes two hextets.
  const expand = (part: string) =>
    part
      ? part.split(':').flatMap((h) => {
          if (!h.includes('.')) return [h];
          const v = ipToBigInt(h, 4);
          return [(v >> 16n).toString(16), (v & 0xffffn).toString(16)];
        })
      : [];
  const left = expand(head);
  const right = tail === undefined ? [] : expand(tail);
  const fill = tail === undefined ? [] : Array(8 - left.length - right.length).fill('0');
  return [...left, ...fill, ...right].reduce((acc, h) => (acc << 16n) | BigInt(parseInt(h || '0', 16)), 0n);
}

function bigIntToIp(n: bigint, version: 4 | 6): string {
  if (version === 4) return [24n, 16n, 8n, 0n].map((s) => Number((n >> s) & 0xffn)).join('.');
  const parts = [];
  for (let s = 112n; s >= 0n; s -= 16n) parts.push(((n >> s) & 0xffffn).toString(16));
  // Compress the longest run of zeros, as PostgreSQL prints it.
  let best = [-1, 0];
  for (let i = 0; i < 8;) {
    if (parts[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && parts[j] === '0') j++;
    if (j - i > best[1] && j - i > 1) best = [i, j - i];
    i = j;
  }
  if (best[0] < 0) return parts.join(':');
  return `${parts.slice(0, best[0]).join(':')}::${parts.slice(best[0] + best[1]).join(':')}`;
}

/** `::ffff:0:0/96`: an IPv4 address written as IPv6 (IPv4-mapped), in any of its spellings. */
const V4_MAPPED_PREFIX = 0xffffn;

function isV4Mapped(value: bigint): boolean {
  return value >> 32n === V4_MAPPED_PREFIX;
}

/**
 * Parses an IP or CIDR; null if it is neither or has host bits set beyond the prefix. IPv4-mapped
 * IPv6 (`::ffff:192.0.2.0/120`) is the IPv4 range (`192.0.2.0/24`): one address, one spelling.
 */
export function parseCidr(input: string): Cidr | null {
  const [ip, bits, extra] = input.trim().split('/');
  if (extra !== undefined) return null;
  const v = isIP(ip);
  if (v !== 4 && v !== 6) return null;
  const width = v === 4 ? 32 : 128;
  if (bits !== undefined && !/^\d{1,3}$/.test(bits)) return null;
  const prefix = bits === undefined ? width : Number(bits);
  if (prefix > width) return null;
  const value = ipToBigInt(ip, v);
  const hostMask = (1n << BigInt(width - prefix)) - 1n;
  if ((value & hostMask) !== 0n) return null;
  if (v === 6 && prefix >= 96 && isV4Mapped(value)) {
    const v4 = value & 0xffffffffn;
    return { version: 4, network: v4, prefix: prefix - 96, text: `${bigIntToIp(v4, 4)}/${prefix - 96}` };
  }
  return { version: v, network: value, prefix, text: `${bigIntToIp(value, v)}/${prefix}` };
}

/** Parses an address; IPv4-mapped IPv6 (`::ffff:192.0.2.20`, `::FFFF:C000:214`, …) is the IPv4 address. */
export function parseIp(ip: string): { version: 4 | 6; value: bigint } | null {
  const text = ip.trim();
  const v = isIP(text);
  if (v !== 4 && v !== 6) return null;
  const value = ipToBigInt(text, v);
  if (v === 6 && isV4Mapped(value)) return { version: 4, value: value & 0xffffffffn };
  return { version: v, value };
}

/**
 * The one spelling of an address that every comparison uses (authorize, blocklist, CDR matching,
 * inventory): IPv4-mapped IPv6 becomes IPv4, IPv6 is lower-case and compressed as PostgreSQL prints it.
 * Null when it is not an address.
 */
export function normalizeIp(ip: string): string | null {
  const text = ip.trim();
  // Hot path (CDR import): Node's isIP accepts only canonical dotted quads (no leading zeros).
  if (isIP(text) === 4) return text;
  const parsed = parseIp(text);
  return parsed ? bigIntToIp(parsed.value, parsed.version) : null;
}

export function cidrContains(c: Cidr, ip: { version: 4 | 6; value: bigint }): boolean {
  if (c.version !== ip.version) return false;
  const width = c.version === 4 ? 32 : 128;
  return ip.value >> BigInt(width - c.prefix) === c.network >> BigInt(width - c.prefix);
}

/** `203.0.113.10/32` → `203.0.113.10`; wider prefixes keep their suffix. */
export function displayCidr(text: string): string {
  const c = parseCidr(text);
  if (!c) return text;
  const full = c.version === 4 ? 32 : 128;
  return c.prefix === full ? c.text.split('/')[0] : c.text;
}
