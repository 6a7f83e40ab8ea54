import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { errorCode } from '../core/api-error';
import { AuthService } from './auth.service';

/** API calls carry the session cookie. */
export const credentialsInterceptor: HttpInterceptorFn = (req, next) =>
  next(req.url.startsWith('/api/') ? req.clone({ withCredentials: true }) : req);

// A 401 from these means "not signed in", "wrong password" or "already signed out",
// not "your session ended"; their callers deal with it.
const SESSION_PROBES = ['/api/auth/me', '/api/auth/session', '/api/auth/login', '/api/auth/logout'];
/** No session (cookie or token) at all, or one that ended. */
const SESSION_GONE = new Set(['unauthorized', 'session_expired']);

/** A lost session anywhere else sends the user to the login page, then back here. */
export const sessionExpiredInterceptor: HttpInterceptorFn = (req, next) => {
  const auth = inject(AuthService);
  const router = inject(Router);
  return next(req).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        SESSION_GONE.has(errorCode(error) ?? '') &&
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
