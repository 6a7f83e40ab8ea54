import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { TECHNICIAN } from '../testing/session';
import { AuthService } from './auth.service';

describe(AuthService.name, () => {
  let sut: AuthService;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    sut = TestBed.inject(AuthService);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('restores the session the cookie belongs to', async () => {
    const restoring = sut.restoreSession();
    http.expectOne('/api/auth/session').flush({ user: TECHNICIAN });
    await restoring;
    expect(sut.signedIn()).toBe(true);
    expect(sut.hasRole(['technician', 'admin'])).toBe(true);
    expect(sut.hasRole(['admin'])).toBe(false);
  });

  it('starts signed out when there is no session', async () => {
    const restoring = sut.restoreSession();
    http.expectOne('/api/auth/session').flush({ user: null });
    await restoring;
    expect(sut.signedIn()).toBe(false);
  });

  it('starts signed out when the server cannot answer', async () => {
    const restoring = sut.restoreSession();
    http
      .expectOne('/api/auth/session')
      .flush({ message: 'Unavailable' }, { status: 503, statusText: 'Service Unavailable' });
    await restoring;
    expect(sut.signedIn()).toBe(false);
  });

  it('forgets the user on sign-out', async () => {
    const restoring = sut.restoreSession();
    http.expectOne('/api/auth/session').flush({ user: TECHNICIAN });
    await restoring;

    sut.signOut().subscribe();
    const req = http.expectOne('/api/auth/logout');
    expect(req.request.method).toBe('POST');
    req.flush(null, { status: 204, statusText: 'No Content' });
    expect(sut.currentUser()).toBeNull();
  });
});
