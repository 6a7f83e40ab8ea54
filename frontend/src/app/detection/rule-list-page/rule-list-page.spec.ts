import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RULE, SHADOW_RULE } from '../../testing/detection';
import { button, dialogClosed, removeOverlays, texts } from '../../testing/dom';
import { ADMIN, signInAs, TECHNICIAN } from '../../testing/session';
import { RuleListPage } from './rule-list-page';

describe(RuleListPage.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [RuleListPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    removeOverlays();
  });

  async function render() {
    const fixture = TestBed.createComponent(RuleListPage);
    TestBed.tick();
    http.expectOne('/api/rules').flush({ items: [RULE, SHADOW_RULE] });
    http
      .expectOne((r) => r.url === '/api/customers')
      .flush({ items: [{ id: 'c-harb', name: 'Harborview Logistics', accountCode: 'HARB009' }], nextCursor: null });
    await fixture.whenStable();
    const root = fixture.nativeElement as HTMLElement;
    const row = (n: number) => root.querySelectorAll('tr.mat-mdc-row')[n] as HTMLElement;
    return { fixture, root, row };
  }

  it('shows each rule: scope, what it counts, thresholds, action, mode, week and false positives', async () => {
    await signInAs(ADMIN);
    const { row } = await render();
    expect(texts(row(0), 'td').slice(0, 8)).toEqual([
      'International burst Threshold · Global',
      'Calls to LV, CU, SL per seat',
      'warn 10 · block 20 window: 5 min',
      'Intercepts the seat',
      'live',
      'Mar 1, 10:00',
      '3 (1 block, 2 warn)',
      '33 % 1 of 3 closed',
    ]);
    expect(texts(row(1), 'td').slice(0, 8)).toEqual([
      'Harborview Cuba trial Threshold · HARB009',
      'Calls to CU per IP',
      'block 5 window: 1 h',
      'Notifies only',
      'shadow',
      'Never',
      'None',
      '— 0 open',
    ]);
    expect(row(0).querySelector('a[href="/events?ruleId=r-1"]')).not.toBeNull();
  });

  it('promotes a shadow rule to live after the admin confirms', async () => {
    await signInAs(ADMIN);
    const { fixture, row } = await render();
    expect(texts(row(0), 'button')).toEqual(['Disable']);
    button(row(1), 'Promote').click();
    await fixture.whenStable();
    const dialog = document.querySelector('mat-dialog-container') as HTMLElement;
    expect(dialog.textContent).toContain('Promote “Harborview Cuba trial” to live?');
    button(dialog, 'Promote to live').click();
    await dialogClosed();
    const patch = http.expectOne('/api/rules/r-2');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({ mode: 'live' });
    patch.flush({ ...SHADOW_RULE, mode: 'live' });
    await fixture.whenStable();
    expect(texts(row(1), '.tg-badge')).toEqual(['live']);
    expect(texts(row(1), 'button')).toEqual(['Disable']);
  });

  it('sends nothing when the admin cancels the promotion', async () => {
    await signInAs(ADMIN);
    const { fixture, row } = await render();
    button(row(1), 'Promote').click();
    await fixture.whenStable();
    button(document.querySelector('mat-dialog-container') as HTMLElement, 'Cancel').click();
    await dialogClosed();
    http.expectNone('/api/rules/r-2');
  });

  it('disables a rule and shows it disabled', async () => {
    await signInAs(ADMIN);
    const { fixture, row } = await render();
    button(row(0), 'Disable').click();
    const patch = http.expectOne('/api/rules/r-1');
    expect(patch.request.body).toEqual({ enabled: false });
    patch.flush({ ...RULE, enabled: false });
    await fixture.whenStable();
    expect(texts(row(0), '.tg-badge')).toEqual(['live', 'disabled']);
    expect(texts(row(0), 'button')).toEqual(['Enable']);
  });

  it('lets a technician read the rules without editing them', async () => {
    await signInAs(TECHNICIAN);
    const { root, row } = await render();
    expect(root.textContent).not.toContain('New rule');
    expect(row(0).querySelectorAll('button, a[href="/rules/r-1"]').length).toBe(0);
  });
});
