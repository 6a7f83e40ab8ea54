import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { signInAs, TECHNICIAN } from '../testing/session';
import { credentialsInterceptor, sessionExpiredInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';

describe('sessionExpiredInterceptor', () => {
  let http: HttpTestingController;
  let client: HttpClient;
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([credentialsInterceptor, sessionExpiredInterceptor])),
        provideHttpClientTesting(),
        provideRouter([]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    client = TestBed.inject(HttpClient);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => http.verify());

  const unauthorized = { status: 401, statusText: 'Unauthorized' };

  it('sends API calls with credentials (the session cookie)', () => {
    client.get('/api/customers').subscribe();
    expect(http.expectOne('/api/customers').request.withCredentials).toBe(true);
  });

  it('sends the user to the login page, with the way back, when the session ends', async () => {
    await signInAs(TECHNICIAN);
    vi.spyOn(TestBed.inject(Router), 'url', 'get').mockReturnValue('/customers?x=1');

    client.get('/api/customers').subscribe({ error: () => undefined });
    http
      .expectOne('/api/customers')
      .flush({ message: 'Session expired or unknown; sign in again', code: 'session_expired' }, unauthorized);

    expect(TestBed.inject(AuthService).signedIn()).toBe(false);
    expect(navigate).toHaveBeenCalledWith(['/login'], { queryParams: { returnUrl: '/customers?x=1' } });
  });

  it('leaves a failed sign-in and the start-up session probe to their callers', () => {
    client.post('/api/auth/login', {}).subscribe({ error: () => undefined });
    http
      .expectOne('/api/auth/login')
      .flush({ message: 'Wrong email or password', code: 'invalid_credentials' }, unauthorized);
    client.get('/api/auth/me').subscribe({ error: () => undefined });
    http.expectOne('/api/auth/me').flush({ message: 'Sign in first', code: 'unauthorized' }, unauthorized);

    expect(navigate).not.toHaveBeenCalled();
  });

  it('does not treat a 403 as a lost session', async () => {
    await signInAs(TECHNICIAN);
    client.get('/api/users').subscribe({ error: () => undefined });
    http
      .expectOne('/api/users')
      .flush({ message: 'Forbidden', code: 'role_forbidden' }, { status: 403, statusText: 'Forbidden' });
    expect(TestBed.inject(AuthService).signedIn()).toBe(true);
    expect(navigate).not.toHaveBeenCalled();
  });
});
