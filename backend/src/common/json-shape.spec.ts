import { describe, expect, it } from 'vitest';
import { checkJsonShape, JSON_LIMITS } from './json-shape.js';

const sut = (text: string) => () => checkJsonShape(Buffer.from(text, 'utf8'));

describe(checkJsonShape.name, () => {
  it('takes bodies within the limits, whatever their strings hold', () => {
    expect(sut('{"a":[1,{"b":"c"}],"d":null}')).not.toThrow();
    expect(sut(`{"s":"${'[{'.repeat(1_000)}","t":"\\"]}\\\\","u":"}}]]"}`)).not.toThrow();
    expect(sut('['.repeat(JSON_LIMITS.depth) + ']'.repeat(JSON_LIMITS.depth))).not.toThrow();
    expect(sut(`{"emoji":"😀 ✓ ü","k":{"__proto__x":1,"prototypes":2,"constructors":3}}`)).not.toThrow();
    expect(sut('{"a":')).not.toThrow(); // malformed: JSON.parse reports it
  });

  it('refuses nesting deeper than the limit, naming it', () => {
    expect(sut('['.repeat(10_000) + ']'.repeat(10_000))).toThrow(`nested deeper than ${JSON_LIMITS.depth} levels`);
    expect(sut('{"a":'.repeat(JSON_LIMITS.depth + 1) + '1' + '}'.repeat(JSON_LIMITS.depth + 1))).toThrow(
      'nested deeper',
    );
  });

  it('refuses objects with too many keys and arrays with too many items', () => {
    const keys = (n: number) => '{' + Array.from({ length: n }, (_, i) => `"k${i}":0`).join(',') + '}';
    expect(sut(keys(JSON_LIMITS.keysPerObject))).not.toThrow();
    expect(sut(keys(JSON_LIMITS.keysPerObject + 1))).toThrow(`more than ${JSON_LIMITS.keysPerObject} keys`);
    const items = (n: number) => `{"a":[${'0,'.repeat(n - 1)}0]}`;
    expect(sut(items(JSON_LIMITS.arrayItems))).not.toThrow();
    expect(sut(items(JSON_LIMITS.arrayItems + 1))).toThrow(`more than ${JSON_LIMITS.arrayItems} items`);
  });

  it.each([
    '{"__proto__":{"polluted":true}}',
    '{"a":1,"constructor":{"prototype":{}}}',
    '{"a":[{"prototype":1}]}',
    '{"\\u005f_proto__":1}',
    '{ "__proto__" : 1 }',
  ])('refuses prototype keys: %s', (body) => {
    expect(sut(body)).toThrow(/has a "(__proto__|constructor|prototype)" key/);
  });

  it('takes prototype words as values', () => {
    expect(sut('{"type":"__proto__","kind":["constructor","prototype"]}')).not.toThrow();
  });
});
