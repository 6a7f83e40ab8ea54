import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { button, byLabel, dialogClosed, removeOverlays, texts, typeInto, wait } from '../../testing/dom';
import { signInAs, TECHNICIAN } from '../../testing/session';
import { SUMMARY, TICKET } from '../../testing/tickets';
import { queueCallTime, SEARCH_DEBOUNCE_MS, TicketQueuePage } from './ticket-queue-page';

function header(root: HTMLElement, text: string): HTMLElement {
  const th = [...root.querySelectorAll('th')].find((h) => h.textContent?.trim() === text);
  if (!th) throw new Error(`No column "${text}"`);
  return (th.querySelector('.mat-sort-header-container') as HTMLElement | null) ?? th;
}

function exportHref(root: HTMLElement): string | null {
  return [...root.querySelectorAll('a')].find((a) => a.textContent?.includes('Export CSV'))!.getAttribute('href');
}

function press(target: Element, key: string): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

const ACME = { id: 'c-harb', name: 'Harborview Logistics', timezone: 'America/New_York' };
const SAVED = [
  {
    id: 'f-1',
    name: 'Mine by exposure',
    filter: { state: 'open', owner: 'me', sort: 'exposure', order: 'desc' },
    createdAt: '2026-03-01T10:00:00Z',
    updatedAt: '2026-03-01T10:00:00Z',
  },
];

