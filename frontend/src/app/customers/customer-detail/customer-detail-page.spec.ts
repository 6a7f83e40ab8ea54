import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { texts } from '../../testing/dom';
import { CUSTOMER_USER, signInAs } from '../../testing/session';
import type { CustomerDetail } from '../customer';
import { CustomerDetailPage } from './customer-detail-page';

const ACME: CustomerDetail = {
  id: 'c-acme',
  name: 'Acme Telecom',
  accountCode: 'ACME01',
  timezone: 'America/Chicago',
  state: 'IL',
  country: null,
  contacts: [
    {
      id: 'k1',
      name: 'NOC desk',
      email: 'noc@acme.example',
      phone: '+13125550100',
      undeliverable: false,
      undeliverableReason: null,
    },
  ],
  ips: [
    { id: 'i1', cidr: '203.0.113.10/32' },
    { id: 'i2', cidr: '198.51.100.0/28' },
  ],
  groups: [
    {
      id: 'g1',
      name: 'Sales',
      externalId: 'GRP-SALES',
      seats: [
        {
          id: 's1',
          userId: '2125550101@acme.example.net',
          sipUsername: 'acme_101',
          name: 'Front desk',
          did: '+12125550101',
          extension: '101',
        },
      ],
    },
  ],
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
};

describe(CustomerDetailPage.name, () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [CustomerDetailPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(CUSTOMER_USER);
  });

  afterEach(() => http.verify());

  async function render(id: string) {
    const fixture = TestBed.createComponent(CustomerDetailPage);
    fixture.componentRef.setInput('id', id);
    TestBed.tick();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('shows the customer with its IP addresses, groups and seats, and contacts', async () => {
    const { fixture, root } = await render('c-acme');
    http.expectOne('/api/customers/c-acme').flush(ACME);
    await fixture.whenStable();

    expect(root.querySelector('h1')?.textContent?.trim()).toBe('Acme Telecom');
    expect(root.querySelector('.facts')?.textContent).toContain('ACME01');
    expect(root.querySelector('.facts')?.textContent).toContain('America/Chicago');
    expect(texts(root, '[role="tab"]')).toEqual([
      'IP addresses',
      'Groups and seats',
      'Contacts',
      'Detection and alerts',
    ]);
    expect(texts(root, '.ips li')).toEqual(['203.0.113.10/32', '198.51.100.0/28']);
    // Customer users may look but not edit.
    expect(root.textContent).not.toContain('Edit');

    (root.querySelectorAll('[role="tab"]')[1] as HTMLElement).click();
    await fixture.whenStable();
    expect(texts(root, 'th')).toEqual(['User ID', 'SIP user', 'Name', 'DID', 'Extension']);
    expect(texts(root, 'tr.mat-mdc-row td')).toEqual([
      '2125550101@acme.example.net',
      'acme_101',
      'Front desk',
      '+12125550101',
      '101',
    ]);
  });

  it('says so when the customer is not there (or not yours)', async () => {
    const { fixture, root } = await render('c-other');
    http
      .expectOne('/api/customers/c-other')
      .flush(
        { statusCode: 404, error: 'Not Found', message: 'customer not found', code: 'customer_not_found' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('does not exist');
  });

  it("shows the server's message for a 404 that is not about the customer", async () => {
    const { fixture, root } = await render('c-other');
    http
      .expectOne('/api/customers/c-other')
      .flush(
        { statusCode: 404, error: 'Not Found', message: 'Cannot GET /api/customers/c-other', code: 'route_not_found' },
        { status: 404, statusText: 'Not Found' },
      );
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('Cannot GET /api/customers/c-other');
  });
});
