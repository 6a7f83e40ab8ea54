import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { BACKTEST, RULE } from '../../testing/detection';
import { button, byLabel, removeOverlays, texts, typeInto } from '../../testing/dom';
import { ADMIN, signInAs } from '../../testing/session';
import { RuleEditorPage } from './rule-editor-page';

@Component({ template: '' })
class RulesStub {}

const CUSTOMERS = { items: [{ id: 'c-harb', name: 'Harborview Logistics', accountCode: 'HARB009' }], nextCursor: null };

describe(RuleEditorPage.name, () => {
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [RuleEditorPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'rules', component: RulesStub }]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(ADMIN);
  });

  afterEach(() => {
    http.verify();
    removeOverlays();
  });

  async function render(id?: string, saved: object = RULE) {
    const fixture = TestBed.createComponent(RuleEditorPage);
    if (id) fixture.componentRef.setInput('id', id);
    TestBed.tick();
    if (id) http.expectOne(`/api/rules/${id}`).flush(saved);
    http.expectOne((r) => r.url === '/api/customers').flush(CUSTOMERS);
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement, settle: () => fixture.whenStable() };
  }

  it('creates a threshold rule in shadow mode, showing the API’s refusal at the field it names', async () => {
    const { root, settle } = await render();
    typeInto(byLabel(root, 'Name'), 'Baltic burst');
    typeInto(byLabel(root, 'Countries'), 'lv, ee');
    typeInto(byLabel(root, 'Warn at'), '30');
    await settle();
    button(root, 'Create in shadow mode').click();

    const post = http.expectOne('/api/rules');
    expect(post.request.body).toEqual({
      name: 'Baltic burst',
      kind: 'threshold',
      scope: 'global',
      mode: 'shadow',
      enabled: true,
      params: {
        window: { minutes: 5 },
        warn: 30,
        block: 20,
        filter: { kind: 'country_group', countries: ['LV', 'EE'] },
        per: 'seat',
        restriction: 'seat',
      },
    });
    post.flush(
      {
        statusCode: 400,
        message: ['params.warn (30) must be below block (20)'],
        code: 'detection_thresholds_inverted',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    const warnField = byLabel(root, 'Warn at').closest('mat-form-field') as HTMLElement;
    expect(texts(warnField, 'mat-error')).toEqual(['warn (30) must be below block (20)']);
    expect(root.querySelector('.tg-error')).toBeNull();

    typeInto(byLabel(root, 'Warn at'), '10');
    await settle();
    expect(texts(warnField, 'mat-error')).toEqual([]);
    button(root, 'Create in shadow mode').click();
    http.expectOne('/api/rules').flush({ ...RULE, name: 'Baltic burst', mode: 'shadow' });
    await settle();
    expect(TestBed.inject(Router).url).toBe('/rules');
  });

  it('backtests the rule as the form has it and lists what it would have raised', async () => {
    const { root, settle } = await render();
    typeInto(byLabel(root, 'Name'), 'Baltic burst');
    typeInto(byLabel(root, 'Countries'), 'LV');
    await settle();
    button(root, 'Run backtest').click();
    const run = http.expectOne('/api/rules/backtest');
    const body = run.request.body as { rule: unknown; from: string; to: string };
    expect(body.rule).toEqual({
      name: 'Baltic burst',
      kind: 'threshold',
      scope: 'global',
      params: expect.objectContaining({ filter: { kind: 'country_group', countries: ['LV'] } }),
    });
    // The last 7 days by default.
    expect(Date.parse(body.to) - Date.parse(body.from)).toBe(7 * 24 * 3600_000);
    run.flush(BACKTEST);
    await settle();
    expect(root.querySelector('[role="status"]')?.textContent).toContain('1 event(s) over 2 customer(s)');
    const cells = texts(root, 'table[aria-label="Backtest events"] tbody td');
    expect(cells[1]).toBe('HARB009');
    expect(cells[2]).toBe('block');
    expect(cells[3]).toContain('22 calls in 4 min to LV, CU');
    expect(cells[4]).toBe('Seat 6175550142@harborview.voip.example.net');
  });

  it('shows a backtest refusal of the rule at the field, and of the range in the panel', async () => {
    const { root, settle } = await render();
    typeInto(byLabel(root, 'Countries'), 'XX');
    await settle();
    button(root, 'Run backtest').click();
    http
      .expectOne('/api/rules/backtest')
      .flush(
        { statusCode: 400, message: ['params.filter.countries has "XX", which is not a country'], code: 'x' },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    const countries = byLabel(root, 'Countries').closest('mat-form-field') as HTMLElement;
    expect(texts(countries, 'mat-error')).toEqual(['filter.countries has "XX", which is not a country']);

    button(root, 'Run backtest').click();
    http
      .expectOne('/api/rules/backtest')
      .flush(
        { statusCode: 400, message: ['a backtest covers at most 31 days'], code: 'detection_range_invalid' },
        { status: 400, statusText: 'Bad Request' },
      );
    await settle();
    expect(texts(root, '[aria-labelledby="backtest-heading"] .tg-error div')).toEqual([
      'a backtest covers at most 31 days',
    ]);
  });

  it('edits a saved rule: its kind and scope stay, the rest is sent as a change', async () => {
    const { root, settle } = await render('r-1');
    expect(byLabel(root, 'Name').value).toBe('International burst');
    expect(byLabel(root, 'Countries').value).toBe('LV, CU, SL');
    expect(root.querySelector('mat-select[formcontrolname="kind"]')?.getAttribute('aria-disabled')).toBe('true');
    expect(root.textContent).toContain('Tickets opened: 4 (2 fraud, 1 legitimate, 0 dismissed, 1 open)');
    typeInto(byLabel(root, 'Block at'), '25');
    await settle();
    button(root, 'Save rule').click();
    const patch = http.expectOne('/api/rules/r-1');
    expect(patch.request.method).toBe('PATCH');
    expect(patch.request.body).toEqual({
      name: 'International burst',
      mode: 'live',
      enabled: true,
      params: { ...RULE.params, block: 25 },
    });
    patch.flush(RULE);
    await settle();
  });

  it('edits a calls-per-second rule: window in seconds, rates, per; the API’s refusal shows at the window', async () => {
    const burst = {
      ...RULE,
      id: 'r-9',
      name: 'Set-up burst',
      kind: 'call_rate',
      params: { warn: 2, block: 5, windowSeconds: 10, per: 'ip', restriction: 'ip' },
    };
    const { root, settle } = await render('r-9', burst);
    expect(root.querySelector('#params-heading')?.textContent).toBe('Calls per second');
    expect(byLabel(root, 'Window (seconds)').value).toBe('10');
    expect(byLabel(root, 'Block above (attempts per second)').value).toBe('5');
    typeInto(byLabel(root, 'Window (seconds)'), '0');
    typeInto(byLabel(root, 'Warn above (attempts per second)'), '2.5');
    await settle();
    button(root, 'Save rule').click();
    const patch = http.expectOne('/api/rules/r-9');
    expect(patch.request.body).toEqual({
      name: 'Set-up burst',
      mode: 'live',
      enabled: true,
      params: { warn: 2.5, block: 5, windowSeconds: 0, per: 'ip', restriction: 'ip' },
    });
    patch.flush(
      { statusCode: 400, message: ['params.windowSeconds must be at least 1'], code: 'detection_window_invalid' },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    const window = byLabel(root, 'Window (seconds)').closest('mat-form-field') as HTMLElement;
    expect(texts(window, 'mat-error')).toEqual(['windowSeconds must be at least 1']);
  });
});