describe(TicketQueuePage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [TicketQueuePage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.match((req) => req.url.endsWith('/restriction-preview'));
    http.verify();
    removeOverlays();
  });

  const queueRequest = () => http.expectOne((req) => req.method === 'GET' && req.url === '/api/tickets');

  async function render(user = TECHNICIAN) {
    await signInAs(user);
    const fixture = TestBed.createComponent(TicketQueuePage);
    TestBed.tick();
    const root = fixture.nativeElement as HTMLElement;
    http.expectOne((req) => req.url === '/api/customers').flush({ items: [ACME], nextCursor: null });
    http.expectOne((req) => req.method === 'GET' && req.url === '/api/tickets/filters').flush({ items: SAVED });
    return { fixture, root, settle: () => fixture.whenStable() };
  }

  async function choose(root: HTMLElement, label: string, option: string) {
    const field = [...root.querySelectorAll('mat-form-field')].find(
      (f) => f.querySelector('mat-label')?.textContent?.trim() === label,
    )!;
    (field.querySelector('.mat-mdc-select-trigger') as HTMLElement).click();
    TestBed.tick();
    const match = [...document.querySelectorAll('mat-option')].find((o) => o.textContent?.trim() === option);
    if (!match) throw new Error(`No option "${option}"`);
    (match as HTMLElement).click();
    TestBed.tick();
  }

  it('lists open tickets, most severe first as the server sorts them', async () => {
    const sut = await render();
    const req = queueRequest();
    expect(req.request.params.get('state')).toBe('open');
    expect(req.request.params.get('limit')).toBe('50');
    req.flush({ items: [SUMMARY], nextCursor: null });
    await sut.settle();

    expect(sut.root.querySelector('h1')?.textContent).toBe('Queue');
    expect(texts(sut.root, 'th')).toEqual([
      '',
      'Ticket',
      'Severity',
      'State',
      'Waits on',
      'Customer and case',
      'Owner',
      'Escalation',
      'Exposure',
      'First call',
      'Last call',
      'Age',
      'Actions',
    ]);
    const cells = texts(sut.root, 'tr.mat-mdc-row td');
    expect(cells.slice(1, 9).map((c) => c.replace(/\s+/g, ' '))).toEqual([
      'FRD-000123',
      'warning',
      'Detected',
      'Waits on NOC',
      'Harborview Logistics: International calls to Cuba from seat 142',
      'Nobody',
      '—',
      'Exposure $61.20',
    ]);
    // Call times carry the day unless it is today; the footer names their zone; the age counts from the first call.
    expect(cells[9]).toBe(queueCallTime(SUMMARY.firstCallAt));
    expect(cells[9]).toMatch(/Mar/);
    expect(cells[11]).toMatch(/^Age \d/);
    expect(sut.root.querySelector('.tg-table-footer')?.textContent).toMatch(/Call times in \S+/);
    expect(sut.root.querySelector('td a')?.getAttribute('href')).toBe('/tickets/t-1');
  });

  it('builds the query from the filters and the search', async () => {
    const sut = await render();
    queueRequest().flush({ items: [], nextCursor: null });
    await sut.settle();

    await choose(sut.root, 'State', 'Restricted');
    expect(queueRequest().request.params.get('state')).toBe('restricted');
    await choose(sut.root, 'Severity', 'urgent');
    const bySeverity = queueRequest();
    expect(bySeverity.request.params.get('severity')).toBe('urgent');
    bySeverity.flush({ items: [], nextCursor: null });
    await choose(sut.root, 'Customer', 'Harborview Logistics');
    queueRequest().flush({ items: [], nextCursor: null });

    typeInto(byLabel(sut.root, 'Search'), ' FRD-000123 ');
    // The search reaches the debounce through an effect, so tick, then give the debounce its time
    // (polled: on a busy machine the timer may fire late).
    TestBed.tick();
    await wait(SEARCH_DEBOUNCE_MS);
    let found = http.match((r) => r.method === 'GET' && r.url === '/api/tickets');
    for (let i = 0; i < 50 && !found.length; i++) {
      TestBed.tick();
      await wait(20);
      found = http.match((r) => r.method === 'GET' && r.url === '/api/tickets');
    }
    expect(found).toHaveLength(1);
    const [req] = found;
    expect(req.request.params.get('state')).toBe('restricted');
    expect(req.request.params.get('severity')).toBe('urgent');
    expect(req.request.params.get('customerId')).toBe('c-harb');
    expect(req.request.params.get('q')).toBe('FRD-000123');
    req.flush({ items: [], nextCursor: null });
    await sut.settle();
    expect(sut.root.textContent).toContain('No tickets match these filters.');
  });

  it('restricts a ticket from its row with the ticket as it is now', async () => {
    const sut = await render();
    queueRequest().flush({ items: [SUMMARY], nextCursor: null });
    await sut.settle();

    button(sut.root, 'Restrict').click();
    http.expectOne('/api/tickets/t-1').flush({ ...TICKET, version: 4 });
    // Not whenStable(): the dialog's customer request keeps the app busy until answered.
    TestBed.tick();
    http.expectOne('/api/customers/c-harb').flush({ id: 'c-harb', accountCode: 'HARB009', groups: [] });
    // The dialog starts from what the case's events named (nothing here).
    http.expectOne('/api/tickets/t-1/observables').flush({ items: [], suggestedRestrictions: [] });
    await sut.settle();

    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    expect(dialog.querySelector('h2')?.textContent).toContain('Restrict · FRD-000123');
    typeInto(byLabel(dialog, 'Value'), '203.0.113.77');
    button(dialog, 'Restrict').click();

    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body).toEqual({
      type: 'RESTRICT',
      restrictions: [{ kind: 'ip', value: '203.0.113.77' }],
      version: 4,
    });
    post.flush({ ...TICKET, state: 'restricted', version: 5 });
    // The dialog reports once its closing animation is over.
    await dialogClosed();
    TestBed.tick();
    queueRequest().flush({ items: [{ ...SUMMARY, state: 'restricted' }], nextCursor: null });
    await sut.settle();
    expect(texts(sut.root, 'tr.mat-mdc-row td')[3]).toBe('Restricted');
  });

  it('offers Restrict only where the server allows it', async () => {
    const sut = await render();
    queueRequest().flush({
      items: [
        { ...SUMMARY, allowedEvents: ['RESTRICT'] },
        { ...SUMMARY, id: 't-2', number: 'FRD-000124', allowedEvents: ['REOPEN'] },
      ],
      nextCursor: null,
    });
    await sut.settle();
    expect(texts(sut.root, 'td button').filter((b) => b === 'Restrict')).toEqual(['Restrict']);
  });

  it('offers each case its next step inline, and says when the customer has the move', async () => {
    const sut = await render();
    queueRequest().flush({
      items: [
        { ...SUMMARY, state: 'source_removed', allowedEvents: ['RESTRICT', 'LIFT_RESTRICTIONS'] },
        {
          ...SUMMARY,
          id: 't-2',
          number: 'FRD-000124',
          state: 'restricted',
          waitsOn: 'customer',
          allowedEvents: ['RESTRICT'],
        },
      ],
      nextCursor: null,
    });
    await sut.settle();
    const rows = [...sut.root.querySelectorAll('tr.mat-mdc-row')] as HTMLElement[];
    expect(texts(rows[0], 'td button')).toEqual(['Take', 'Lift restrictions']);
    expect(texts(rows[1], 'td button')).toEqual(['Take']);
    expect(texts(rows[1], 'td.waits').map((c) => c.replace(/\s+/g, ' '))).toEqual(['Waits on Customer']);
  });

  it('lets a technician take a case nobody owns, and release one of their own', async () => {
    const sut = await render();
    queueRequest().flush({
      items: [SUMMARY, { ...SUMMARY, id: 't-2', number: 'FRD-000124', ownerId: 'u-tech', ownerName: 'Tom Tech' }],
      nextCursor: null,
    });
    await sut.settle();
    const rows = [...sut.root.querySelectorAll('tr.mat-mdc-row')] as HTMLElement[];
    expect(texts(rows[1], 'td')[6]).toBe('You');

    button(rows[0], 'Take').click();
    const take = http.expectOne('/api/tickets/t-1/assign');
    expect(take.request.body).toEqual({ userId: 'u-tech' });
    take.flush({ ...TICKET, ownerId: 'u-tech', ownerName: 'Tom Tech' });
    TestBed.tick();
    queueRequest().flush({ items: [{ ...SUMMARY, ownerId: 'u-tech', ownerName: 'Tom Tech' }], nextCursor: null });
    await sut.settle();
    expect(texts(sut.root, 'tr.mat-mdc-row td')[6]).toBe('You');

    button(sut.root, 'Release').click();
    const release = http.expectOne('/api/tickets/t-1/assign');
    expect(release.request.body).toEqual({ userId: null });
    release.flush(TICKET);
    TestBed.tick();
    queueRequest().flush({ items: [SUMMARY], nextCursor: null });
    await sut.settle();
    expect(texts(sut.root, 'tr.mat-mdc-row td')[6]).toBe('Nobody');
  });

  it("filters by owner: my cases, or nobody's", async () => {
    const sut = await render();
    queueRequest().flush({ items: [], nextCursor: null });
    await sut.settle();
    await choose(sut.root, 'Owner', 'My cases');
    const mine = queueRequest();
    expect(mine.request.params.get('owner')).toBe('me');
    mine.flush({ items: [], nextCursor: null });
    await sut.settle();
    // The CSV export carries the same filters.
    const link = [...sut.root.querySelectorAll('a')].find((a) => a.textContent?.includes('Export CSV'))!;
    expect(link.getAttribute('href')).toBe('/api/tickets/export.csv?state=open&owner=me');
  });

  it('sorts on a column header: the server sorts, the CSV export follows', async () => {
    const sut = await render();
    queueRequest().flush({ items: [SUMMARY], nextCursor: null });
    await sut.settle();

    header(sut.root, 'Exposure').click();
    TestBed.tick();
    const costliest = queueRequest();
    expect(costliest.request.params.get('sort')).toBe('exposure');
    expect(costliest.request.params.get('order')).toBe('desc');
    costliest.flush({ items: [SUMMARY], nextCursor: null });
    await sut.settle();
    expect(exportHref(sut.root)).toBe('/api/tickets/export.csv?state=open&sort=exposure&order=desc');

    header(sut.root, 'First call').click();
    TestBed.tick();
    const first = queueRequest();
    expect([first.request.params.get('sort'), first.request.params.get('order')]).toEqual(['firstCallAt', 'asc']);
    first.flush({ items: [], nextCursor: null });
  });

  it('applies a saved filter, saves the current one under a name, and deletes one', async () => {
    const sut = await render();
    queueRequest().flush({ items: [], nextCursor: null });
    await sut.settle();

    await choose(sut.root, 'Saved filter', 'Mine by exposure');
    const applied = queueRequest();
    expect(applied.request.params.get('owner')).toBe('me');
    expect(applied.request.params.get('sort')).toBe('exposure');
    expect(applied.request.params.get('order')).toBe('desc');
    applied.flush({ items: [], nextCursor: null });
    await sut.settle();

    await choose(sut.root, 'Severity', 'urgent');
    queueRequest().flush({ items: [], nextCursor: null });
    button(sut.root, 'Save filter…').click();
    TestBed.tick();
    typeInto(byLabel(sut.root, 'Name this filter'), 'Urgent, mine');
    button(sut.root, 'Save').click();
    const save = http.expectOne((r) => r.method === 'POST' && r.url === '/api/tickets/filters');
    expect(save.request.body).toEqual({
      name: 'Urgent, mine',
      filter: { state: 'open', owner: 'me', severity: 'urgent', sort: 'exposure', order: 'desc' },
    });
    save.flush({ ...SAVED[0], id: 'f-2', name: 'Urgent, mine', filter: save.request.body.filter });
    TestBed.tick();
    http.expectOne((r) => r.method === 'GET' && r.url === '/api/tickets/filters').flush({ items: SAVED });
    await sut.settle();

    (sut.root.querySelector('[aria-label="Delete saved filter Urgent, mine"]') as HTMLElement).click();
    http.expectOne((r) => r.method === 'DELETE' && r.url === '/api/tickets/filters/f-2').flush(null);
    TestBed.tick();
    http.expectOne((r) => r.method === 'GET' && r.url === '/api/tickets/filters').flush({ items: SAVED });
    await sut.settle();
  });

  it('dismisses the selected cases in bulk and says which were refused and why', async () => {
    const sut = await render();
    const other = { ...SUMMARY, id: 't-2', number: 'FRD-000124' };
    queueRequest().flush({ items: [SUMMARY, other], nextCursor: null });
    await sut.settle();

    (sut.root.querySelector('input[aria-label="Select all shown cases"]') as HTMLInputElement).click();
    TestBed.tick();
    expect(sut.root.querySelector('.bulk')?.textContent).toContain('2 selected');
    button(sut.root, 'Dismiss…').click();
    TestBed.tick();
    await sut.settle();
    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    expect(dialog.querySelector('h2')?.textContent).toContain('Dismiss 2 cases');
    typeInto(byLabel(dialog, 'Reason'), 'Lab test calls');
    button(dialog, 'Dismiss').click();
    await dialogClosed();
    TestBed.tick();

    const post = http.expectOne((r) => r.method === 'POST' && r.url === '/api/tickets/bulk');
    expect(post.request.body).toEqual({ ids: ['t-1', 't-2'], action: 'dismiss', reason: 'Lab test calls' });
    post.flush({
      done: 1,
      refused: 1,
      results: [
        { id: 't-1', number: 'FRD-000123', ok: true, code: null, message: null },
        { id: 't-2', number: 'FRD-000124', ok: false, code: 'event_not_allowed', message: 'Already closed' },
      ],
    });
    TestBed.tick();
    queueRequest().flush({ items: [{ ...SUMMARY, state: 'dismissed' }, other], nextCursor: null });
    await sut.settle();
    expect(sut.root.querySelector('[role="status"]')?.textContent).toContain(
      '1 dismissed, 1 refused (FRD-000124: Already closed)',
    );
    // The refused case stays selected, to try again or act on otherwise.
    expect(sut.root.querySelector('.bulk')?.textContent).toContain('1 selected');
  });

  it('gives the selected cases to a colleague picked from the NOC, and says so', async () => {
    const sut = await render();
    const other = { ...SUMMARY, id: 't-2', number: 'FRD-000124' };
    queueRequest().flush({ items: [SUMMARY, other], nextCursor: null });
    await sut.settle();
    (sut.root.querySelector('input[aria-label="Select all shown cases"]') as HTMLInputElement).click();
    TestBed.tick();

    const field = sut.root.querySelector('.bulk .assign-to') as HTMLElement;
    (field.querySelector('.mat-mdc-select-trigger') as HTMLElement).click();
    TestBed.tick();
    await sut.settle();
    http
      .expectOne((r) => r.method === 'GET' && r.url === '/api/users/assignable')
      .flush({
        items: [
          { id: 'u-erin', name: 'Erin Engineer', role: 'engineer' },
          { id: 'u-terry', name: 'Terry Tech', role: 'technician' },
        ],
      });
    await sut.settle();
    const option = [...document.querySelectorAll('mat-option')].find((o) => o.textContent?.includes('Erin Engineer'));
    (option as HTMLElement).click();
    TestBed.tick();

    const post = http.expectOne((r) => r.method === 'POST' && r.url === '/api/tickets/bulk');
    expect(post.request.body).toEqual({ ids: ['t-1', 't-2'], action: 'assign', userId: 'u-erin' });
    post.flush({
      done: 2,
      refused: 0,
      results: [
        { id: 't-1', number: 'FRD-000123', ok: true, code: null, message: null },
        { id: 't-2', number: 'FRD-000124', ok: true, code: null, message: null },
      ],
    });
    TestBed.tick();
    queueRequest().flush({ items: [SUMMARY, other], nextCursor: null });
    await sut.settle();
    expect(sut.root.querySelector('[role="status"]')?.textContent).toContain('2 assigned to Erin Engineer');
    document.querySelectorAll('.cdk-overlay-container').forEach((el) => el.remove());
  });

  it('keyboard: / focuses the search, j and k move through the rows, Enter opens the case', async () => {
    const sut = await render();
    const router = TestBed.inject(Router);
    const navigate = vi.spyOn(router, 'navigate').mockResolvedValue(true);
    queueRequest().flush({ items: [SUMMARY, { ...SUMMARY, id: 't-2', number: 'FRD-000124' }], nextCursor: null });
    await sut.settle();

    press(document.body, '/');
    expect(document.activeElement).toBe(byLabel(sut.root, 'Search'));
    // Typed into the search, j is a letter.
    press(document.activeElement!, 'j');
    expect(sut.root.querySelector('tr.current')).toBeNull();

    (document.activeElement as HTMLElement).blur();
    press(document.body, 'j');
    press(document.activeElement!, 'j');
    TestBed.tick();
    const rows = [...sut.root.querySelectorAll('tr.row-link')];
    expect(document.activeElement).toBe(rows[1]);
    press(document.activeElement!, 'k');
    TestBed.tick();
    expect(document.activeElement).toBe(rows[0]);
    press(document.activeElement!, 'Enter');
    expect(navigate).toHaveBeenCalledWith(['/tickets', 't-1']);
  });

  it('shows a call time of today without its day, and an older one with it', () => {
    const now = new Date(2026, 2, 1, 12, 0);
    expect(queueCallTime(new Date(2026, 2, 1, 9, 5).toISOString(), now)).toMatch(/^09:05$/);
    expect(queueCallTime(new Date(2026, 1, 27, 23, 40).toISOString(), now)).toMatch(/Feb.*27|27.*Feb/);
    expect(queueCallTime(null, now)).toBe('—');
  });
});
