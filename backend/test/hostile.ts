// The hostile-value table of the input sweep (test/hostile-sweep.int.spec.ts), reusable by other specs.

/** A 100 KB string; in URLs it mostly meets Node's 16 KB header limit, so URLs also get an 8 KB one. */
export const LONG = 'x'.repeat(100_000);
export const LONG_URL = 'x'.repeat(8_000);

/** String values for path params, query params and JSON string fields. */
export const HOSTILE_STRINGS: readonly string[] = [
  'a\u0000b',
  '\u0000',
  '\ud800',
  'a\udc00b',
  '1e309',
  '-1',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  '-0',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'prototype',
  '9999-12-31',
  '0000-01-01',
  '-infinity',
  'infinity',
  '275760-09-13',
  '+275760-09-13T00:00:00.000Z',
  '9999-12-31T23:59:59Z',
  '0001-01-01T00:00:00Z',
  '300000-01-01',
  '-000001-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999-23:59',
  '../../etc/passwd',
  '%00',
  "'; SELECT pg_sleep(1); --",
  ' ',
  '',
];

/** Raw JSON values for body fields (numbers JSON.stringify cannot write, objects with prototype keys, ...). */
export const HOSTILE_JSON_VALUES: readonly string[] = [
  ...HOSTILE_STRINGS.map((s) => JSON.stringify(s)),
  JSON.stringify(LONG),
  '1e309',
  '-1e309',
  '-1',
  '99999999999999999999999',
  '2147483648',
  '9223372036854775808',
  '1.5',
  '0',
  '-0',
  'null',
  'true',
  '[]',
  '{}',
  '[{}]',
  '["a\\u0000b"]',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"a\\u0000b":1}',
  '[' + '['.repeat(2_000) + ']'.repeat(2_000) + ']',
];

const deep = (open: string, leaf: string, close: string, n: number) => open.repeat(n) + leaf + close.repeat(n);

/** Whole JSON bodies: deep, wide, prototype keys, the wrong shape, malformed. */
export const HOSTILE_BODIES: Record<string, string> = {
  deepArrays: deep('[', '', ']', 20_000),
  deepObjects: deep('{"a":', '1', '}', 20_000),
  deepInField: `{"email":${deep('[', '', ']', 20_000)},"password":"x"}`,
  deepMixed: deep('{"a":[', '1', ']}', 10_000),
  wideObject: '{' + Array.from({ length: 100_000 }, (_, i) => `"${i.toString(36)}":0`).join(',') + '}',
  wideArray: '[' + '0,'.repeat(199_999) + '0]',
  wideField: `{"customers":[${'{},'.repeat(99_999)}{}]}`,
  protoKey: '{"__proto__":{"role":"admin","polluted":true}}',
  protoKeyEscaped: '{"\\u005f_proto__":{"polluted":true}}',
  constructorKey: '{"constructor":{"prototype":{"polluted":true}}}',
  prototypeKey: '{"prototype":{"polluted":true}}',
  nestedProtoKey: '{"customers":[{"__proto__":{"polluted":true},"name":"x"}]}',
  nulKey: '{"a\\u0000b":1}',
  surrogateKey: '{"\\ud800":1}',
  emptyArray: '[]',
  arrayOfObject: '[{}]',
  string: '"string"',
  number: '1e309',
  null: 'null',
  true: 'true',
  malformed: '{"a":',
  trailingComma: '{"a":1,}',
  nanToken: '{"a":NaN}',
  bom: '\ufeff{}',
  empty: '',
};

/** Bodies for streamed uploads (CDR import, rate deck). */
export const HOSTILE_UPLOADS: Record<string, Buffer> = {
  binaryGarbage: pseudoRandomBytes(64 * 1024, 7),
  nulBytes: Buffer.alloc(4096, 0),
  nulInCsv: Buffer.from('Call ID,Start,To,Duration,Billsec\nc-1,2025-05-14T09:00:00Z,+12125550100,\u0000,1\n'),
  cesuSurrogate: Buffer.concat([
    Buffer.from('Call ID,Start,To,Duration,Billsec\nc-\xed\xa0\x80,2025-05-14T09:00:00Z,+1212', 'latin1'),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from('5550100,10,5\n'),
  ]),
  hostileRows: Buffer.from(
    [
      'Call ID,Start,To,Duration,Billsec,Cost,Rate',
      'h-1,9999-12-31T23:59:59Z,+12125550100,10,5,,',
      'h-2,0001-01-01T00:00:00Z,+12125550100,10,5,,',
      'h-3,2025-05-14T09:00:00Z,+12125550100,99999999999999999999,5,,',
      'h-4,2025-05-14T09:00:00Z,+12125550100,10,5,1e300,',
      'h-5,2025-05-14T09:00:00Z,+12125550100,10,5,,1e300',
      'h-6,2025-05-14T09:00:00Z,+12125550100,3000000000,3000000000,,',
      'h-7,2025-05-14T09:00:00Z,+12125550100,10,5,99999999999,',
      'h-8,2025-05-14T09:00:00Z,__proto__,10,5,,',
    ].join('\n') + '\n',
  ),
  headerOnly: Buffer.from('Call ID,Start,To,Duration,Billsec\n'),
  hugeLine: Buffer.from('a,'.repeat(200_000) + '\n'),
  empty: Buffer.alloc(0),
};

/** Multipart file names. */
export const HOSTILE_FILENAMES: readonly string[] = [
  '../../etc/passwd',
  'a\u0000b.csv',
  'x'.repeat(10_000) + '.csv',
  '\ud800.csv',
  '__proto__',
];

/** Cursors: base64url JSON arrays whose elements overflow, are not the right type, or hold NUL/surrogates. */
export function hostileCursors(): string[] {
  const elements: unknown[] = [
    '99999999999999999999999',
    1e23,
    1e308,
    -1,
    1.5,
    'a\u0000b',
    '\ud800',
    '9999-12-31',
    '275760-09-13T00:00:00Z',
    '-infinity',
    null,
    {},
    [],
    true,
    '__proto__',
  ];
  const bases: unknown[][] = [
    ['1'],
    ['2025-05-14T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'],
    ['2025-05-14T00:00:00.000Z', '1'],
    ['a', '00000000-0000-4000-8000-000000000000'],
    [1, '1747180800000000', '00000000-0000-4000-8000-000000000000'],
  ];
  const out = new Set<string>();
  const enc = (v: unknown[]) => Buffer.from(JSON.stringify(v)).toString('base64url');
  for (const base of bases) {
    for (const h of elements) {
      out.add(enc(base.map(() => h)));
      for (let i = 0; i < base.length; i++) out.add(enc(base.map((b, j) => (i === j ? h : b))));
    }
  }
  for (const junk of ['!!!', 'bnVsbA', 'e30', 'W10', LONG_URL]) out.add(junk);
  return [...out];
}

/** encodeURIComponent that also writes lone surrogates (as their WTF-8 bytes) instead of throwing. */
export function encodeUriLoose(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const next = s.charCodeAt(i + 1);
    if (c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(s.slice(i, i + 2));
      i++;
    } else if (c >= 0xd800 && c <= 0xdfff) {
      for (const b of [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f)]) {
        out += '%' + b.toString(16).toUpperCase();
      }
    } else {
      out += encodeURIComponent(s[i]);
    }
  }
  return out;
}

function pseudoRandomBytes(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (x * 1_103_515_245 + 12_345) & 0x7fffffff;
    b[i] = x >> 16;
  }
  return b;
}

/** Runs `tasks` with at most `limit` in flight. */
export async function runPooled<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}
