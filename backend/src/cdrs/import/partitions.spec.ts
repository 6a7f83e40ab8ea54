import { describe, expect, it } from 'vitest';
import { PARTITIONS_AHEAD, daysToCreate, partitionName } from './partitions.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('CDR day partitions', () => {
  it('names a UTC day cdrs_YYYYMMDD', () => {
    expect(partitionName(day('2025-05-14'))).toBe('cdrs_20250514');
    expect(partitionName(0)).toBe('cdrs_19700101');
  });

  it('creates a missing day and the week that follows it', () => {
    const sut = daysToCreate([day('2025-05-14')], new Set());
    expect(sut.map(partitionName)).toEqual([
      'cdrs_20250514',
      'cdrs_20250515',
      'cdrs_20250516',
      'cdrs_20250517',
      'cdrs_20250518',
      'cdrs_20250519',
      'cdrs_20250520',
    ]);
    expect(sut).toHaveLength(PARTITIONS_AHEAD);
  });

  it('creates nothing for days that exist, and skips the known days of a week ahead', () => {
    const known = new Set(['cdrs_20250514', 'cdrs_20250516']);
    expect(daysToCreate([day('2025-05-14')], known)).toEqual([]);
    expect(daysToCreate([day('2025-05-13')], known).map(partitionName)).toEqual([
      'cdrs_20250513',
      'cdrs_20250515',
      'cdrs_20250517',
      'cdrs_20250518',
      'cdrs_20250519',
    ]);
  });

  it('merges the weeks of several missing days, in order', () => {
    const sut = daysToCreate([day('2025-05-20'), day('2025-05-14')], new Set());
    expect(sut).toEqual([...new Set(sut)]);
    expect(sut[0]).toBe(day('2025-05-14'));
    expect(sut.at(-1)).toBe(day('2025-05-26'));
    expect(sut).toHaveLength(13);
  });
});
