import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { button, byLabel, texts, typeInto, wait } from '../../testing/dom';
import { CUSTOMER_USER, signInAs } from '../../testing/session';
import { restriction, TICKET, TIMELINE } from '../../testing/tickets';
import type { Ticket, TimelineEntry } from '../../tickets/ticket';
import { INTERNAL_WORDS } from '../customer-words';
import { PortalTicketPage } from './portal-ticket-page';

const RESTRICTED: Ticket = {
  ...TICKET,
  state: 'restricted',
  version: 5,
  allowedEvents: ['CUSTOMER_REVIEW'],
  checklist: [],
  restrictions: [
    restriction({ id: 'r-1', kind: 'ip', value: '203.0.113.77/32', status: 'active' }),
    // The server's words name the country; the portal shows them as they come.
    restriction({
      id: 'r-2',
      kind: 'destination',
      value: '+5321',
      status: 'active',
      blocks: 'calls to numbers starting +5321 (Cuba)',
    }),
    restriction({ id: 'r-0', kind: 'destination', value: '+53', status: 'lifted' }),
  ],
};

describe(PortalTicketPage.name, () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [PortalTicketPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(CUSTOMER_USER);
  });

  afterEach(() => http.verify());

  async function render(
    ticket: Ticket,
    timeline: TimelineEntry[] = TIMELINE.filter((e) => e.visibility === 'customer'),
    verdict?: string,
  ) {
    const fixture = TestBed.createComponent(PortalTicketPage);
    fixture.componentRef.setInput('id', 't-1');
    if (verdict) fixture.componentRef.setInput('verdict', verdict);
    TestBed.tick();
    http.expectOne('/api/tickets/t-1').flush(ticket);
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: timeline, nextCursor: null });
    await wait(0);
    TestBed.tick();
    http.expectOne('/api/tickets/t-1/attachments').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement, settle: () => fixture.whenStable() };
  }

  it('shows the summary, the restrictions in force, the evidence and the history', async () => {
    const { root } = await render(RESTRICTED);
    expect(root.querySelector('h1')?.textContent).toContain('FRD-000123');
    expect(root.textContent).toContain('We saw 12 calls to +53 from your seat 142.');
    expect(texts(root, '.restrictions li')).toEqual([
      'calls from the address 203.0.113.77',
      'calls to numbers starting +5321 (Cuba)',
    ]);
    expect([...root.querySelectorAll('.evidence a')].map((a) => a.textContent?.trim())).toEqual([
      'Download CDRs (CSV)',
      'Download report (PDF)',
    ]);
    expect(root.querySelectorAll('tg-timeline li.entry').length).toBe(1);
    expect(root.textContent).not.toContain('Internal');
    expect(texts(root, 'h2')).toContain('Your review');
  });

  it('opens the review with the choice a review link made, which the customer can still change', async () => {
    const { root } = await render(RESTRICTED, undefined, 'legitimate');
    const checked = root.querySelector('tg-review-form mat-radio-button.mat-mdc-radio-checked');
    expect(checked?.textContent).toContain('Legitimate – I accept the charges');
    expect(root.textContent).toContain('I accept the charges');
  });

  it('ignores a verdict that is not one', async () => {
    const { root } = await render(RESTRICTED, undefined, 'maybe');
    expect(root.querySelector('tg-review-form mat-radio-button.mat-mdc-radio-checked')).toBeNull();
  });

  it("speaks the customer's words: no event or state names, restriction kinds or severities", async () => {
    const restricted: TimelineEntry = {
      id: '3',
      ticketId: 't-1',
      type: 'RESTRICT',
      actor: { id: 'u-terry', role: 'technician', name: 'Terry Tech' },
      fromState: 'detected',
      toState: 'restricted',
      payload: {
        restrictions: [
          { kind: 'destination', value: '+53' },
          { kind: 'ip', value: '203.0.113.77/32' },
        ],
      },
      visibility: 'customer',
      at: '2026-03-01T10:10:00Z',
    };
    const { root } = await render(RESTRICTED, [...TIMELINE.filter((e) => e.visibility === 'customer'), restricted]);
    const text = root.textContent ?? '';
    expect(texts(root, '.badges .tg-badge')).toEqual(['Calls blocked — waiting for your review']);
    expect(text).toContain('Calls blocked to stop the fraud');
    expect(text).toContain('calls to numbers starting +53; calls from the address 203.0.113.77');
    expect(texts(root, '.steps .label')).toEqual([
      'Unusual calls found',
      'Calls blocked',
      'Your review',
      'Source removed / charges accepted',
      'Calls unblocked',
    ]);
    for (const word of [...INTERNAL_WORDS, 'Restricted', 'IP address', 'Detected', 'warning', '(technician)']) {
      expect(text, word).not.toContain(word);
    }
  });

  it('offers the review only when the server allows it', async () => {
    const { root } = await render({ ...RESTRICTED, state: 'customer_reviewed', allowedEvents: [] });
    expect(root.querySelector('tg-review-form')).toBeNull();
  });

  it('sends the review with the version shown, and shows the new state', async () => {
    const sut = await render(RESTRICTED);
    const radio = [...sut.root.querySelectorAll('mat-radio-button')].find((r) =>
      r.textContent?.includes('Legitimate – I accept the charges'),
    )!;
    (radio.querySelector('input') as HTMLInputElement).click();
    await sut.settle();
    const accept = [...sut.root.querySelectorAll('mat-checkbox')].find((c) =>
      c.textContent?.includes('I accept the charges'),
    )!;
    (accept.querySelector('input') as HTMLInputElement).click();
    typeInto(byLabel(sut.root, 'Message') as unknown as HTMLInputElement, 'These were our own calls.');
    button(sut.root, 'Submit review').click();

    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body).toEqual({
      type: 'CUSTOMER_REVIEW',
      verdict: 'legitimate',
      message: 'These were our own calls.',
      acceptCharges: true,
      version: 5,
    });
    post.flush({ ...RESTRICTED, state: 'customer_reviewed', version: 6, allowedEvents: [], verdict: 'legitimate' });
    TestBed.tick();
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: [], nextCursor: null });
    await sut.settle();
    expect(sut.root.querySelector('tg-review-form')).toBeNull();
    expect(texts(sut.root, '.badges .tg-badge')).toEqual(['Review received — we are checking your answer']);
  });

  it('sends a message to the NOC as a customer-visible note', async () => {
    const sut = await render({ ...RESTRICTED, allowedEvents: [] });
    typeInto(byLabel(sut.root, 'Message to the NOC') as unknown as HTMLInputElement, 'Who do we call about this?');
    await sut.settle();
    button(sut.root, 'Send message').click();
    const req = http.expectOne('/api/tickets/t-1/notes');
    expect(req.request.body).toEqual({ body: 'Who do we call about this?', visibility: 'customer' });
    req.flush({});
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/tickets/t-1/timeline').flush({ items: [], nextCursor: null });
    await sut.settle();
  });

  it('shows a 409 and reloads the ticket', async () => {
    const sut = await render(RESTRICTED);
    const radio = [...sut.root.querySelectorAll('mat-radio-button')].find((r) =>
      r.textContent?.includes('Fraudulent'),
    )!;
    (radio.querySelector('input') as HTMLInputElement).click();
    await sut.settle();
    (sut.root.querySelector('mat-checkbox input') as HTMLInputElement).click();
    typeInto(byLabel(sut.root, 'Message') as unknown as HTMLInputElement, 'Hacked ATA unplugged');
    button(sut.root, 'Submit review').click();
    http.expectOne('/api/tickets/t-1/events').flush(
      {
        statusCode: 409,
        message: 'CUSTOMER_REVIEW is not allowed in state dismissed',
        code: 'event_not_allowed',
        allowedEvents: [],
      },
      { status: 409, statusText: 'Conflict' },
    );
    TestBed.tick();
    http.expectOne('/api/tickets/t-1').flush({ ...RESTRICTED, state: 'dismissed', allowedEvents: [] });
    http.expectOne((req) => req.url === '/api/tickets/t-1/timeline').flush({ items: [], nextCursor: null });
    await sut.settle();
    expect(sut.root.querySelector('[role="alert"]')?.textContent).toContain('not allowed in state dismissed');
    expect(sut.root.querySelector('tg-review-form')).toBeNull();
  });
});
