import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { AlertEmailResult } from '../mail';
import { AlertEmailPage } from './alert-email-page';

const RESULT: AlertEmailResult = {
  id: 'm-1',
  messageId: '<CFA.1@AS22.voip.example.net>',
  duplicate: false,
  status: 'processed',
  parsedAs: 'caribbean_fraud_alert',
  reason: null,
  eventIds: ['e-1'],
  ticketIds: ['t-1'],
};

describe(AlertEmailPage.name, () => {
  async function render(items: object[] = []) {
    TestBed.configureTestingModule({
      imports: [AlertEmailPage],
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting()],
    });
    const fixture = TestBed.createComponent(AlertEmailPage);
    TestBed.tick();
    const http = TestBed.inject(HttpTestingController);
    http.expectOne((r) => r.url === '/api/alert-emails' && r.method === 'GET').flush({ items, nextCursor: null });
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement, http };
  }

  it('uploads the chosen .eml as a form file and links to the ticket it opened', async () => {
    const { fixture, root, http } = await render();
    const input = root.querySelector<HTMLInputElement>('#eml-file')!;
    const file = new File(['From: a@b.c\r\n\r\nx'], 'alert.eml', { type: 'message/rfc822' });
    Object.defineProperty(input, 'files', { value: { item: () => file, length: 1 } });
    input.dispatchEvent(new Event('change'));
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    const req = http.expectOne((r) => r.url === '/api/alert-emails' && r.method === 'POST');
    expect(((req.request.body as FormData).get('file') as File).name).toBe('alert.eml');
    req.flush(RESULT);
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/alert-emails' && r.method === 'GET').flush({ items: [], nextCursor: null });
    fixture.detectChanges();
    await fixture.whenStable();
    expect(root.querySelector('#result-heading')?.textContent).toContain('CARIBBEAN_FRAUD_ALERT');
    expect(root.querySelector('a[href="/tickets/t-1"]')?.textContent).toContain('Open the ticket');
  });

  it('asks for a file before uploading', async () => {
    const { fixture, root, http } = await render();
    root.querySelector<HTMLButtonElement>('button[type=submit]')!.click();
    await fixture.whenStable();
    expect(root.querySelector('#eml-file-error')?.textContent).toContain('Choose an .eml file first');
    http.verify();
  });

  it('attaches a quarantined message to the ticket a technician names', async () => {
    const quarantined = {
      id: 'm-9',
      messageId: '<x@y>',
      via: 'smtp',
      fromAddress: 'desk@upstream.example',
      subject: 'Calls to Cuba',
      status: 'quarantined',
      parsedAs: 'unknown',
      reason: 'Not a known alert format',
      eventIds: [],
      ticketIds: [],
      receivedAt: '2026-11-27T10:00:00Z',
      duplicate: false,
    };
    const { fixture, root, http } = await render([quarantined]);
    const input = root.querySelector<HTMLInputElement>('input[aria-label="Ticket to attach Calls to Cuba to"]')!;
    input.value = 'FRD-000123';
    root.querySelector<HTMLButtonElement>('.attach button')!.click();
    const req = http.expectOne((r) => r.url === '/api/alert-emails/m-9/attach' && r.method === 'POST');
    expect(req.request.body).toEqual({ ticket: 'FRD-000123' });
    req.flush({
      ...RESULT,
      id: 'm-9',
      parsedAs: 'attached',
      reason: 'Attached to FRD-000123 by Nina',
      ticketIds: ['t-7'],
    });
    TestBed.tick();
    http.expectOne((r) => r.url === '/api/alert-emails' && r.method === 'GET').flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(root.querySelector('[role=status]')?.textContent).toContain('Attached to FRD-000123 by Nina');
    expect(root.querySelector('a[href="/tickets/t-7"]')).not.toBeNull();
  });
});
