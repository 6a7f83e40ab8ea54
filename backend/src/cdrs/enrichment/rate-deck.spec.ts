import { describe, expect, it } from 'vitest';
import { RateDeck, RateDeckError, costFor } from './rate-deck.js';

const DECK = `prefix,description,rate_per_minute
+371,Latvia,0.12
3712,Latvia mobile,0.25
37181,"Latvia premium, audiotex",1.9
1,USA/Canada,0.005
1809,Dominican Republic,0.19
44,United Kingdom,0.01
`;

describe(RateDeck.name, () => {
  const sut = RateDeck.fromCsv(DECK);

  it('finds the longest matching prefix', () => {
    expect(sut.lookup('+37167123456')).toEqual({ prefix: '371', description: 'Latvia', ratePerMinute: 0.12 });
    expect(sut.lookup('+37121234567')?.prefix).toBe('3712');
    expect(sut.lookup('+37181234567')).toEqual({
      prefix: '37181',
      description: 'Latvia premium, audiotex',
      ratePerMinute: 1.9,
    });
    expect(sut.lookup('+37180234567')?.prefix).toBe('371');
    expect(sut.lookup('+18095551234')?.prefix).toBe('1809');
    expect(sut.lookup('+12125550101')?.prefix).toBe('1');
    expect(sut.lookup('37121234567')?.prefix).toBe('3712'); // `+` optional
    expect(sut.lookup('+3712')?.prefix).toBe('3712'); // the whole number is a prefix
    expect(sut.lookup('+5351234567')).toBeNull();
    expect(sut.lookup(null)).toBeNull();
    expect(sut.size).toBe(6);
  });

  it('prices billsec per second, rounded to 6 decimals', () => {
    expect(sut.costOf('+37181234567', 90)).toBe(2.85);
    expect(sut.costOf('+37121234567', 7)).toBe(0.029167);
    expect(sut.costOf('+12125550101', 0)).toBe(0);
    expect(sut.costOf('+5351234567', 60)).toBeNull();
    expect(costFor(0.0125, 120)).toBe(0.025);
  });

  it('takes a deck without a header', () => {
    expect(RateDeck.fromCsv('371,Latvia,0.12\r\n3712,Latvia mobile,.25').lookup('+37121234567')?.ratePerMinute).toBe(
      0.25,
    );
  });

  it('reports every bad line with its number', () => {
    const { entries, errors } = RateDeck.parseCsv(
      [
        'prefix,description,rate',
        '371,Latvia,0.12',
        '+37A,Bad prefix,0.1',
        '44,UK',
        '372,Estonia,cheap',
        '373,Moldova,-1',
        '371,Latvia again,0.2',
        '',
        '374,"Armenia,0.3',
        '',
      ].join('\n'),
    );
    expect(entries).toEqual([{ prefix: '371', description: 'Latvia', ratePerMinute: 0.12 }]);
    expect(errors).toEqual([
      { line: 3, reason: 'prefix must be 1-15 digits (optionally after +), got "+37A"' },
      { line: 4, reason: 'expected 3 columns (prefix,description,rate_per_minute), got 2' },
      { line: 5, reason: 'rate_per_minute must be a non-negative number, got "cheap"' },
      { line: 6, reason: 'rate_per_minute must be a non-negative number, got "-1"' },
      { line: 7, reason: 'duplicate prefix 371 (first on line 2)' },
      { line: 9, reason: 'malformed CSV: unterminated quoted field' },
    ]);
    expect(() => RateDeck.fromCsv('371,Latvia,x')).toThrow(RateDeckError);
    expect(() => RateDeck.fromCsv('371,Latvia,x')).toThrow(
      'Invalid rate deck: line 1: rate_per_minute must be a non-negative number, got "x"',
    );
  });

  it('builds from stored rows', () => {
    const deck = RateDeck.fromRows([{ prefix: '+44', description: 'UK', ratePerMinute: 0.01 }]);
    expect(deck.lookup('+442079460000')).toEqual({ prefix: '44', description: 'UK', ratePerMinute: 0.01 });
  });
});
