import { registerDecorator, type ValidationOptions } from 'class-validator';
import { parseCidr } from './ip.js';
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
