import { describe, expect, it } from 'vitest';
import { CsvSplitter, type CsvRecord, splitCsv } from './csv-splitter.js';

/** Feeds `input` in chunks of `size` (bytes for Buffers, code units for strings). */
function feed(input: Uint8Array | string, size: number, options?: { maxRecordChars?: number }): CsvRecord[] {
  const sut = new CsvSplitter(options);
  const out: CsvRecord[] = [];
  for (let i = 0; i < input.length; i += size) out.push(...sut.push(input.slice(i, i + size)));
  out.push(...sut.end());
  return out;
}

const rows = (records: CsvRecord[]) => records.map((r) => r.fields);

describe(CsvSplitter.name, () => {
  it('splits LF and CRLF records, with or without a final line break', () => {
    for (const text of ['a,b\nc,d\n', 'a,b\nc,d', 'a,b\r\nc,d\r\n', 'a,b\r\nc,d']) {
      expect(splitCsv(text)).toEqual([
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['c', 'd'] },
      ]);
    }
  });

  it('treats a bare CR as a line break (classic Mac files)', () => {
    expect(splitCsv('a,b\rc,d\r')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
    ]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(rows(splitCsv(',a,,\n,\n'))).toEqual([
      ['', 'a', '', ''],
      ['', ''],
    ]);
    expect(rows(splitCsv('a,'))).toEqual([['a', '']]);
  });

  it('unquotes fields with commas, doubled quotes and embedded line breaks', () => {
    const text = '"Smith, Alice","say ""hi""","l1\nl2\r\nl3\rl4"\n"",x\n';
    expect(splitCsv(text)).toEqual([
      { line: 1, fields: ['Smith, Alice', 'say "hi"', 'l1\nl2\r\nl3\rl4'] },
      { line: 5, fields: ['', 'x'] },
    ]);
  });

  it('skips empty lines but keeps counting them', () => {
    expect(splitCsv('\n\na\r\n\r\n\rb\n\n')).toEqual([
      { line: 3, fields: ['a'] },
      { line: 6, fields: ['b'] },
    ]);
  });

  it('keeps a lone quoted empty field as a record', () => {
    expect(splitCsv('""\n')).toEqual([{ line: 1, fields: [''] }]);
  });

  it('strips a UTF-8 BOM only at the very start', () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const input = Buffer.concat([bom, Buffer.from('a\n\uFEFFb\n')]);
    for (const size of [1, 2, 3, 100]) expect(rows(feed(input, size))).toEqual([['a'], ['\uFEFFb']]);
  });

  it('reassembles multi-byte characters split across Buffer chunks', () => {
    const input = Buffer.from('"Zoë Ångström",😀,日本\n"x€",y\n');
    for (let size = 1; size <= 7; size++) {
      expect(rows(feed(input, size))).toEqual([
        ['Zoë Ångström', '😀', '日本'],
        ['x€', 'y'],
      ]);
    }
  });

  it('handles a CRLF, an escaped quote or an empty line split across chunks', () => {
    const text = 'a,"b""c"\r\n\r\n"d\r\ne",f\r\n';
    for (let size = 1; size <= text.length; size++) {
      expect(feed(text, size)).toEqual([
        { line: 1, fields: ['a', 'b"c'] },
        { line: 3, fields: ['d\r\ne', 'f'] },
      ]);
    }
  });

  it('reads a quoted field written after a space or tab (FreeSWITCH `, "${accountcode}"` templates), in any chunking', () => {
    const text = '"a","b", "c,d",\t"e""f",g\n';
    for (let size = 1; size <= text.length; size++) {
      expect(feed(text, size)).toEqual([{ line: 1, fields: ['a', 'b', 'c,d', 'e"f', 'g'] }]);
    }
  });

  describe('malformed input', () => {
    it('keeps a quote inside an unquoted field and reports it', () => {
      expect(splitCsv('ab"c,d\ne,f\n')).toEqual([
        { line: 1, fields: ['ab"c', 'd'], error: 'unexpected quote in unquoted field 1' },
        { line: 2, fields: ['e', 'f'] },
      ]);
    });

    it('appends text after a closing quote and reports it', () => {
      expect(splitCsv('x,"ab"cd,e\n')).toEqual([
        { line: 1, fields: ['x', 'abcd', 'e'], error: 'unexpected text after closing quote in field 2' },
      ]);
    });

    it('reports an unterminated quote at end of input with the text collected', () => {
      expect(splitCsv('a,b\nc,"d\ne')).toEqual([
        { line: 1, fields: ['a', 'b'] },
        { line: 2, fields: ['c', 'd\ne'], error: 'unterminated quoted field' },
      ]);
    });

    it('drops an oversize record and resynchronises at the next line break', () => {
      const long = 'x'.repeat(200);
      const text = `a,b\n${long},${long}\n"${long}\nshort",z\nc,d\n`;
      for (const size of [7, 64, 10_000]) {
        expect(feed(text, size, { maxRecordChars: 100 })).toEqual([
          { line: 1, fields: ['a', 'b'] },
          { line: 2, fields: [], error: 'record exceeds 100 characters' },
          { line: 3, fields: [], error: 'record exceeds 100 characters' },
          // The rest of the broken quoted record is a line of its own after resync.
          { line: 4, fields: ['short"', 'z'], error: 'unexpected quote in unquoted field 1' },
          { line: 5, fields: ['c', 'd'] },
        ]);
      }
    });

    it('bounds memory on megabytes of binary garbage without line breaks', () => {
      const sut = new CsvSplitter();
      const garbage = Buffer.alloc(1 << 20).map((_, i) => {
        const b = (i * 31 + 7) & 0xff;
        return b === 10 || b === 13 ? 0 : b;
      });
      const out: CsvRecord[] = [];
      for (let k = 0; k < 8; k++) {
        out.push(...sut.push(garbage));
        // Nothing of the dropped record is carried from chunk to chunk.
        expect((sut as unknown as { field: string }).field).toBe('');
      }
      out.push(...sut.push(Buffer.from('\nok,1\n')), ...sut.end());
      expect(out).toEqual([
        { line: 1, fields: [], error: 'record exceeds 65536 characters' },
        { line: 2, fields: ['ok', '1'] },
      ]);
    });

    it('survives random bytes at every chunk size', () => {
      let seed = 42;
      const bytes = Buffer.alloc(5000, 0).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
      for (const size of [1, 13, 4096]) {
        const out = feed(bytes, size);
        expect(out.length).toBeGreaterThan(0);
        for (const r of out) expect(r.line).toBeGreaterThanOrEqual(1);
      }
    });
  });
});
