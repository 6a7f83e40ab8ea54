import { describe, expect, it } from 'vitest';
import { copyField } from './copy-row.js';

describe('copyField (COPY text format)', () => {
  it.each([
    [null, '\\N'],
    [undefined, '\\N'],
    ['plain +16175550142', 'plain +16175550142'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['back\\slash', 'back\\\\slash'],
    ['\\N', '\\\\N'],
    [42, '42'],
    [true, 'true'],
  ])('%j → %j', (input, expected) => {
    expect(copyField(input as string | null)).toBe(expected);
  });
});
