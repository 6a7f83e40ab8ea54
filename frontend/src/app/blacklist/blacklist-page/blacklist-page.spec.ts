import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { button, dialogClosed, removeOverlays, texts } from '../../testing/dom';
import { ADMIN, signInAs, TECHNICIAN } from '../../testing/session';
import type { BlacklistEntry } from '../blacklist-entry';
import { BlacklistPage } from './blacklist-page';

const BLACKLISTED: BlacklistEntry = {
  id: 'b-1',
  ip: '203.0.113.9',
  status: 'blacklisted',
  level: 'block',
  reason:
    "212 failed SIP registrations and 14 failed portal logins in 10 min from 203.0.113.9 (users 1001, 1002 …); rule 'SIP brute force' blocks at 50 per 10 min",
  sipFailures: 212,
  portalFailures: 14,
  users: ['1001', '1002'],
  firstFailureAt: '2026-01-05T08:50:00Z',
  lastFailureAt: '2026-01-05T09:00:00Z',
  ruleId: 'r-1',
  ruleName: 'SIP brute force',
  createdAt: '2026-01-05T09:00:00Z',
  updatedAt: '2026-01-05T09:00:00Z',
  whitelistedAt: null,
  whitelistedBy: null,
};
const SHADOW: BlacklistEntry = {
  ...BLACKLISTED,
  id: 'b-2',
  ip: '2001:db8::9',
  status: 'shadow',
  reason: "3 failed SIP registrations in 2 min from 2001:db8::9; rule 'Tight' blocks at 3 per 5 min; shadow rule",
  sipFailures: 3,
  portalFailures: 0,
  ruleName: 'Tight',
};
const WHITELISTED: BlacklistEntry = {
  ...BLACKLISTED,
  id: 'b-3',
  ip: '198.18.0.9',
  status: 'whitelisted',
  whitelistedAt: '2026-01-05T10:00:00Z',
  whitelistedBy: { id: 'u-tech', name: 'Tom Tech' },
};

describe(BlacklistPage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [BlacklistPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    removeOverlays();
  });

  const listRequest = () => http.expectOne((req) => req.method === 'GET' && req.url === '/api/blacklist');

  async function render(user = TECHNICIAN, items: BlacklistEntry[] = [BLACKLISTED, SHADOW, WHITELISTED]) {
    await signInAs(user);
    const fixture = TestBed.createComponent(BlacklistPage);
    TestBed.tick();
    listRequest().flush({ items, nextCursor: null });
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  const rows = (root: HTMLElement) => [...root.querySelectorAll('tr.mat-mdc-row')] as HTMLElement[];

  it('lists each IP with its status, why in plain words, its failures and its rule', async () => {
    const { root } = await render();

    expect(root.querySelector('h1')?.textContent).toBe('Blacklist');
    expect(texts(root, 'th')).toEqual([
      'IP',
      'Status',
      'Why',
      'Failures (SIP / portal)',
      'Last failure',
      'Rule',
      'Actions',
    ]);
    const [first, shadow, whitelisted] = rows(root);
    expect(texts(first, 'td').slice(0, 2)).toEqual(['203.0.113.9', 'Blacklisted']);
    expect(first.textContent).toContain(BLACKLISTED.reason);
    expect(texts(first, 'td')[3]).toBe('212 / 14');
    expect(texts(first, 'td')[5]).toBe('SIP brute force');
    expect(texts(shadow, 'td')[1]).toBe('Shadow');
    expect(whitelisted.textContent).toContain('Whitelisted by Tom Tech');
  });

  it('whitelists an IP once the user confirms, then reloads the list', async () => {
    const { fixture, root } = await render();
    // Shadow findings were never enforced and whitelisted IPs are already off: nothing to whitelist there.
    expect(texts(root, 'td.actions button')).toEqual(['Whitelist']);

    (root.querySelector('button[aria-label="Whitelist 203.0.113.9"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    expect(dialog.querySelector('h2')?.textContent).toBe('Whitelist 203.0.113.9?');
    expect(dialog.textContent).toContain('leaves the enforcement blocklist at once');
    button(dialog, 'Whitelist').click();
    await dialogClosed();

    const del = http.expectOne('/api/blacklist/203.0.113.9');
    expect(del.request.method).toBe('DELETE');
    del.flush({ ...BLACKLISTED, status: 'whitelisted', whitelistedAt: '2026-01-05T10:00:00Z' });
    TestBed.tick();
    listRequest().flush({ items: [{ ...BLACKLISTED, status: 'whitelisted' }], nextCursor: null });
    await fixture.whenStable();
    expect(texts(rows(root)[0], 'td')[1]).toBe('Whitelisted');
  });

  it('does nothing when the user cancels', async () => {
    const { fixture, root } = await render();
    (root.querySelector('button[aria-label="Whitelist 203.0.113.9"]') as HTMLButtonElement).click();
    await fixture.whenStable();
    button(document.querySelector('mat-dialog-container') as HTMLElement, 'Cancel').click();
    await dialogClosed();
    http.expectNone('/api/blacklist/203.0.113.9');
  });

  it('lets an admin remove a whitelist, and only shows the list to a manager', async () => {
    const admin = await render(ADMIN);
    expect(texts(admin.root, 'td.actions button')).toEqual(['Whitelist', 'Remove whitelist']);
    admin.fixture.destroy();
    removeOverlays();
    TestBed.resetTestingModule();
    TestBed.configureTestingModule({
      imports: [BlacklistPage],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    const manager = await render({ ...TECHNICIAN, role: 'manager' });
    expect(texts(manager.root, 'td.actions button')).toEqual([]);
  });

  it('asks the server for one status and says so when none has it', async () => {
    const { fixture, root } = await render(TECHNICIAN, []);
    expect(root.querySelector('.tg-empty')?.textContent?.trim()).toBe('No IP has been listed for brute force yet.');

    const field = root.querySelector('mat-form-field') as HTMLElement;
    (field.querySelector('.mat-mdc-select-trigger') as HTMLElement).click();
    TestBed.tick();
    const option = [...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === 'Watch');
    (option as HTMLElement).click();
    TestBed.tick();
    const req = listRequest();
    expect(req.request.params.get('status')).toBe('watch');
    req.flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(root.querySelector('.tg-empty')?.textContent?.trim()).toBe('No IPs with this status.');
  });
});
