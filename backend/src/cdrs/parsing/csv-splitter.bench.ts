import { bench, describe } from 'vitest';
import { CsvSplitter } from './csv-splitter.js';

// `npx vitest bench src/cdrs`: rows/s = hz × ROWS.
const ROWS = 100_000;

function chunks(text: string): Buffer[] {
  const buf = Buffer.from(text);
  const out: Buffer[] = [];
  for (let i = 0; i < buf.length; i += 65_536) out.push(buf.subarray(i, i + 65_536));
  return out;
}

const simple = chunks(
  Array.from(
    { length: ROWS },
    (_, i) => `c${i},acct42,203.0.113.7,alice,2125550101,442079460${i % 1000},2024-03-10T07:30:00Z,,62,60\n`,
  ).join(''),
);
const quoted = chunks(
  Array.from(
    { length: ROWS },
    (_, i) =>
      `"acct42","2125550101","01144207946${i % 1000}","from-internal","""Alice Smith"" <2125550101>","SIP/alice-0000001a","SIP/trunk-0000001b","Dial","SIP/trunk/01144,60","2024-03-10 02:30:00","2024-03-10 02:30:05","2024-03-10 02:31:05","65","60","ANSWERED","DOCUMENTATION","1710037800.${i}","203.0.113.7"\n`,
  ).join(''),
);

function run(input: Buffer[]): number {
  const sut = new CsvSplitter();
  let n = 0;
  for (const chunk of input) n += sut.push(chunk).length;
  return n + sut.end().length;
}

describe('CsvSplitter', () => {
  bench(`${ROWS} simple 10-field rows`, () => void run(simple));
  bench(`${ROWS} quoted 18-field Asterisk rows`, () => void run(quoted));
});
