import { FormControl } from '@angular/forms';
import { matchTimeZones, timeZoneValidator } from './time-zones';

describe('timeZoneValidator', () => {
  const validate = (value: string) => timeZoneValidator(new FormControl(value));

  it('accepts IANA time zone names', () => {
    expect(validate('America/New_York')).toBeNull();
    expect(validate('Europe/Madrid')).toBeNull();
    expect(validate('UTC')).toBeNull();
  });

  it('rejects anything else', () => {
    expect(validate('EST5EDT-ish')).toEqual({ timeZone: true });
    expect(validate('New York')).toEqual({ timeZone: true });
  });

  it('leaves an empty value to the required validator', () => {
    expect(validate('')).toBeNull();
  });
});

describe('matchTimeZones', () => {
  it('finds zones by any part of the name, spaces as underscores', () => {
    expect(matchTimeZones('new york')).toContain('America/New_York');
  });
});
