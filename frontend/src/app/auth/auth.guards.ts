import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AuthService } from './auth.service';
import type { Role } from './user';

/** Signed-in users only; others go to the login page and come back afterwards. */
export const authGuard: CanActivateFn = (_route, state) => {
  if (inject(AuthService).signedIn()) return true;
  return inject(Router).createUrlTree(['/login'], { queryParams: { returnUrl: state.url } });
};

/** Only the given roles; a signed-in user without one of them is sent to their landing page. */
export function roleGuard(roles: readonly Role[]): CanActivateFn {
  return (route, state) => {
    const auth = inject(AuthService);
    if (!auth.signedIn()) return authGuard(route, state);
    return auth.hasRole(roles) || inject(Router).createUrlTree(['/']);
  };
}

/** The login page is for signed-out users. */
export const guestGuard: CanActivateFn = () => !inject(AuthService).signedIn() || inject(Router).createUrlTree(['/']);
