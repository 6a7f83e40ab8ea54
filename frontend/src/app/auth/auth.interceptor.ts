import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';

/** API calls carry the session cookie. */
export const credentialsInterceptor: HttpInterceptorFn = (req, next) =>
  next(req.url.startsWith('/api/') ? req.clone({ withCredentials: true }) : req);

// A 401 from these means "not signed in", "wrong password" or "already signed out",
// not "your session ended"; their callers deal with it.
const SESSION_PROBES = ['/api/auth/me', '/api/auth/login', '/api/auth/logout'];

/** A 401 anywhere else means the session ended: back to the login page, then back here. */
export const sessionExpiredInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        !SESSION_PROBES.some((p) => req.url.startsWith(p))
      ) {
        auth.forget();
        const navigation = router.currentNavigation();
        const returnUrl = navigation ? router.serializeUrl(navigation.finalUrl ?? navigation.extractedUrl) : router.url;
        if (!returnUrl.startsWith('/login')) {
          void router.navigate(['/login'], { queryParams: { returnUrl } });
        }
      }
      return throwError(() => error);
    }),
  );
};
