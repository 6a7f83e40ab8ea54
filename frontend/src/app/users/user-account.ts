import type { components } from '../core/api.generated';

/** A row of `GET /api/users`. */
export type UserAccount = components['schemas']['UserAccount'];
/** Body of `POST /api/users`; a `customer` user must name its customer. */
export type NewUser = components['schemas']['CreateUserDto'];
/** Body of `PATCH /api/users/:id`: only what changed. */
export type UserChanges = components['schemas']['UpdateUserDto'];

/** Passwords are long rather than clever. */
export const MIN_PASSWORD_LENGTH = 12;
