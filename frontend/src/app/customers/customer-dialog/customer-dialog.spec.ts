import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { button, byLabel, typeInto } from '../../testing/dom';
import type { CustomerDetail } from '../customer';
import { CustomerDialog, type CustomerDialogData } from './customer-dialog';

describe(CustomerDialog.name, () => {
  let http: HttpTestingController;
  const close = vi.fn();

  function render(data: CustomerDialogData = {}) {
    TestBed.configureTestingModule({
      imports: [CustomerDialog],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: data },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(CustomerDialog);
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  afterEach(() => {
    http.verify();
    close.mockReset();
  });

  it('creates a customer with its contacts', async () => {
    const { fixture, root } = render();
    await fixture.whenStable();
    typeInto(byLabel(root, 'Name'), 'Acme Telecom');
    typeInto(byLabel(root, 'Account code'), 'ACME01');
    typeInto(byLabel(root, 'Time zone'), 'America/New_York');
    button(root, 'Add contact').click();
    await fixture.whenStable();
    typeInto(byLabel(root, 'Contact name'), 'NOC desk');
    typeInto(byLabel(root, 'Contact email'), 'noc@acme.example');

    button(root, 'Create').click();
    const req = http.expectOne('/api/customers');
    expect(req.request.method).toBe('POST');
    expect(req.request.body).toEqual({
      name: 'Acme Telecom',
      accountCode: 'ACME01',
      timezone: 'America/New_York',
      contacts: [{ name: 'NOC desk', email: 'noc@acme.example' }],
    });
    expect(close).not.toHaveBeenCalled(); // open until the server has saved it
    req.flush({ id: 'c-new' });
    expect(close).toHaveBeenCalledOnce();
  });

  it('refuses a time zone that is not an IANA name', async () => {
    const { fixture, root } = render();
    await fixture.whenStable();
    typeInto(byLabel(root, 'Name'), 'Acme Telecom');
    typeInto(byLabel(root, 'Account code'), 'ACME01');
    typeInto(byLabel(root, 'Time zone'), 'Eastern Time');

    button(root, 'Create').click();
    await fixture.whenStable();

    http.expectNone('/api/customers');
    expect(root.textContent).toContain('Not an IANA time zone');
  });

  it('lists every invalid field the server names', async () => {
    const { fixture, root } = render();
    await fixture.whenStable();
    typeInto(byLabel(root, 'Name'), 'Acme Telecom');
    typeInto(byLabel(root, 'Account code'), 'ACME01');
    typeInto(byLabel(root, 'Time zone'), 'UTC');
    button(root, 'Create').click();
    http.expectOne('/api/customers').flush(
      {
        statusCode: 409,
        error: 'Conflict',
        message: ['accountCode ACME01 is already used'],
        code: 'account_code_taken',
      },
      { status: 409, statusText: 'Conflict' },
    );
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('accountCode ACME01 is already used');
    expect(close).not.toHaveBeenCalled();
  });

  it('sends only what changed when editing', async () => {
    const existing = {
      id: 'c-acme',
      name: 'Acme',
      accountCode: 'ACME01',
      timezone: 'America/Chicago',
      state: 'IL',
      country: null,
      contacts: [],
      ips: [],
      groups: [],
      createdAt: '',
      updatedAt: '',
    } satisfies CustomerDetail;
    const { fixture, root } = render({ customer: existing });
    await fixture.whenStable();
    expect(byLabel(root, 'Name').value).toBe('Acme');

    typeInto(byLabel(root, 'Name'), 'Acme Telecom');
    typeInto(byLabel(root, 'State / province'), '');
    button(root, 'Save').click();

    const req = http.expectOne('/api/customers/c-acme');
    expect(req.request.method).toBe('PATCH');
    expect(req.request.body).toEqual({ name: 'Acme Telecom', state: null });
    req.flush(existing);
  });

  it('chooses the home country by name, sends its ISO code, and clears it back to the default', async () => {
    const { fixture, root } = render();
    await fixture.whenStable();
    typeInto(byLabel(root, 'Name'), 'Telefónica reseller');
    typeInto(byLabel(root, 'Account code'), 'TEL01');
    typeInto(byLabel(root, 'Time zone'), 'Europe/Madrid');
    const pick = async (name: string) => {
      (root.querySelector('mat-select[formcontrolname="country"] .mat-mdc-select-trigger') as HTMLElement).click();
      await fixture.whenStable();
      const option = [...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === name);
      (option as HTMLElement).click();
      await fixture.whenStable();
    };
    await pick('Spain (ES)');
    expect(root.querySelector('mat-select[formcontrolname="country"]')?.textContent).toContain('Spain (ES)');
    button(root, 'Create').click();
    const req = http.expectOne('/api/customers');
    expect(req.request.body).toMatchObject({ accountCode: 'TEL01', country: 'ES' });
    req.flush({ id: 'c-new' });
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove());
  });

  it('edits the country, and sends null for the default', async () => {
    const existing = {
      id: 'c-es',
      name: 'Madrid',
      accountCode: 'MAD01',
      timezone: 'Europe/Madrid',
      state: null,
      country: 'ES',
      contacts: [],
      ips: [],
      groups: [],
      createdAt: '',
      updatedAt: '',
    } satisfies CustomerDetail;
    const { fixture, root } = render({ customer: existing });
    await fixture.whenStable();
    expect(root.querySelector('mat-select[formcontrolname="country"]')?.textContent).toContain('Spain (ES)');
    (root.querySelector('mat-select[formcontrolname="country"] .mat-mdc-select-trigger') as HTMLElement).click();
    await fixture.whenStable();
    const option = [...document.querySelectorAll('mat-option')].find((o) => o.textContent?.includes('Default'));
    (option as HTMLElement).click();
    await fixture.whenStable();
    button(root, 'Save').click();
    const req = http.expectOne('/api/customers/c-es');
    expect(req.request.body).toEqual({ country: null });
    req.flush(existing);
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove());
  });
});
