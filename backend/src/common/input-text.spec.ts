import { describe, expect, it } from 'vitest';
import { textProblems } from './input-text.js';

describe(textProblems.name, () => {
  it('names every string PostgreSQL cannot store as text, by its path', () => {
    expect(
      textProblems(
        {
          name: 'a\u0000b',
          ok: 'Zoë 😀',
          groups: [{ seats: [{ userId: 'x\ud800' }, { userId: '\udc00y' }] }],
          ['k\u0000']: 1,
        },
        '',
      ),
    ).toEqual([
      'name must not contain a NUL character (U+0000)',
      'groups.0.seats.0.userId must not contain an unpaired UTF-16 surrogate (not a character)',
      'groups.0.seats.1.userId must not contain an unpaired UTF-16 surrogate (not a character)',
      'a key ("k\\u0000") must not contain a NUL character (U+0000)',
    ]);
  });

  it('names a query or path parameter by its name', () => {
    expect(textProblems('\u0000', 'q')).toEqual(['q must not contain a NUL character (U+0000)']);
    expect(textProblems({ q: 'fine', cursor: 'x\ud83d' }, '')).toEqual([
      'cursor must not contain an unpaired UTF-16 surrogate (not a character)',
    ]);
  });

  it('takes numbers, booleans, null and well-formed text', () => {
    expect(textProblems({ a: 1, b: true, c: null, d: ['😀', 'ü'], e: { f: 'U+0000 spelled out' } }, '')).toEqual([]);
  });
});
