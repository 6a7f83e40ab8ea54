import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { EVENT, RULE, SHADOW_EVENT, SHADOW_RULE } from '../../testing/detection';
import { byLabel, texts } from '../../testing/dom';
import { EventListPage } from './event-list-page';

describe(EventListPage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [EventListPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists events with their rule, plain words and ticket, filtered by the rule the rules page linked', async () => {
    const fixture = TestBed.createComponent(EventListPage);
    fixture.componentRef.setInput('ruleId', 'r-2');
    TestBed.tick();
    const first = http.expectOne((r) => r.url === '/api/events');
    expect(first.request.params.get('ruleId')).toBe('r-2');
    expect(first.request.params.has('shadow')).toBe(false);
    first.flush({ items: [SHADOW_EVENT, EVENT], nextCursor: null });
    http
      .expectOne((r) => r.url === '/api/customers')
      .flush({ items: [{ id: 'c-harb', name: 'Harborview Logistics', accountCode: 'HARB009' }], nextCursor: null });
    http.expectOne('/api/rules').flush({ items: [RULE, SHADOW_RULE] });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const rows = [...root.querySelectorAll('tr.mat-mdc-row')] as HTMLElement[];

    expect(texts(rows[0], 'td').slice(1, 5)).toEqual([
      'HARB009',
      'threshold',
      'warning',
      'Harborview Cuba trial shadow',
    ]);
    expect(rows[0].textContent).toContain('5 calls in 20 min to CU from 192.0.2.199');
    expect(rows[0].textContent).toContain('IPs: 192.0.2.199');
    expect(texts(rows[0], 'td').at(-1)).toBe('None (shadow)');
    expect(texts(rows[1], 'td')[4]).toBe('International burst');
    expect(rows[1].querySelector('a[href="/tickets/t-1"]')?.textContent?.trim()).toBe('Open ticket');

    const since = byLabel(root, 'Since');
    since.value = '2026-03-01';
    since.dispatchEvent(new Event('change'));
    TestBed.tick();
    const filtered = http.expectOne((r) => r.url === '/api/events');
    expect(filtered.request.params.get('since')).toBe(new Date('2026-03-01T00:00').toISOString());
    expect(filtered.request.params.get('ruleId')).toBe('r-2');
    filtered.flush({ items: [], nextCursor: null });
    await fixture.whenStable();
    expect(root.textContent).toContain('No detected events for these filters.');
  });

  it('asks for shadow events only when the link says so', async () => {
    const fixture = TestBed.createComponent(EventListPage);
    fixture.componentRef.setInput('shadow', 'true');
    TestBed.tick();
    const first = http.expectOne((r) => r.url === '/api/events');
    expect(first.request.params.get('shadow')).toBe('true');
    first.flush({ items: [], nextCursor: null });
    http.expectOne((r) => r.url === '/api/customers').flush({ items: [], nextCursor: null });
    http.expectOne('/api/rules').flush({ items: [] });
    await fixture.whenStable();
  });
});
