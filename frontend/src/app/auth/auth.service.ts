import { HttpClient } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import { firstValueFrom, map, type Observable, tap } from 'rxjs';
import type { components } from '../core/api.generated';
import type { Credentials, Role, SessionUser } from './user';

type LoginResponse = components['schemas']['LoginResponse'];

/**
 * The session. The browser relies on the HttpOnly `tollgate_session` cookie the server sets at
 * login; the bearer token in the login response is deliberately not kept (nothing for XSS to steal).
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly http = inject(HttpClient);
  private readonly user = signal<SessionUser | null>(null);

  readonly currentUser = this.user.asReadonly();
  readonly signedIn = computed(() => this.user() !== null);

  /** Run once at start-up: whoever the session cookie belongs to, if anyone. */
  async restoreSession(): Promise<void> {
    try {
      // Answered 200 signed in or not: the login page logs no failed request.
      this.user.set((await firstValueFrom(this.http.get<{ user: SessionUser | null }>('/api/auth/session'))).user);
    } catch {
      this.user.set(null);
    }
  }

  signIn(credentials: Credentials): Observable<SessionUser> {
    return this.http.post<LoginResponse>('/api/auth/login', credentials).pipe(
      map((response) => response.user),
      tap((user) => this.user.set(user)),
    );
  }

  signOut(): Observable<void> {
    return this.http.post<void>('/api/auth/logout', null).pipe(tap({ finalize: () => this.user.set(null) }));
  }

  /** The server no longer knows the session (expired, revoked). */
  forget(): void {
    this.user.set(null);
  }

  hasRole(roles: readonly Role[]): boolean {
    const user = this.user();
    return user !== null && roles.includes(user.role);
  }
}
