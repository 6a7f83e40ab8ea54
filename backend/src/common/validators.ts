import { Transform } from 'class-transformer';
import { registerDecorator, ValidateIf, type ValidationOptions } from 'class-validator';
import { isPossiblePhoneNumber } from 'libphonenumber-js';
import { parseCidr } from './ip.js';
import { isStorableInstant, parseDayOrInstant } from './time.js';
import { isValidTimeZone } from './zoned-time.js';

/** An IANA zone name such as America/New_York (or UTC); abbreviations like EST are not zones a NOC should store. */
export function isIanaTimeZone(v: unknown): boolean {
  return typeof v === 'string' && (v === 'UTC' || (v.includes('/') && isValidTimeZone(v)));
}

export function IsIanaTimeZone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIanaTimeZone',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an IANA time zone such as America/New_York`, ...options },
      validator: { validate: isIanaTimeZone },
    });
}

/** A phone number in E.164 (`+16175550100`) that the numbering plan holds: where SMS go. */
export function IsE164Phone(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isE164Phone',
      target: object.constructor,
      propertyName,
      options: {
        message: (a) =>
          `${a.property} has ${JSON.stringify(a.value)}, which is not a phone number in E.164 (e.g. +16175550100)`,
        ...options,
      },
      validator: {
        validate: (v: unknown) => typeof v === 'string' && /^\+[1-9][0-9]{6,14}$/.test(v) && isPossiblePhoneNumber(v),
      },
    });
}

export function IsIpOrCidr(options?: ValidationOptions) {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isIpOrCidr',
      target: object.constructor,
      propertyName,
      options: {
        message: (a) => `${a.property} has "${a.value}", which is not an IP address or CIDR (host bits must be zero)`,
        ...options,
      },
      validator: { validate: (v: unknown) => typeof v === 'string' && parseCidr(v) !== null },
    });
}

/** Optional but not nullable: unlike IsOptional, `null` is validated (and so refused) — its column is NOT NULL. */
export function IsOptionalNotNull(options?: ValidationOptions) {
  return ValidateIf((_o, v) => v !== undefined, options);
}

/**
 * An ISO-8601 time (`2025-05-14T10:00:00Z`, an offset, or none for UTC; a bare day is its UTC midnight) in
 * the years 1000-9999, handed on as its UTC `toISOString()` form: offsets PostgreSQL does not take (beyond
 * ±15:59) never reach it.
 */
export function IsInstant(options?: ValidationOptions) {
  const normalize = Transform(({ value }) => {
    const d = typeof value === 'string' ? parseDayOrInstant(value, 'UTC') : null;
    return isStorableInstant(d) ? d.toISOString() : value;
  });
  return (object: object, propertyName: string) => {
    normalize(object, propertyName);
    registerDecorator({
      name: 'isInstant',
      target: object.constructor,
      propertyName,
      options: { message: `${propertyName} must be an ISO-8601 time in the years 1000 to 9999`, ...options },
      validator: {
        validate: (v: unknown) => typeof v === 'string' && isStorableInstant(parseDayOrInstant(v, 'UTC')),
      },
    });
  };
}
