import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type ActivatedRouteSnapshot, provideRouter, Router, type RouterStateSnapshot, UrlTree } from '@angular/router';
import { ADMIN, signInAs, TECHNICIAN } from '../testing/session';
import { authGuard, roleGuard } from './auth.guards';

describe('route guards', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
  });

  const run = (guard: typeof authGuard, url: string) =>
    TestBed.runInInjectionContext(() => guard({} as ActivatedRouteSnapshot, { url } as RouterStateSnapshot));
  const serialize = (result: unknown) => TestBed.inject(Router).serializeUrl(result as UrlTree);

  it('sends signed-out users to the login page with the way back', () => {
    const result = run(authGuard, '/users');
    expect(result).toBeInstanceOf(UrlTree);
    expect(serialize(result)).toBe('/login?returnUrl=%2Fusers');
  });

  it('lets admins into admin pages', async () => {
    await signInAs(ADMIN);
    expect(run(roleGuard(['admin']), '/users')).toBe(true);
  });

  it('sends other roles to their start page', async () => {
    await signInAs(TECHNICIAN);
    expect(serialize(run(roleGuard(['admin']), '/users'))).toBe('/');
  });
});
