import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { CUSTOMER_USER, signInAs } from '../../testing/session';
import { ReviewLinkPage } from './review-link-page';

describe(ReviewLinkPage.name, () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ReviewLinkPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(CUSTOMER_USER);
  });

  afterEach(() => http.verify());

  async function open(answer: { body: object; status?: number }) {
    const fixture = TestBed.createComponent(ReviewLinkPage);
    fixture.componentRef.setInput('token', 'abc.def');
    TestBed.tick();
    const req = http.expectOne('/api/review-links/abc.def');
    if (answer.status) req.flush(answer.body, { status: answer.status, statusText: 'Error' });
    else req.flush(answer.body);
    await fixture.whenStable();
    return fixture.nativeElement as HTMLElement;
  }

  it('goes to the case’s review form with the choice made', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await open({ body: { ticketId: 't-1', verdict: 'fraudulent' } });
    expect(navigate).toHaveBeenCalledWith(['/portal/tickets', 't-1'], {
      queryParams: { verdict: 'fraudulent' },
      replaceUrl: true,
    });
  });

  it('says when a link has expired, and when it is not valid', async () => {
    const expired = await open({ status: 410, body: { code: 'review_link_expired', message: 'expired' } });
    expect(expired.querySelector('[role=alert]')?.textContent).toContain('This link has expired');
    const invalid = await open({ status: 404, body: { code: 'review_link_invalid', message: 'nope' } });
    expect(invalid.querySelector('[role=alert]')?.textContent).toContain('This link is not valid');
  });
});
