import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { button, byLabel, typeInto } from '../../testing/dom';
import { TECHNICIAN } from '../../testing/session';
import { AuthService } from '../auth.service';
import { LoginPage } from './login-page';

describe(LoginPage.name, () => {
  let http: HttpTestingController;
  let navigateByUrl: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [LoginPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    navigateByUrl = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  async function render(returnUrl?: string) {
    const fixture = TestBed.createComponent(LoginPage);
    if (returnUrl) fixture.componentRef.setInput('returnUrl', returnUrl);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    return {
      fixture,
      root,
      async signIn(email: string, password: string) {
        typeInto(byLabel(root, 'Email'), email);
        typeInto(byLabel(root, 'Password'), password);
        button(root, 'Sign in').click();
      },
    };
  }

  it('posts the credentials, keeps the user and goes back where the user came from', async () => {
    const sut = await render('/customers/c-acme');

    await sut.signIn('tech@noc.example', 'correct horse battery');

    const req = http.expectOne('/api/auth/login');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({ email: 'tech@noc.example', password: 'correct horse battery' });
    req.flush({ accessToken: 'jwt', user: TECHNICIAN });
    // Signed in with the role the server gave, so the guards let the technician in.
    expect(TestBed.inject(AuthService).hasRole(['technician'])).toBe(true);
    expect(navigateByUrl).toHaveBeenCalledWith('/customers/c-acme');
  });

  it('never follows a return URL off the app', async () => {
    const sut = await render('//evil.example/phish');
    await sut.signIn('tech@noc.example', 'correct horse battery');
    http.expectOne('/api/auth/login').flush({ accessToken: 'jwt', user: TECHNICIAN });
    expect(navigateByUrl).toHaveBeenCalledWith('/');
  });

  it('shows the server error and stays on the page', async () => {
    const sut = await render();

    await sut.signIn('tech@noc.example', 'wrong password!');
    http
      .expectOne('/api/auth/login')
      .flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Invalid email or password', code: 'invalid_credentials' },
        { status: 401, statusText: 'Unauthorized' },
      );
    await sut.fixture.whenStable();

    expect(sut.root.querySelector('[role="alert"]')?.textContent).toContain('Invalid email or password');
    expect(navigateByUrl).not.toHaveBeenCalled();
    expect(button(sut.root, 'Sign in').disabled).toBe(false);
  });

  it('shows the rate-limit message the server sends with a 429', async () => {
    const sut = await render();

    await sut.signIn('tech@noc.example', 'correct horse battery');
    // The body and header exactly as AuthService.login and the error filter send them.
    http.expectOne('/api/auth/login').flush(
      {
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Too many failed logins; try again in 874 s',
        code: 'rate_limited',
        retryAfter: 874,
      },
      { status: 429, statusText: 'Too Many Requests', headers: { 'Retry-After': '874' } },
    );
    await sut.fixture.whenStable();

    expect(sut.root.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'Too many failed logins; try again in 874 s',
    );
    expect(navigateByUrl).not.toHaveBeenCalled();
    expect(button(sut.root, 'Sign in').disabled).toBe(false);
  });

  it('does not post an incomplete form', async () => {
    const sut = await render();
    button(sut.root, 'Sign in').click();
    http.expectNone('/api/auth/login');
    await sut.fixture.whenStable();
    expect(sut.root.textContent).toContain('Enter your email address');
  });
});
