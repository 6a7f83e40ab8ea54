import metadata from 'libphonenumber-js/metadata.max.json';
import { describe, expect, it } from 'vitest';
import { isCaribbeanNanp, isTollFree, nanpAreaCode, nanpRegionOf, nanpTable } from './nanp-npa.js';

// Relief codes announced by NANPA but not yet in libphonenumber's metadata.
const ANNOUNCED = ['357', '436', '457', '624', '679', '729', '837', '861', '924'];
// Canadian non-geographic codes (libphonenumber does not list them as fixed/mobile).
const NON_GEOGRAPHIC = ['600', '622'];

/** NPAs libphonenumber accepts as fixed-line or mobile for a NANP country. */
function libphonenumberNpas(country: string): string[] {
  const plan = (metadata.countries as unknown as Record<string, unknown[]>)[country];
  const types = plan[11] as ([string] | 0 | undefined)[];
  const patterns = [types[0], types[1]]
    .filter((t): t is [string] => Array.isArray(t) && t[0] !== '')
    .map((t) => new RegExp(`^(?:${t[0]})$`));
  const out: string[] = [];
  for (let npa = 200; npa < 1000; npa++) {
    for (let nxx = 200; nxx < 1000; nxx++) {
      if (patterns.some((p) => p.test(`${npa}${nxx}4567`))) {
        out.push(String(npa));
        break;
      }
    }
  }
  return out;
}

describe('NANP area code table', () => {
  it('covers every NPA libphonenumber knows, with the same country', () => {
    const table = nanpTable();
    const problems: string[] = [];
    const listed = new Set<string>();
    for (const country of (metadata.country_calling_codes as Record<string, string[]>)['1']) {
      for (const npa of libphonenumberNpas(country)) {
        listed.add(npa);
        const region = table.get(npa);
        if (region?.country !== country)
          problems.push(`${npa}: ${region?.country ?? 'missing'}, libphonenumber says ${country}`);
      }
    }
    expect(problems).toEqual([]);
    const extra = [...table.keys()].filter((npa) => !listed.has(npa)).sort();
    expect(extra).toEqual([...ANNOUNCED, ...NON_GEOGRAPHIC].sort());
  });

  it('has a state or province for every US and Canadian geographic NPA but the shared ones', () => {
    const stateless = [...nanpTable()]
      .filter(([, r]) => (r.country === 'US' || r.country === 'CA') && !r.state)
      .map(([npa]) => npa);
    expect(stateless.sort()).toEqual(['273', '600', '622', '867']);
  });

  it.each([
    ['+12125550101', { country: 'US', state: 'NY' }],
    ['+15185550199', { country: 'US', state: 'NY' }],
    ['+14155550100', { country: 'US', state: 'CA' }],
    ['+12025550100', { country: 'US', state: 'DC' }],
    ['+19075550100', { country: 'US', state: 'AK' }],
    ['+18085550100', { country: 'US', state: 'HI' }],
    ['+14165550100', { country: 'CA', state: 'ON' }],
    ['+15145550100', { country: 'CA', state: 'QC' }],
    ['+16045550100', { country: 'CA', state: 'BC' }],
    ['+19025550100', { country: 'CA', state: 'NS' }],
    ['+18675550100', { country: 'CA' }],
    ['+17875551234', { country: 'PR', state: 'PR' }],
    ['+19395551234', { country: 'PR', state: 'PR' }],
    ['+13405551234', { country: 'VI', state: 'VI' }],
    ['+16715551234', { country: 'GU', state: 'GU' }],
    ['+18095551234', { country: 'DO' }],
    ['+12425551234', { country: 'BS' }],
    ['+14415551234', { country: 'BM' }],
  ])('%s → %o', (e164, region) => {
    expect(nanpRegionOf(e164)).toEqual(region);
  });

  it('has no region for toll-free, non-geographic or non-NANP numbers', () => {
    expect(nanpRegionOf('+18005550100')).toBeNull();
    expect(nanpRegionOf('+19005550100')).toBeNull();
    expect(nanpRegionOf('+442079460000')).toBeNull();
    expect(nanpRegionOf('2125550101')).toBeNull();
    expect(nanpRegionOf(null)).toBeNull();
    expect(nanpAreaCode('+12125550101')).toBe('212');
    expect(nanpAreaCode('+442079460000')).toBeNull();
  });
});

describe(isCaribbeanNanp.name, () => {
  const caribbean = [
    '242',
    '246',
    '264',
    '268',
    '284',
    '345',
    '441',
    '473',
    '649',
    '658',
    '664',
    '721',
    '758',
    '767',
    '784',
    '809',
    '829',
    '849',
    '868',
    '869',
    '876',
  ];

  it.each(caribbean)('+1 %s is Caribbean', (npa) => {
    expect(isCaribbeanNanp(`+1${npa}5551234`)).toBe(true);
  });

  it.each(['787', '939', '340', '670', '671', '684', '212', '416', '800'])('+1 %s is not', (npa) => {
    expect(isCaribbeanNanp(`+1${npa}5551234`)).toBe(false);
  });

  it('is false for non-NANP numbers', () => {
    expect(isCaribbeanNanp('+442079460000')).toBe(false);
    expect(isCaribbeanNanp(null)).toBe(false);
  });
});

describe(isTollFree.name, () => {
  it.each(['800', '833', '844', '855', '866', '877', '888'])('+1 %s is toll-free', (npa) => {
    expect(isTollFree(`+1${npa}5550100`)).toBe(true);
  });

  it.each(['+19005550100', '+18095551234', '+18225550100', '+12125550101', '+448001234567', '8005550100'])(
    '%s is not',
    (e164) => {
      expect(isTollFree(e164)).toBe(false);
    },
  );
});
