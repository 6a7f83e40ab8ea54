import { bench, describe } from 'vitest';
import { enrichCdr } from './enrich.js';
import { normalizeNumber } from '../../common/phone/phone-number.js';
import { RateDeck } from './rate-deck.js';

// `npx vitest bench src/cdrs`: lookups/s = hz × LOOKUPS.
const LOOKUPS = 100_000;

// A carrier-sized deck: 20,000 prefixes of 1-8 digits.
let seed = 7;
const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const lines: string[] = [];
const prefixes = new Set<string>();
while (prefixes.size < 20_000) prefixes.add(String(Math.floor(rand() * 1e8)).slice(0, 1 + Math.floor(rand() * 8)));
for (const p of prefixes) lines.push(`${p},Destination ${p},${(rand() * 2).toFixed(4)}`);
const deck = RateDeck.fromCsv(lines.join('\n'));
const numbers = Array.from({ length: LOOKUPS }, () => `+${String(Math.floor(rand() * 1e12)).padStart(12, '1')}`);
const raw = Array.from({ length: LOOKUPS }, (_, i) =>
  i % 3 === 0 ? `011${numbers[i].slice(1)}` : i % 3 === 1 ? '(212) 555-0101' : numbers[i],
);

describe('RateDeck', () => {
  bench(`${LOOKUPS} longest-prefix lookups (20k-prefix deck)`, () => {
    for (const n of numbers) deck.lookup(n);
  });
  bench(`${LOOKUPS} normalizeNumber`, () => {
    for (const n of raw) normalizeNumber(n);
  });
  bench(`${LOOKUPS} enrichCdr`, () => {
    for (let i = 0; i < LOOKUPS; i++) {
      enrichCdr(
        { callerNumber: '2125550101', calledNumber: raw[i], billsec: 60, ratePerMinute: null, cost: null },
        { customerState: 'NY', rateDeck: deck },
      );
    }
  });
});
