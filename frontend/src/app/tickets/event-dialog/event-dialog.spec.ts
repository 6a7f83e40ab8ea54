import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA, MatDialogRef } from '@angular/material/dialog';
import { button, byLabel, removeOverlays, texts, typeInto } from '../../testing/dom';
import { ADMIN, signInAs } from '../../testing/session';
import { TICKET } from '../../testing/tickets';
import type { TicketEventType } from '../ticket';
import { EventDialog } from './event-dialog';

const HARBORVIEW = {
  id: 'c-harb',
  accountCode: 'HARB009',
  groups: [
    {
      id: 'g-1',
      name: 'Boston office',
      externalId: 'HARB009-BOSTON',
      seats: [{ id: 's-1', userId: '6175550142@harborview.voip.example.net', name: 'Front desk' }],
    },
  ],
};

describe(EventDialog.name, () => {
  let http: HttpTestingController;
  const close = vi.fn();

  function configure(type: TicketEventType) {
    TestBed.configureTestingModule({
      imports: [EventDialog],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: MAT_DIALOG_DATA, useValue: { ticket: TICKET, type } },
        { provide: MatDialogRef, useValue: { close } },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  }

  function render(type: TicketEventType) {
    configure(type);
    return create();
  }

  function create() {
    const fixture = TestBed.createComponent(EventDialog);
    TestBed.tick();
    const root = fixture.nativeElement as HTMLElement;
    return { fixture, root, settle: () => fixture.whenStable() };
  }

  async function choose(root: HTMLElement, index: number, option: string) {
    (root.querySelectorAll('mat-select .mat-mdc-select-trigger')[index] as HTMLElement).click();
    TestBed.tick();
    // The panel just opened: closed ones may linger in the DOM while they animate out.
    const panels = document.querySelectorAll('.mat-mdc-select-panel');
    const options = panels[panels.length - 1]?.querySelectorAll('mat-option') ?? [];
    const match = [...options].find((o) => o.textContent?.trim().startsWith(option));
    if (!match) throw new Error(`No option "${option}"`);
    (match as HTMLElement).click();
    TestBed.tick();
  }

  /** What the restrict form starts from: the customer's inventory and the server's suggestion (none by default). */
  function flushSources(suggestedRestrictions: { kind: string; value: string }[] = []) {
    http.expectOne('/api/customers/c-harb').flush(HARBORVIEW);
    http.expectOne('/api/tickets/t-1/observables').flush({ items: [], suggestedRestrictions });
  }

  afterEach(() => {
    // Previews the form asked for while it was being filled in (their own test checks them).
    http.match((req) => req.url.endsWith('/restriction-preview'));
    http.verify();
    close.mockReset();
    removeOverlays();
  });

  it('restricts several things at once, offering the customer seats, and sends only what was written', async () => {
    const sut = render('RESTRICT');
    flushSources();
    await sut.settle();
    expect(sut.root.querySelector('h2')?.textContent).toContain('Restrict · FRD-000123');

    typeInto(byLabel(sut.root, 'Value'), ' 203.0.113.77 ');
    button(sut.root, 'Add restriction').click();
    await sut.settle();
    await choose(sut.root, 1, 'Seat');
    await choose(sut.root, 2, 'Front desk');
    button(sut.root, 'Add restriction').click();
    await sut.settle();
    await choose(sut.root, 3, 'Account');
    typeInto(byLabel(sut.root, 'Message to the customer') as unknown as HTMLInputElement, 'Calls to +53 are blocked');
    button(sut.root, 'Restrict').click();

    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body).toEqual({
      type: 'RESTRICT',
      restrictions: [
        { kind: 'ip', value: '203.0.113.77' },
        { kind: 'seat', value: '6175550142@harborview.voip.example.net' },
        { kind: 'account', value: 'HARB009' },
      ],
      message: 'Calls to +53 are blocked',
      version: 3,
    });
    post.flush({ ...TICKET, state: 'restricted' });
    expect(close).toHaveBeenCalledWith({ ticket: expect.objectContaining({ state: 'restricted' }) });
  });

  it('sends the reason of an IP restriction; only an admin is offered to confirm a broad range', async () => {
    const sut = render('RESTRICT');
    flushSources();
    await sut.settle();
    expect(sut.root.textContent).not.toContain('Confirm a broad range');
    typeInto(byLabel(sut.root, 'Value'), '192.0.2.0/24');
    typeInto(byLabel(sut.root, 'Reason for this IP block'), ' hosted PBX range ');
    button(sut.root, 'Restrict').click();
    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body).toEqual({
      type: 'RESTRICT',
      restrictions: [{ kind: 'ip', value: '192.0.2.0/24', reason: 'hosted PBX range' }],
      version: 3,
    });
    post.flush(
      {
        message: ['restrictions.0.reason is required: 192.0.2.0/24 covers addresses of ACME01 (Acme Dental)'],
        code: 'restriction_reason_required',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await sut.settle();
    expect(texts(sut.root, '[role="alert"] div')).toEqual([
      'restrictions.0.reason is required: 192.0.2.0/24 covers addresses of ACME01 (Acme Dental)',
    ]);
  });

  it('lets an admin confirm a broad IP range', async () => {
    configure('RESTRICT');
    await signInAs(ADMIN);
    const sut = create();
    flushSources();
    await sut.settle();
    typeInto(byLabel(sut.root, 'Value'), '10.0.0.0/8');
    typeInto(byLabel(sut.root, 'Reason for this IP block'), 'carrier advisory');
    (sut.root.querySelector('mat-checkbox input') as HTMLInputElement).click();
    await sut.settle();
    button(sut.root, 'Restrict').click();
    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body.restrictions).toEqual([
      { kind: 'ip', value: '10.0.0.0/8', reason: 'carrier advisory', confirmBroad: true },
    ]);
    post.flush({ ...TICKET, state: 'restricted' });
  });

  it('steps a customer down to NANP-only for 12 hours: the class and its end are sent', async () => {
    const now = Date.parse('2026-03-02T14:00:00Z');
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now);
    const sut = render('RESTRICT');
    flushSources();
    await sut.settle();
    await choose(sut.root, 0, 'Destination class');
    await choose(sut.root, 1, 'International');
    typeInto(byLabel(sut.root, 'Ends after (hours)'), '12');
    button(sut.root, 'Restrict').click();
    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body.restrictions).toEqual([
      { kind: 'destination_class', value: 'international', expiresAt: '2026-03-03T02:00:00.000Z' },
    ]);
    post.flush({ ...TICKET, state: 'restricted' });
    clock.mockRestore();
  });

  it("starts from what the case's events named: the seat by its inventory name, sent as the inventory spells it", async () => {
    const sut = render('RESTRICT');
    flushSources([{ kind: 'seat', value: '6175550142@HARBORVIEW.voip.example.net' }]);
    await sut.settle();
    expect(texts(sut.root, 'mat-select')).toEqual(['Seat', 'Front desk (6175550142@harborview.voip.example.net)']);
    button(sut.root, 'Restrict').click();
    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body.restrictions).toEqual([{ kind: 'seat', value: '6175550142@harborview.voip.example.net' }]);
    post.flush({ ...TICKET, state: 'restricted' });
  });

  it('starts from a destination the case names, as a prefix', async () => {
    const sut = render('RESTRICT');
    flushSources([{ kind: 'destination', value: '+53' }]);
    await sut.settle();
    expect(texts(sut.root, 'mat-select')).toEqual(['Destination']);
    expect(byLabel(sut.root, 'Value').value).toBe('+53');
  });

  it('shows what each restriction will block before it is applied', async () => {
    const sut = render('RESTRICT');
    flushSources();
    await sut.settle();
    typeInto(byLabel(sut.root, 'Value'), '192.0.2.0/24');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const preview = http.expectOne({ method: 'POST', url: '/api/tickets/t-1/restriction-preview' });
    expect(preview.request.body).toEqual({ restrictions: [{ kind: 'ip', value: '192.0.2.0/24' }] });
    preview.flush({
      items: [
        {
          kind: 'ip',
          value: '192.0.2.0/24',
          blocks: 'IP 192.0.2.0/24: 256 addresses, 1 of them registered to ACME01',
          warning: 'Also stops ACME01 (Acme Dental): give a reason',
        },
      ],
    });
    await sut.settle();
    expect(texts(sut.root, '.preview > div')).toEqual([
      'Blocks: IP 192.0.2.0/24: 256 addresses, 1 of them registered to ACME01',
      'Also stops ACME01 (Acme Dental): give a reason',
    ]);
  });

  it('wants a destination as an E.164 prefix', async () => {
    const sut = render('RESTRICT');
    flushSources();
    await sut.settle();
    await choose(sut.root, 0, 'Destination');
    typeInto(byLabel(sut.root, 'Value'), '0053');
    button(sut.root, 'Restrict').click();
    await sut.settle();
    expect(sut.root.textContent).toContain('An E.164 prefix starts with + and a digit other than 0');
  });

  it('asks for a reason and shows a 400 in the dialog', async () => {
    const sut = render('ESCALATE');
    await sut.settle();
    button(sut.root, 'Escalate').click();
    await sut.settle();
    expect(sut.root.textContent).toContain('Give a reason');

    typeInto(byLabel(sut.root, 'Reason') as unknown as HTMLInputElement, 'Customer unreachable, traffic growing');
    button(sut.root, 'Escalate').click();
    const post = http.expectOne('/api/tickets/t-1/events');
    expect(post.request.body).toEqual({
      type: 'ESCALATE',
      reason: 'Customer unreachable, traffic growing',
      version: 3,
    });
    post.flush(
      { message: ['reason must be shorter'], code: 'validation_failed' },
      { status: 400, statusText: 'Bad Request' },
    );
    await sut.settle();
    expect(texts(sut.root, '[role="alert"] div')).toEqual(['reason must be shorter']);
    expect(close).not.toHaveBeenCalled();
  });

  it('closes with the 409 message, for the page to reload the ticket', async () => {
    const sut = render('CONFIRM_SOURCE_REMOVED');
    await sut.settle();
    expect(sut.root.textContent).toContain('The restrictions stay until you lift them.');
    button(sut.root, 'Confirm source removed').click();
    http
      .expectOne('/api/tickets/t-1/events')
      .flush(
        { message: 'Stale version', code: 'ticket_stale_version', allowedEvents: [] },
        { status: 409, statusText: 'Conflict' },
      );
    expect(close).toHaveBeenCalledWith({ conflict: ['Stale version'] });
  });

  it('stays open with the message when the role may not send the event (a code, not a lifecycle conflict)', async () => {
    const sut = render('CONFIRM_SOURCE_REMOVED');
    await sut.settle();
    button(sut.root, 'Confirm source removed').click();
    http
      .expectOne('/api/tickets/t-1/events')
      .flush(
        { message: 'The manager role may not send CONFIRM_SOURCE_REMOVED', code: 'event_forbidden', allowedEvents: [] },
        { status: 403, statusText: 'Forbidden' },
      );
    await sut.settle();
    expect(texts(sut.root, '[role="alert"] div')).toEqual(['The manager role may not send CONFIRM_SOURCE_REMOVED']);
    expect(close).not.toHaveBeenCalled();
  });
});
