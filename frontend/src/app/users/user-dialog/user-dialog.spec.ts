import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { button, byLabel, queryByLabel, typeInto, wait } from '../../testing/dom';
import type { UserAccount } from '../user-account';
import { CUSTOMER_SEARCH_DEBOUNCE_MS, UserDialog, type UserDialogData } from './user-dialog';

const ACME = {
  id: 'c-acme',
  name: 'Acme Telecom',
  accountCode: 'ACME01',
  timezone: 'UTC',
  state: null,
  ipCount: 0,
  groupCount: 0,
  seatCount: 0,
  contactCount: 0,
};

describe(UserDialog.name, () => {
  let http: HttpTestingController;
  const close = vi.fn();

  function render(data: UserDialogData = {}) {
    TestBed.configureTestingModule({
      imports: [UserDialog],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(UserDialog);
    // Not whenStable(): an open request (the customer search) keeps the app unstable.
    TestBed.tick();
    const root = fixture.nativeElement as HTMLElement;
    return {
      fixture,
      root,
      /** Opens the Role select and clicks the option, as a user would. */
      async chooseRole(label: string) {
        (root.querySelector('mat-select .mat-mdc-select-trigger') as HTMLElement).click();
        TestBed.tick();
        const option = [...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === label);
        if (!option) throw new Error(`No role option "${label}"`);
        (option as HTMLElement).click();
        TestBed.tick();
      },
      customerSearch: () => http.expectOne((req) => req.method === 'GET' && req.url === '/api/customers'),
    };
  }

  afterEach(() => {
    http.verify();
    close.mockReset();
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove());
  });

  it('creates a staff user without a customer', async () => {
    const sut = render();
    typeInto(byLabel(sut.root, 'Email'), 'nina@noc.example');
    typeInto(byLabel(sut.root, 'Name'), 'Nina NOC');
    await sut.chooseRole('Technician');
    typeInto(byLabel(sut.root, 'Password'), 'a-long-passphrase');

    expect(queryByLabel(sut.root, 'Customer')).toBeNull();
    button(sut.root, 'Create').click();

    const req = http.expectOne('/api/users');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      email: 'nina@noc.example',
      name: 'Nina NOC',
      role: 'technician',
      password: 'a-long-passphrase',
    });
    req.flush({ id: 'u-nina' });
    expect(close).toHaveBeenCalled();
  });

  it('requires a customer for the customer role', async () => {
    const sut = render();
    typeInto(byLabel(sut.root, 'Email'), 'ops@acme.example');
    typeInto(byLabel(sut.root, 'Name'), 'Acme Ops');
    typeInto(byLabel(sut.root, 'Password'), 'a-long-passphrase');
    await sut.chooseRole('Customer');

    // The customer picker appears and loads the first customers.
    const customer = byLabel(sut.root, 'Customer');
    sut.customerSearch().flush({ items: [ACME], nextCursor: null });
    await sut.fixture.whenStable();

    button(sut.root, 'Create').click();
    await sut.fixture.whenStable();
    http.expectNone('/api/users');
    expect(sut.root.textContent).toContain('Pick the customer this user belongs to');

    // Typed text alone is not a customer: it has to be picked.
    typeInto(customer, 'acme');
    await wait(CUSTOMER_SEARCH_DEBOUNCE_MS + 50);
    TestBed.tick();
    const search = sut.customerSearch();
    expect(search.request.params.get('q')).toBe('acme');
    search.flush({ items: [ACME], nextCursor: null });
    await sut.fixture.whenStable();
    button(sut.root, 'Create').click();
    http.expectNone('/api/users');

    customer.dispatchEvent(new Event('focusin'));
    customer.dispatchEvent(new Event('focus'));
    await sut.fixture.whenStable();
    const option = [...document.querySelectorAll('mat-option')].find((o) => o.textContent?.includes('Acme Telecom'));
    (option as HTMLElement).click();
    await sut.fixture.whenStable();
    expect(customer.value).toBe('Acme Telecom (ACME01)');

    button(sut.root, 'Create').click();
    const req = http.expectOne('/api/users');
    expect(req.request.body).toEqual({
      email: 'ops@acme.example',
      name: 'Acme Ops',
      role: 'customer',
      password: 'a-long-passphrase',
      customerId: 'c-acme',
    });
    req.flush({ id: 'u-ops' });
  });

  it('requires a password of at least 12 characters', async () => {
    const sut = render();
    typeInto(byLabel(sut.root, 'Email'), 'nina@noc.example');
    typeInto(byLabel(sut.root, 'Name'), 'Nina NOC');
    await sut.chooseRole('Manager');
    typeInto(byLabel(sut.root, 'Password'), 'short');

    button(sut.root, 'Create').click();
    await sut.fixture.whenStable();

    http.expectNone('/api/users');
    expect(sut.root.textContent).toContain('At least 12 characters');
  });

  it('shows why the server refused the password and keeps the dialog open', async () => {
    const sut = render();
    typeInto(byLabel(sut.root, 'Email'), 'nina@noc.example');
    typeInto(byLabel(sut.root, 'Name'), 'Nina NOC');
    await sut.chooseRole('Technician');
    typeInto(byLabel(sut.root, 'Password'), 'password1234');
    button(sut.root, 'Create').click();

    http.expectOne('/api/users').flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: [
          'password is too easy to guess: This is similar to a commonly used password. Add more words that are less common.',
        ],
        code: 'weak_password',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await sut.fixture.whenStable();

    expect(sut.root.querySelector('[role="alert"]')?.textContent).toContain(
      'password is too easy to guess: This is similar to a commonly used password.',
    );
    expect(close).not.toHaveBeenCalled();
    expect(button(sut.root, 'Create').disabled).toBe(false);
  });

  it('changes role and active flag of an existing user, sending only the changes', async () => {
    const existing: UserAccount = {
      id: 'u-ops',
      email: 'ops@acme.example',
      name: 'Acme Ops',
      role: 'customer',
      customerId: 'c-acme',
      customerName: 'Acme Telecom',
      phone: null,
      active: true,
      createdAt: '2026-01-01T00:00:00Z',
      lastLoginAt: null,
    };
    const sut = render({ user: existing });
    sut.customerSearch().flush({ items: [ACME], nextCursor: null });
    await sut.fixture.whenStable();
    expect(byLabel(sut.root, 'Email').disabled).toBe(true);
    expect(byLabel(sut.root, 'Customer').value).toBe('Acme Telecom');

    await sut.chooseRole('Engineer');
    (sut.root.querySelector('mat-slide-toggle button') as HTMLButtonElement).click();
    TestBed.tick();
    button(sut.root, 'Save').click();

    const req = http.expectOne('/api/users/u-ops');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ role: 'engineer', customerId: null, active: false });
    req.flush({ ...existing, role: 'engineer', customerId: null, active: false });
  });

  it('gives an engineer a mobile phone in international form for SMS pages', async () => {
    const existing: UserAccount = {
      id: 'u-eng',
      email: 'eng@noc.example',
      name: 'Eve Engineer',
      role: 'engineer',
      customerId: null,
      customerName: null,
      phone: null,
      active: true,
      createdAt: '2026-01-01T00:00:00Z',
      lastLoginAt: null,
    };
    const sut = render({ user: existing });
    typeInto(byLabel(sut.root, 'Mobile phone'), '617 555 0111');
    button(sut.root, 'Save').click();
    TestBed.tick();
    http.expectNone('/api/users/u-eng');
    expect(sut.root.textContent).toContain('Use the international form');

    typeInto(byLabel(sut.root, 'Mobile phone'), '+16175550111');
    button(sut.root, 'Save').click();
    const req = http.expectOne('/api/users/u-eng');
    expect(req.request.body).toEqual({ phone: '+16175550111' });
    req.flush({ ...existing, phone: '+16175550111' });
  });
});
