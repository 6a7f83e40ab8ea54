import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { routes } from './app.routes';
import type { SessionUser } from './auth/user';
import { CUSTOMER_USER, signInAs, TECHNICIAN } from './testing/session';

describe('app routes', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter(routes, withComponentInputBinding())],
    });
  });

  async function navigateAs(user: SessionUser | null, url: string): Promise<string> {
    if (user) await signInAs(user);
    const harness = await RouterTestingHarness.create();
    await harness.navigateByUrl(url);
    // Pages start loading their data; these tests only care where the user ended up.
    TestBed.inject(HttpTestingController).match(() => true);
    return TestBed.inject(Router).url;
  }

  it('sends signed-out visitors to the login page and remembers where they were going', async () => {
    expect(await navigateAs(null, '/customers')).toBe('/login?returnUrl=%2Fcustomers');
  });

  it('lands staff on the queue', async () => {
    expect(await navigateAs(TECHNICIAN, '/')).toBe('/tickets');
  });

  it('lands customer users on their tickets in the portal', async () => {
    expect(await navigateAs(CUSTOMER_USER, '/')).toBe('/portal');
  });

  it.each(['/customers', '/tickets', '/cdrs', '/rules', '/events', '/blacklist'])(
    'keeps customer users out of %s',
    async (url) => {
      expect(await navigateAs(CUSTOMER_USER, url)).toBe('/portal');
    },
  );

  it('lets customer users see their own usage', async () => {
    expect(await navigateAs(CUSTOMER_USER, '/usage')).toBe('/usage');
  });

  it('keeps staff out of the portal', async () => {
    expect(await navigateAs(TECHNICIAN, '/portal')).toBe('/tickets');
  });

  it('keeps managers out of CDR imports', async () => {
    expect(await navigateAs({ ...TECHNICIAN, role: 'manager' }, '/cdrs')).toBe('/tickets');
  });

  it('keeps technicians out of user administration', async () => {
    expect(await navigateAs(TECHNICIAN, '/users')).toBe('/tickets');
  });

  it('lets technicians read the rules', async () => {
    expect(await navigateAs(TECHNICIAN, '/rules')).toBe('/rules');
  });

  it('keeps technicians out of the rule editor', async () => {
    expect(await navigateAs(TECHNICIAN, '/rules/new')).toBe('/tickets');
  });

  it('keeps signed-in users off the login page', async () => {
    expect(await navigateAs(TECHNICIAN, '/login')).toBe('/tickets');
  });
});
