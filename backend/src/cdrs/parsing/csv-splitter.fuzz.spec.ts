import { parse } from 'csv-parse/sync';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../test/seeded-random.js';
import { CsvSplitter, type CsvRecord } from './csv-splitter.js';

const PIECES = [
  'a',
  'Z',
  '7',
  ' ',
  ',',
  '"',
  '""',
  '\r',
  '\n',
  '\r\n',
  'ë',
  'Å',
  '€',
  '日本',
  '😀',
  ';',
  "'",
  '\t',
  '+1 (212)',
];

interface Case {
  text: string;
  /** The same document with no blanks before quoted fields: what csv-parse, the oracle, reads. */
  strict: string;
  records: string[][];
  lines: number[];
}

/** Random records, serialised with random quoting, line endings, blank lines and BOM. */
function generate(rand: () => number): Case {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const eol = rand() < 0.5 ? '\n' : '\r\n';
  const records: string[][] = [];
  const lines: number[] = [];
  let text = rand() < 0.2 ? '\uFEFF' : '';
  let strict = text;
  let line = 1;
  const count = 1 + Math.floor(rand() * 40);
  for (let r = 0; r < count; r++) {
    while (rand() < 0.1) {
      text += eol;
      strict += eol;
      line++;
    }
    const fields: string[] = [];
    const width = 1 + Math.floor(rand() * 8);
    for (let f = 0; f < width; f++) {
      let value = '';
      const len = rand() < 0.2 ? 0 : Math.floor(rand() * 12);
      for (let k = 0; k < len; k++) value += pick(PIECES);
      fields.push(value);
    }
    records.push(fields);
    lines.push(line);
    const written = fields.map((v) => {
      const mustQuote = /[",\r\n]/.test(v) || (fields.length === 1 && v === '');
      // Some writers put a blank after the comma before a quoted field (FreeSWITCH's snom template).
      const pad = rand() < 0.05 ? pick([' ', '\t', '  ']) : '';
      return mustQuote || rand() < 0.15 ? [`${pad}"${v.replace(/"/g, '""')}"`, `"${v.replace(/"/g, '""')}"`] : [v, v];
    });
    text += written.map((w) => w[0]).join(',');
    strict += written.map((w) => w[1]).join(',');
    line += countBreaks(fields.join(',')) + 1;
    if (r < count - 1 || rand() < 0.5) {
      text += eol;
      strict += eol;
    }
  }
  return { text, strict, records, lines };
}

function countBreaks(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\r') n++;
    else if (s[i] === '\n' && s[i - 1] !== '\r') n++;
  }
  return n;
}

function splitInRandomChunks(c: Case, rand: () => number): CsvRecord[] {
  const sut = new CsvSplitter();
  const out: CsvRecord[] = [];
  const asBuffer = rand() < 0.7;
  const input: Buffer | string = asBuffer ? Buffer.from(c.text, 'utf8') : c.text;
  let i = 0;
  while (i < input.length) {
    const size = rand() < 0.5 ? 1 + Math.floor(rand() * 4) : 1 + Math.floor(rand() * 64);
    out.push(...sut.push(input.slice(i, i + size)));
    i += size;
  }
  out.push(...sut.end());
  return out;
}

/** Arbitrary text, malformed quoting included. */
function garbage(rand: () => number): string {
  const pieces = ['a', 'bc', ',', '"', '""', '\r', '\n', '\r\n', 'é', '😀', ' ', '\u0000'];
  let text = '';
  const len = Math.floor(rand() * 200);
  for (let i = 0; i < len; i++) text += pieces[Math.floor(rand() * pieces.length)];
  return text;
}

function chunked(text: string, nextSize: () => number, maxRecordChars: number): CsvRecord[] {
  const sut = new CsvSplitter({ maxRecordChars });
  const out: CsvRecord[] = [];
  const input = Buffer.from(text, 'utf8');
  for (let i = 0; i < input.length;) {
    const size = nextSize();
    out.push(...sut.push(input.subarray(i, i + size)));
    i += size;
  }
  return [...out, ...sut.end()];
}

describe(`${CsvSplitter.name} fuzz`, () => {
  it('gives the same records (and errors) however malformed input is chunked', () => {
    for (let k = 0; k < 2000; k++) {
      const seed = 9_000 + k;
      const rand = mulberry32(seed);
      const text = garbage(rand);
      const maxRecordChars = rand() < 0.5 ? 40 : 65_536;
      const whole = chunked(text, () => Infinity, maxRecordChars);
      const pieces = chunked(text, () => 1 + Math.floor(rand() * 16), maxRecordChars);
      if (!isDeepStrictEqual(whole, pieces)) {
        expect(pieces, `seed ${seed}: ${JSON.stringify(text)}`).toEqual(whole);
      }
    }
  });

  it('round-trips 2000 random documents split at random chunk boundaries, agreeing with csv-parse', () => {
    const baseSeed = 20_240_601;
    let compared = 0;
    for (let k = 0; k < 2000; k++) {
      const seed = baseSeed + k;
      const rand = mulberry32(seed);
      const c = generate(rand);
      const got = splitInRandomChunks(c, rand);
      const oracle = parse(c.strict, { bom: true, skip_empty_lines: true, relax_column_count: true }) as string[][];
      const actual = {
        records: got.map((r) => r.fields),
        lines: got.map((r) => r.line),
        errors: got.filter((r) => r.error),
      };
      const expected = { records: c.records, lines: c.lines, errors: [] };
      // Only build the (large) failure message when something differs.
      if (!isDeepStrictEqual(actual, expected) || !isDeepStrictEqual(oracle, c.records)) {
        const context = `seed ${seed}: ${JSON.stringify(c.text)}`;
        expect(actual, context).toEqual(expected);
        expect(oracle, `csv-parse disagrees with the generator, ${context}`).toEqual(c.records);
      }
      compared += c.records.length;
    }
    expect(compared).toBeGreaterThan(30_000);
  });
});
