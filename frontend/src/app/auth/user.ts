import type { components } from '../core/api.generated';

export type Role = components['schemas']['Role'];
export const ROLES = ['admin', 'technician', 'engineer', 'manager', 'customer'] as const satisfies readonly Role[];

/** NOC staff see every customer; a `customer` user sees only its own account. */
export const STAFF_ROLES: readonly Role[] = ['admin', 'technician', 'engineer', 'manager'];

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Admin',
  technician: 'Technician',
  engineer: 'Engineer',
  manager: 'Manager',
  customer: 'Customer',
};

/** The signed-in user, as `/api/auth/login` and `/api/auth/me` return it. */
export type SessionUser = components['schemas']['SessionUser'];
export type Credentials = components['schemas']['LoginDto'];
