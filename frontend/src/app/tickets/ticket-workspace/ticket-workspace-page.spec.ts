import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, byLabel, dialogClosed, removeOverlays, texts, typeInto, wait } from '../../testing/dom';
import { signInAs, TECHNICIAN } from '../../testing/session';
import { EVENT, RULE } from '../../testing/detection';
import { CALL, restriction, TICKET, TIMELINE } from '../../testing/tickets';
import type { Ticket } from '../ticket';
import { TicketWorkspacePage } from './ticket-workspace-page';

const OBSERVABLES = [
  {
    kind: 'ip',
    value: '192.0.2.199',
    label: '192.0.2.199',
    otherTickets: [
      {
        id: 't-9',
        number: 'FRD-000099',
        state: 'restricted',
        openedAt: '2026-02-27T10:00:00Z',
        customerName: 'Acme Dental',
        accountCode: 'ACME01',
      },
    ],
    moreTickets: false,
  },
  { kind: 'country', value: 'CU', label: 'Cuba', otherTickets: [], moreTickets: false },
];

describe(TicketWorkspacePage.name, () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [TicketWorkspacePage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(TECHNICIAN);
  });

  afterEach(() => {
    http.verify();
    removeOverlays();
  });

  /** The ticket renders "Why it was raised", which asks for the ticket's events and the rules' names. */
  async function flushWhy() {
    await wait(0);
    TestBed.tick();
    const events = http.expectOne((req) => req.url === '/api/events');
    expect(events.request.params.get('ticketId')).toBe('t-1');
    events.flush({ items: [EVENT], nextCursor: null });
    http.expectOne('/api/rules').flush({ items: [RULE] });
    http.expectOne('/api/tickets/t-1/observables').flush({ items: OBSERVABLES });
    TestBed.tick();
    const calls = http.expectOne((req) => req.url === '/api/tickets/t-1/calls');
    expect(calls.request.params.get('sort')).toBe('-startedAt');
    calls.flush({ items: [CALL], nextCursor: null });
    http
      .expectOne('/api/tickets/t-1/calls/series')
      .flush({ bucketSeconds: 60, points: [{ at: '2026-03-01T09:12:00Z', calls: 1, cost: 3.5 }] });
    http.expectOne('/api/tickets/t-1/attachments').flush({ items: [], nextCursor: null });
    // The threshold-increase panel lists the ticket's requests.
    http.match((req) => req.url === '/api/threshold-requests').forEach((r) => r.flush({ items: [] }));
  }

  async function render(ticket: Ticket = TICKET) {
    const fixture = TestBed.createComponent(TicketWorkspacePage);
    fixture.componentRef.setInput('id', 't-1');
    TestBed.tick();
    http.expectOne('/api/tickets/t-1').flush(ticket);
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: TIMELINE, nextCursor: null });
    await flushWhy();
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const actions = () => texts(root, '[aria-label="Actions"] button');
    return { fixture, root, actions, settle: () => fixture.whenStable() };
  }

  it('shows the case: header, lifecycle, exposure, clocks, checklist, evidence and timeline', async () => {
    const { root } = await render();
    expect(root.querySelector('h1')?.textContent).toContain('FRD-000123');
    expect(root.querySelector('h1')?.textContent).toContain('International calls to Cuba');
    expect(texts(root, '.badges .tg-badge')).toEqual(['warning', 'Detected']);
    expect(root.querySelector('[aria-current="step"]')?.textContent).toContain('Detected');
    expect(texts(root, '.figures dd')).toEqual(['12', '48.5', '$61.20']);
    expect(root.textContent).toContain('Time to acknowledge');
    expect(texts(root, '.checklist mat-checkbox')).toEqual([
      'Is international dialling enabled on the seat?',
      'Which IP does the device register from?',
    ]);
    const links = [...root.querySelectorAll('.evidence a')].map((a) => [a.textContent?.trim(), a.getAttribute('href')]);
    expect(links).toEqual([
      ['Download CDRs (CSV)', '/api/tickets/t-1/cdrs.csv'],
      ['Download report (PDF)', '/api/tickets/t-1/report.pdf'],
    ]);
    const why = root.querySelector('[aria-labelledby="why-heading"]') as HTMLElement;
    expect(why.textContent).toContain('Rule ‘International burst’ (Threshold)');
    expect(why.textContent).toContain('22 calls in 4 min to LV, CU from seat');
    expect(texts(why, '.facts dt')).toEqual(['Seats', 'IPs', 'Destinations', 'Countries', 'Calls']);
    expect(texts(why, '.facts dd')[1]).toBe('192.0.2.199');
    expect(texts(why, '.restriction')).toEqual(['Seat 6175550142@harborview.voip.example.net']);
    const names = root.querySelector('[aria-labelledby="observables-heading"]') as HTMLElement;
    expect(texts(names, 'tbody tr').map((r) => r.replace(/\s+/g, ' '))).toEqual([
      'Source IP192.0.2.199FRD-000099 (ACME01, Restricted)',
      'CountryCubaNone',
    ]);
    expect(names.querySelector('a')?.getAttribute('href')).toBe('/tickets/t-9');
    const calls = root.querySelector('[aria-labelledby="calls-heading"]') as HTMLElement;
    expect(texts(calls, 'th')).toEqual(['Time', 'Seat', 'Source IP', 'Destination', 'Country', 'Duration', 'Cost']);
    expect(texts(calls, 'tr.mat-mdc-row td').slice(1)).toEqual([
      'Front desk',
      '192.0.2.199',
      '+37181431366',
      'Latvia',
      '2:05',
      '$3.50',
    ]);
    const entries = root.querySelectorAll('tg-timeline li.entry');
    expect(entries.length).toBe(2);
    expect(entries[0].textContent).not.toContain('Internal');
    expect(entries[1].textContent).toContain('Internal');
    expect(entries[1].textContent).toContain('Called the customer, no answer.');
  });

  it('renders exactly one button per allowed event: the next step first and primary, then the server order', async () => {
    const { root, actions } = await render({
      ...TICKET,
      allowedEvents: ['CONFIRM_CHARGES_ACCEPTED', 'REQUEST_INFO', 'RESTRICT', 'ESCALATE', 'PAGE_TIMEOUT'],
    });
    expect(actions()).toEqual(['Restrict', 'Confirm charges accepted', 'Request info', 'Escalate']);
    const primary = [...root.querySelectorAll('[aria-label="Actions"] button.mat-mdc-unelevated-button')];
    expect(primary.map((b) => b.textContent?.trim())).toEqual(['Restrict']);
  });

  it('makes lifting the primary action once the customer removed the source; Restrict stays, secondary', async () => {
    const { root, actions } = await render({
      ...TICKET,
      state: 'source_removed',
      allowedEvents: ['RESTRICT', 'LIFT_RESTRICTIONS', 'ESCALATE'],
    });
    expect(actions()).toEqual(['Lift restrictions', 'Restrict', 'Escalate']);
    const primary = [...root.querySelectorAll('[aria-label="Actions"] button.mat-mdc-unelevated-button')];
    expect(primary.map((b) => b.textContent?.trim())).toEqual(['Lift restrictions']);
  });

  it('offers nothing when nothing is allowed', async () => {
    const { root, actions } = await render({ ...TICKET, allowedEvents: [] });
    expect(actions()).toEqual([]);
    expect(root.textContent).toContain('Nothing for you to do on this ticket now.');
  });

  it('posts the event with the version it showed, then shows the ticket the server returns', async () => {
    const sut = await render({ ...TICKET, version: 7, allowedEvents: ['DISMISS'] });
    button(sut.root, 'Dismiss').click();
    await sut.settle();
    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    typeInto(byLabel(dialog, 'Reason'), 'Customer was load-testing');
    button(dialog, 'Dismiss').click();

    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body).toEqual({ type: 'DISMISS', reason: 'Customer was load-testing', version: 7 });
    post.flush({ ...TICKET, state: 'dismissed', version: 8, allowedEvents: ['REOPEN'] });
    await dialogClosed();
    TestBed.tick();
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: TIMELINE, nextCursor: null });
    await sut.settle();

    expect(sut.actions()).toEqual(['Reopen']);
    expect(texts(sut.root, '.badges .tg-badge')).toContain('Dismissed');
  });

  it('lifts without asking once the checklist is done, and asks nothing when cancelled', async () => {
    const done = TICKET.checklist.map((i) => ({ ...i, checked: true }));
    const sut = await render({ ...TICKET, checklist: done, allowedEvents: ['LIFT_RESTRICTIONS'] });
    button(sut.root, 'Lift restrictions').click();
    await sut.settle();
    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    expect(dialog.querySelector('h2')?.textContent).toContain('Lift restrictions · FRD-000123');
    button(dialog, 'Cancel').click();
    await dialogClosed();
  });

  it('shows a 409 and reloads the ticket', async () => {
    const sut = await render({ ...TICKET, allowedEvents: ['LIFT_RESTRICTIONS'] });
    button(sut.root, 'Lift restrictions').click();
    await sut.settle();
    // One checklist item is unticked: lifting asks first.
    const confirm = document.querySelector('mat-dialog-container') as HTMLElement;
    expect(confirm.querySelector('h2')?.textContent).toBe('Lift with the checklist unfinished?');
    expect(confirm.textContent).toContain(
      '1 checklist item is not ticked: “Is international dialling enabled on the seat?”. Lift the restrictions anyway?',
    );
    button(confirm, 'Lift anyway').click();
    await dialogClosed();
    await sut.settle();
    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    button(dialog, 'Lift restrictions').click();
    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body).toEqual({ type: 'LIFT_RESTRICTIONS', version: 3 });
    post.flush(
      {
        statusCode: 409,
        message: 'The ticket changed since you loaded it (version 3, now 4)',
        code: 'ticket_stale_version',
        allowedEvents: [],
      },
      { status: 409, statusText: 'Conflict' },
    );
    await dialogClosed();
    TestBed.tick();

    http
      .expectOne('/api/tickets/t-1')
      .flush({ ...TICKET, version: 4, state: 'restrictions_lifted', allowedEvents: ['REOPEN'] });
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: TIMELINE, nextCursor: null });
    await sut.settle();
    expect(sut.root.querySelector('[role="alert"]')?.textContent).toContain('The ticket changed since you loaded it');
    expect(sut.actions()).toEqual(['Reopen']);
  });

  it('tells whether the switch blocklist carries each restriction', async () => {
    const fixture = TestBed.createComponent(TicketWorkspacePage);
    fixture.componentRef.setInput('id', 't-1');
    TestBed.tick();
    http.expectOne('/api/tickets/t-1').flush({
      ...TICKET,
      state: 'restricted',
      restrictions: [
        restriction({ id: 'r-1', kind: 'ip', value: '203.0.113.77/32', status: 'active' }),
        restriction({ id: 'r-2', kind: 'destination', value: '+53', status: 'active' }),
        restriction({ id: 'r-3', kind: 'seat', value: '6175550142@harborview.voip.example.net', status: 'lifted' }),
      ],
    });
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: [], nextCursor: null });
    await flushWhy();
    http.expectOne('/api/enforcement/blocklist').flush({
      ips: ['203.0.113.77/32'],
      seats: [],
      groups: [],
      destinations: [],
      accounts: [],
      version: 12,
    });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(texts(root, 'table.small tbody tr').map((row) => row.replace(/\s+/g, ' '))).toEqual([
      'IP address203.0.113.77/32Placed by Terry TechactiveEnforced',
      'Destination+53Placed by Terry TechactiveNot yet enforced',
      'Seat6175550142@harborview.voip.example.netPlaced by Terry Techlifted',
    ]);
  });

  it("counts a customer block as enforced only when the blocklist carries it for the ticket's account", async () => {
    const fixture = TestBed.createComponent(TicketWorkspacePage);
    fixture.componentRef.setInput('id', 't-1');
    TestBed.tick();
    http.expectOne('/api/tickets/t-1').flush({
      ...TICKET,
      accountCode: 'HARB009',
      state: 'restricted',
      restrictions: [
        restriction({ id: 'r-1', kind: 'destination', value: '+371', status: 'active' }),
        restriction({ id: 'r-2', kind: 'destination', value: '+53', status: 'active' }),
        restriction({ id: 'r-3', kind: 'group', value: 'HARB009-BOSTON', status: 'active' }),
        restriction({ id: 'r-4', kind: 'account', value: 'HARB009', status: 'active' }),
      ],
    });
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: [], nextCursor: null });
    await flushWhy();
    http.expectOne('/api/enforcement/blocklist').flush({
      ips: [],
      seats: [],
      groups: [{ account: 'harb009', value: 'HARB009-BOSTON' }],
      // +53 is blocked for another customer only.
      destinations: [
        { account: 'HARB009', value: '+371' },
        { account: 'ACME01', value: '+53' },
      ],
      accounts: ['HARB009'],
      version: 13,
    });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(texts(root, 'table.small tbody tr td.switch')).toEqual([
      'Enforced',
      'Not yet enforced',
      'Enforced',
      'Enforced',
    ]);
  });

  it('shows why an IP restriction reaches beyond the customer, and whose inventory it covers', async () => {
    const fixture = TestBed.createComponent(TicketWorkspacePage);
    fixture.componentRef.setInput('id', 't-1');
    TestBed.tick();
    http.expectOne('/api/tickets/t-1').flush({
      ...TICKET,
      accountCode: 'HARB009',
      state: 'restricted',
      restrictions: [
        restriction({
          id: 'r-1',
          kind: 'ip',
          value: '192.0.2.0/24',
          status: 'active',
          reason: 'hosted PBX range of both customers',
          covers: [
            { customerId: 'c-acme', accountCode: 'ACME01', name: 'Acme Dental' },
            { customerId: 'c-harb', accountCode: 'HARB009', name: 'Harborview Logistics' },
          ],
        }),
        restriction({ id: 'r-2', kind: 'destination', value: '+371', status: 'active' }),
      ],
    });
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: [], nextCursor: null });
    await flushWhy();
    http.expectOne('/api/enforcement/blocklist').flush({
      ips: ['192.0.2.0/24'],
      seats: [],
      groups: [],
      destinations: [],
      accounts: [],
      version: 2,
    });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    expect(texts(root, 'table.small tbody tr:first-child .scope')).toEqual([
      'Covers the inventory of ACME01 (Acme Dental), HARB009 (Harborview Logistics)',
      'Reason: hosted PBX range of both customers',
    ]);
    expect(texts(root, 'table.small tbody tr:nth-child(2) .scope')).toEqual([]);
  });

  it('shows a stepped restriction and when it ends; the switch carries the class for the account', async () => {
    const fixture = TestBed.createComponent(TicketWorkspacePage);
    fixture.componentRef.setInput('id', 't-1');
    TestBed.tick();
    http.expectOne('/api/tickets/t-1').flush({
      ...TICKET,
      accountCode: 'HARB009',
      state: 'restricted',
      restrictions: [
        restriction({
          id: 'r-1',
          kind: 'destination_class',
          value: 'international',
          status: 'active',
          expiresAt: '2026-03-03T02:00:00Z',
        }),
        restriction({ id: 'r-2', kind: 'destination_class', value: 'caribbean', status: 'active' }),
      ],
    });
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: [], nextCursor: null });
    await flushWhy();
    http.expectOne('/api/enforcement/blocklist').flush({
      ips: [],
      seats: [],
      groups: [],
      destinations: [],
      destinationClasses: [{ account: 'HARB009', value: 'international', expiresAt: '2026-03-03T02:00:00Z' }],
      accounts: [],
      version: 3,
    });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const rows = texts(root, 'table.small tbody tr').map((row) => row.replace(/\s+/g, ' '));
    expect(rows[0]).toMatch(
      // The time says its zone, and the customer's wall clock follows where their zone differs.
      /^Destination classinternationalUntil 2026-03-0[23] \d\d:\d\d \S+( · [\d -]+:\d\d America\/New_York \(customer\))?, then restoredPlaced by Terry TechactiveEnforced$/,
    );
    expect(rows[1]).toBe('Destination classcaribbeanPlaced by Terry TechactiveNot yet enforced');
  });

  it('saves the client summary, checklist findings and notes', async () => {
    const sut = await render();
    typeInto(byLabel(sut.root, 'Client-facing summary') as unknown as HTMLInputElement, 'New summary');
    await sut.settle();
    button(sut.root, 'Save summary').click();
    const summary = http.expectOne('/api/tickets/t-1/client-summary');
    expect(summary.request.body).toEqual({ clientSummary: 'New summary' });
    summary.flush({ ...TICKET, clientSummary: 'New summary' });
    await sut.settle();

    (sut.root.querySelector('.checklist mat-checkbox input') as HTMLInputElement).click();
    const item = http.expectOne('/api/tickets/t-1/checklist/k-1');
    expect(item.request.body).toEqual({ checked: true, finding: '' });
    item.flush({ ...TICKET.checklist[0], checked: true, checkedBy: 'Terry Tech', checkedAt: '2026-03-01T10:06:00Z' });
    await sut.settle();

    typeInto(byLabel(sut.root, 'Note') as unknown as HTMLInputElement, 'Customer called back');
    await sut.settle();
    button(sut.root, 'Add note').click();
    const note = http.expectOne('/api/tickets/t-1/notes');
    expect(note.request.body).toEqual({ body: 'Customer called back', visibility: 'internal' });
    note.flush({
      id: '3',
      type: 'note',
      visibility: 'internal',
      payload: { body: 'Customer called back' },
      at: '2026-03-01T10:07:00Z',
    });
    TestBed.tick();
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: TIMELINE, nextCursor: null });
    await sut.settle();
  });
});
