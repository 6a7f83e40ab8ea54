import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '../users/user.entity.js';

/** Who is calling: a logged-in user, or the switch with the enforcement token. */
export interface Principal {
  id: string;
  email: string;
  name: string;
  role: Role;
  customerId: string | null;
}

export const IS_PUBLIC = 'tollgate:public';
export const ROLES_KEY = 'tollgate:roles';
export const ENFORCEMENT_TOKEN_OK = 'tollgate:enforcement-token';

export const Public = () => SetMetadata(IS_PUBLIC, true);
/** Roles that may call the handler; every non-public route declares them. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);
/** The switch/SBC may call this with `Authorization: Bearer $ENFORCEMENT_TOKEN`. */
export const AcceptsEnforcementToken = () => SetMetadata(ENFORCEMENT_TOKEN_OK, true);

export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): Principal => {
  return ctx.switchToHttp().getRequest().principal;
});

/** The customer a principal is confined to, or null for staff (who see every customer). */
export function scopeOf(p: Principal): string | null {
  return p.role === 'customer' ? p.customerId : null;
}
