import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SessionUser } from '../../auth/user';
import type { Page } from '../../core/page';
import { button, byLabel, texts, typeInto, wait } from '../../testing/dom';
import { ADMIN, signInAs, TECHNICIAN } from '../../testing/session';
import type { CustomerSummary } from '../customer';
import { CustomerListPage, SEARCH_DEBOUNCE_MS } from './customer-list-page';

const customer = (id: string, name: string, accountCode: string): CustomerSummary => ({
  id,
  name,
  accountCode,
  timezone: 'America/New_York',
  state: 'NY',
  country: null,
  ipCount: 2,
  groupCount: 1,
  seatCount: 12,
  contactCount: 1,
});
const ACME = customer('c-acme', 'Acme Telecom', 'ACME01');
const GLOBEX = customer('c-globex', 'Globex Voice', 'GLBX');
const INITECH = customer('c-initech', 'Initech', 'INIT');

describe(CustomerListPage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [CustomerListPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  const listRequest = () => http.expectOne((req) => req.method === 'GET' && req.url === '/api/customers');
  const answer = (req: TestRequest, page: Page<CustomerSummary>) => req.flush(page);

  async function renderAs(user: SessionUser) {
    await signInAs(user);
    const fixture = TestBed.createComponent(CustomerListPage);
    TestBed.tick();
    const root = fixture.nativeElement as HTMLElement;
    return {
      fixture,
      root,
      names: () => texts(root, 'tr.mat-mdc-row td.mat-column-name'),
      settle: () => fixture.whenStable(),
    };
  }

  it('renders the customers the API returns', async () => {
    const sut = await renderAs(TECHNICIAN);

    const req = listRequest();
    expect(req.request.params.get('limit')).toBe('50');
    expect(req.request.params.has('q')).toBe(false);
    answer(req, { items: [ACME, GLOBEX], nextCursor: null });
    await sut.settle();

    expect(texts(sut.root, 'th')).toEqual(['Name', 'Account code', 'Time zone', 'IPs', 'Groups', 'Seats']);
    expect(sut.names()).toEqual(['Acme Telecom', 'Globex Voice']);
    const firstRow = texts(sut.root, 'tr.mat-mdc-row:first-of-type td');
    expect(firstRow).toEqual(['Acme Telecom', 'ACME01', 'America/New_York', '2', '1', '12']);
    expect(sut.root.querySelector('td a')?.getAttribute('href')).toBe('/customers/c-acme');
  });

  it('filters with the search', async () => {
    const sut = await renderAs(TECHNICIAN);
    answer(listRequest(), { items: [ACME, GLOBEX], nextCursor: null });
    await sut.settle();

    typeInto(byLabel(sut.root, 'Search'), ' glob ');
    await wait(SEARCH_DEBOUNCE_MS + 50);
    TestBed.tick();

    const req = listRequest();
    expect(req.request.params.get('q')).toBe('glob');
    answer(req, { items: [GLOBEX], nextCursor: null });
    await sut.settle();
    expect(sut.names()).toEqual(['Globex Voice']);
  });

  it('says when nothing matches', async () => {
    const sut = await renderAs(TECHNICIAN);
    answer(listRequest(), { items: [], nextCursor: null });
    await sut.settle();
    expect(sut.root.textContent).toContain('No customers yet.');
  });

  it('loads the next page on "Load more"', async () => {
    const sut = await renderAs(TECHNICIAN);
    answer(listRequest(), { items: [ACME, GLOBEX], nextCursor: 'cursor-2' });
    await sut.settle();

    button(sut.root, 'Load more').click();
    const req = listRequest();
    expect(req.request.params.get('cursor')).toBe('cursor-2');
    answer(req, { items: [INITECH], nextCursor: null });
    await sut.settle();

    expect(sut.names()).toEqual(['Acme Telecom', 'Globex Voice', 'Initech']);
    expect(sut.root.textContent).not.toContain('Load more');
  });

  it('offers "New customer" to admins only', async () => {
    const tech = await renderAs(TECHNICIAN);
    answer(listRequest(), { items: [], nextCursor: null });
    await tech.settle();
    expect(tech.root.textContent).not.toContain('New customer');
    tech.fixture.destroy();

    const admin = await renderAs(ADMIN);
    answer(listRequest(), { items: [], nextCursor: null });
    await admin.settle();
    expect(button(admin.root, 'New customer')).toBeTruthy();
  });

  it('shows why the list could not load', async () => {
    const sut = await renderAs(TECHNICIAN);
    listRequest().flush(
      { statusCode: 503, error: 'Service Unavailable', message: 'Database is starting' },
      { status: 503, statusText: 'Service Unavailable' },
    );
    await sut.settle();
    expect(sut.root.querySelector('[role="alert"]')?.textContent).toContain('Database is starting');
  });
});
