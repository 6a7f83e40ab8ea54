import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { texts } from '../../testing/dom';
import { ADMIN, signInAs } from '../../testing/session';
import type { UserAccount } from '../user-account';
import { UserListPage } from './user-list-page';

const NINA: UserAccount = {
  id: 'u-nina',
  email: 'nina@noc.example',
  name: 'Nina NOC',
  role: 'technician',
  customerId: null,
  customerName: null,
  active: true,
  createdAt: '2026-01-01T00:00:00Z',
  phone: null,
  lastLoginAt: null,
};
const OPS: UserAccount = {
  ...NINA,
  id: 'u-ops',
  email: 'ops@acme.example',
  name: 'Acme Ops',
  role: 'customer',
  customerId: 'c-acme',
  customerName: 'Acme Telecom',
  active: false,
  lastLoginAt: '2026-03-04T05:06:00Z',
};

describe(UserListPage.name, () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [UserListPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(ADMIN);
  });

  afterEach(() => {
    http.verify();
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove());
  });

  async function render() {
    const fixture = TestBed.createComponent(UserListPage);
    TestBed.tick();
    http.expectOne((req) => req.url === '/api/users').flush({ items: [NINA, OPS], nextCursor: null });
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('lists users with role, customer, status and last login', async () => {
    const { root } = await render();

    expect(texts(root, 'th')).toEqual(['Email', 'Name', 'Role', 'Customer', 'Active', 'Last login', 'Actions']);
    const rows = [...root.querySelectorAll('tr.mat-mdc-row')].map((row) => texts(row, 'td').slice(0, 5));
    expect(rows).toEqual([
      ['nina@noc.example', 'Nina NOC', 'Technician', '—', 'Active'],
      ['ops@acme.example', 'Acme Ops', 'Customer', 'Acme Telecom', 'Inactive'],
    ]);
    expect(root.querySelector('tr.mat-mdc-row td.mat-column-lastLoginAt')?.textContent?.trim()).toBe('Never');
  });

  it('opens the user in the edit dialog', async () => {
    const { fixture, root } = await render();

    (root.querySelector('button[aria-label="Edit nina@noc.example"]') as HTMLButtonElement).click();
    await fixture.whenStable();

    const dialog = document.querySelector('mat-dialog-container');
    expect(dialog?.querySelector('h2')?.textContent?.trim()).toBe('Edit user');
    expect((dialog?.querySelector('input[type="email"]') as HTMLInputElement).value).toBe('nina@noc.example');
  });
});
