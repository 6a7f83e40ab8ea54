import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, byLabel, dialogClosed, removeOverlays, texts, typeInto, wait } from '../../testing/dom';
import { signInAs, TECHNICIAN } from '../../testing/session';
import { SUMMARY, TICKET } from '../../testing/tickets';
import { SEARCH_DEBOUNCE_MS, TicketQueuePage } from './ticket-queue-page';

const ACME = { id: 'c-harb', name: 'Harborview Logistics', timezone: 'America/New_York' };

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
      'Ticket',
      'Severity',
      'State',
      'Customer',
      'Title',
      'Owner',
      'Exposure',
      'Age',
      'Actions',
    ]);
    const cells = texts(sut.root, 'tr.mat-mdc-row td');
    expect(cells.slice(0, 7)).toEqual([
      'FRD-000123',
      'warning',
      'Detected',
      'Harborview Logistics',
      'International calls to Cuba from seat 142',
      'Nobody',
      '$61.20',
    ]);
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
    expect(texts(sut.root, 'tr.mat-mdc-row td')[2]).toBe('Restricted');
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
        { ...SUMMARY, id: 't-2', number: 'FRD-000124', state: 'restricted', allowedEvents: ['RESTRICT'] },
      ],
      nextCursor: null,
    });
    await sut.settle();
    const rows = [...sut.root.querySelectorAll('tr.mat-mdc-row')] as HTMLElement[];
    expect(texts(rows[0], 'td button')).toEqual(['Take', 'Lift restrictions']);
    expect(texts(rows[1], 'td button')).toEqual(['Take']);
    expect(rows[1].textContent).toContain('Waiting on customer');
  });

  it('lets a technician take a case nobody owns, and release one of their own', async () => {
    const sut = await render();
    queueRequest().flush({
      items: [SUMMARY, { ...SUMMARY, id: 't-2', number: 'FRD-000124', ownerId: 'u-tech', ownerName: 'Tom Tech' }],
      nextCursor: null,
    });
    await sut.settle();
    const rows = [...sut.root.querySelectorAll('tr.mat-mdc-row')] as HTMLElement[];
    expect(texts(rows[1], 'td')[5]).toBe('You');

    button(rows[0], 'Take').click();
    const take = http.expectOne('/api/tickets/t-1/assign');
    expect(take.request.body).toEqual({ userId: 'u-tech' });
    take.flush({ ...TICKET, ownerId: 'u-tech', ownerName: 'Tom Tech' });
    TestBed.tick();
    queueRequest().flush({ items: [{ ...SUMMARY, ownerId: 'u-tech', ownerName: 'Tom Tech' }], nextCursor: null });
    await sut.settle();
    expect(texts(sut.root, 'tr.mat-mdc-row td')[5]).toBe('You');

    button(sut.root, 'Release').click();
    const release = http.expectOne('/api/tickets/t-1/assign');
    expect(release.request.body).toEqual({ userId: null });
    release.flush(TICKET);
    TestBed.tick();
    queueRequest().flush({ items: [SUMMARY], nextCursor: null });
    await sut.settle();
    expect(texts(sut.root, 'tr.mat-mdc-row td')[5]).toBe('Nobody');
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
});
