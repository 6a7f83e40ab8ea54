import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { texts } from '../../testing/dom';
import { SUMMARY } from '../../testing/tickets';
import { MyTicketsPage } from './my-tickets-page';

describe(MyTicketsPage.name, () => {
  it("lists the customer's open tickets with links to the portal ticket page", async () => {
    TestBed.configureTestingModule({
      imports: [MyTicketsPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    const http = TestBed.inject(HttpTestingController);
    const fixture = TestBed.createComponent(MyTicketsPage);
    TestBed.tick();
    const req = http.expectOne((r) => r.url === '/api/tickets');
    expect(req.request.params.get('state')).toBe('open');
    expect(req.request.params.has('customerId')).toBe(false);
    req.flush({ items: [SUMMARY], nextCursor: null });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;

    expect(root.querySelector('h1')?.textContent).toBe('My tickets');
    expect(texts(root, 'th')).toEqual(['Ticket', 'Title', 'State', 'Opened']);
    expect(texts(root, 'tr.mat-mdc-row td').slice(0, 3)).toEqual([
      'FRD-000123',
      'International calls to Cuba from seat 142',
      'Unusual calls found — we are looking into them',
    ]);
    expect(root.querySelector('td a')?.getAttribute('href')).toBe('/portal/tickets/t-1');
    http.verify();
  });
});
