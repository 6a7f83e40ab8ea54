import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { SessionUser } from '../auth/user';
import { button, texts } from '../testing/dom';
import { ADMIN, CUSTOMER_USER, signInAs, TECHNICIAN } from '../testing/session';
import { Shell } from './shell';

describe(Shell.name, () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [Shell],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
  });

  async function renderAs(user: SessionUser) {
    await signInAs(user);
    const fixture = TestBed.createComponent(Shell);
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    return { fixture, root, links: () => texts(root, 'nav a') };
  }

  it('shows the product, the user and a sign-out button', async () => {
    const { root } = await renderAs(TECHNICIAN);
    const toolbar = root.querySelector('mat-toolbar')!.textContent!;
    expect(toolbar).toContain('Tollgate');
    expect(toolbar).toContain('Tom Tech');
    expect(toolbar).toContain('Technician');
    expect(button(root, 'Sign out')).toBeTruthy();
  });

  it('opens with a skip link that moves the focus to the main content', async () => {
    const { root } = await renderAs(TECHNICIAN);
    const skip = root.querySelector('a')!;
    expect(skip.textContent?.trim()).toBe('Skip to main content');
    skip.click();
    expect(document.activeElement).toBe(root.querySelector('main'));
  });

  it('puts the queue first for technicians, and hides Users from them', async () => {
    const { links } = await renderAs(TECHNICIAN);
    expect(links()).toEqual([
      'Queue',
      'Customers',
      'Detected events',
      'Detection rules',
      'Usage',
      'Call records',
      'CDR imports',
      'Alert emails',
      'Blacklist',
      'On call',
      'Case metrics',
    ]);
  });

  it('shows Users to admins', async () => {
    const { links } = await renderAs(ADMIN);
    expect(links()).toEqual([
      'Queue',
      'Customers',
      'Detected events',
      'Detection rules',
      'Usage',
      'Call records',
      'CDR imports',
      'Alert emails',
      'Blacklist',
      'On call',
      'Case metrics',
      'Users',
      'Mailbox',
    ]);
  });

  it('leaves CDR imports to the NOC', async () => {
    const { links } = await renderAs({ ...TECHNICIAN, role: 'manager' });
    expect(links()).toEqual([
      'Queue',
      'Customers',
      'Detected events',
      'Detection rules',
      'Usage',
      'Call records',
      'Blacklist',
      'On call',
      'Case metrics',
    ]);
  });

  it('gives customer users their tickets, their usage, their call records and their own account', async () => {
    const { root, links } = await renderAs(CUSTOMER_USER);
    expect(links()).toEqual(['My tickets', 'Alerts', 'Usage', 'Call records', 'Account']);
    const hrefs = [...root.querySelectorAll('nav a')].map((a) => a.getAttribute('href'));
    expect(hrefs).toEqual(['/portal', '/portal/alerts', '/usage', '/calls', '/customers/c-acme']);
  });

  it('signs out and goes to the login page', async () => {
    const { root } = await renderAs(ADMIN);
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);

    button(root, 'Sign out').click();
    TestBed.inject(HttpTestingController)
      .expectOne('/api/auth/logout')
      .flush(null, { status: 204, statusText: 'No Content' });

    expect(navigate).toHaveBeenCalledWith(['/login']);
  });
});
