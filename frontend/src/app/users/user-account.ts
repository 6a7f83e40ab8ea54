import type { Role } from '../auth/user';

/** A row of `GET /api/users`. */
export interface UserAccount {
  id: string;
  email: string;
  name: string;
  role: Role;
  customerId: string | null;
  customerName: string | null;
  active: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

/** Body of `POST /api/users`; a `customer` user must name its customer. */
export interface NewUser {
  email: string;
  password: string;
  name: string;
  role: Role;
  customerId?: string;
}

/** Body of `PATCH /api/users/:id`: only what changed. */
export interface UserChanges {
  name?: string;
  role?: Role;
  customerId?: string | null;
  active?: boolean;
  password?: string;
}

/** Passwords are long rather than clever. */
export const MIN_PASSWORD_LENGTH = 12;
