import { registerDecorator, type ValidationOptions } from 'class-validator';
import { parseCidr } from './ip.js';

const zones = new Set(Intl.supportedValuesOf('timeZone'));
zones.add('UTC');

export function isIanaTimeZone(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  if (zones.has(v)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: v });
    return v.includes('/');
  } catch {
    return false;
  }
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
