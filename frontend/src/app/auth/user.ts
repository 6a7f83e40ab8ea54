export const ROLES = ['admin', 'technician', 'engineer', 'manager', 'customer'] as const;
export type Role = (typeof ROLES)[number];

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
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  customerId: string | null;
}

export interface Credentials {
  email: string;
  password: string;
}
