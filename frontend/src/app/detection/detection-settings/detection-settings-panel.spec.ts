import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { button, byLabel, typeInto } from '../../testing/dom';
import { CUSTOMER_USER, signInAs, TECHNICIAN } from '../../testing/session';
import type { DetectionSettings } from '../detection';
import { DetectionSettingsPanel } from './detection-settings-panel';

const SETTINGS: DetectionSettings = {
  customerId: 'c-acme',
  detectionDisabled: false,
  destinationAllowList: { countries: ['GB'], prefixes: ['+44'] },
  alerts: {
    contacts: [{ name: 'NOC desk', email: 'noc@acme.example' }],
    minSeverity: 'warning',
    optOuts: ['toll_free'],
    snoozedUntil: null,
  },
};

describe(DetectionSettingsPanel.name, () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [DetectionSettingsPanel],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  async function render(settings: DetectionSettings = SETTINGS) {
    const fixture = TestBed.createComponent(DetectionSettingsPanel);
    fixture.componentRef.setInput('customerId', 'c-acme');
    fixture.componentRef.setInput('timezone', 'America/Chicago');
    TestBed.tick();
    http.expectOne('/api/customers/c-acme/detection').flush(settings);
    await fixture.whenStable();
    return { fixture, root: fixture.nativeElement as HTMLElement };
  }

  it('lets the NOC change detection, the allow-list, opt-outs and the alert contacts', async () => {
    await signInAs(TECHNICIAN);
    const { fixture, root } = await render();
    expect(byLabel(root, 'Allowed countries').value).toBe('GB');
    expect(byLabel(root, 'Alert contact email').value).toBe('noc@acme.example');

    typeInto(byLabel(root, 'Allowed countries'), 'gb, mx');
    typeInto(byLabel(root, 'Alert contact phone'), '+13125550100');
    button(root, 'Save detection settings').click();
    await fixture.whenStable();
    const req = http.expectOne({ method: 'PATCH', url: '/api/customers/c-acme/detection' });
    expect(req.request.body).toEqual({
      detectionDisabled: false,
      destinationAllowList: { countries: ['GB', 'MX'], prefixes: ['+44'] },
      alerts: {
        contacts: [{ name: 'NOC desk', email: 'noc@acme.example', phone: '+13125550100' }],
        minSeverity: 'warning',
        optOuts: ['toll_free'],
      },
    });
    req.flush({ ...SETTINGS, destinationAllowList: { countries: ['GB', 'MX'], prefixes: ['+44'] } });
    await fixture.whenStable();
    expect(byLabel(root, 'Allowed countries').value).toBe('GB, MX');
  });

  it('lets a customer user change only its alert contacts, and snooze', async () => {
    await signInAs(CUSTOMER_USER);
    const { fixture, root } = await render();
    expect(byLabel(root, 'Allowed countries').disabled).toBe(true);
    expect(byLabel(root, 'Alert contact email').disabled).toBe(false);

    typeInto(byLabel(root, 'Alert contact email'), 'oncall@acme.example');
    button(root, 'Save detection settings').click();
    await fixture.whenStable();
    const save = http.expectOne({ method: 'PATCH', url: '/api/customers/c-acme/detection' });
    expect(save.request.body).toEqual({
      alerts: { contacts: [{ name: 'NOC desk', email: 'oncall@acme.example' }], minSeverity: 'warning' },
    });
    save.flush(SETTINGS);
    await fixture.whenStable();

    button(root, 'Snooze for the rest of the day').click();
    await fixture.whenStable();
    const until = new Date(Date.now() + 3_600_000).toISOString();
    http
      .expectOne({ method: 'POST', url: '/api/customers/c-acme/detection/snooze' })
      .flush({ ...SETTINGS, alerts: { ...SETTINGS.alerts, snoozedUntil: until } });
    await fixture.whenStable();
    expect(root.textContent).toContain('Alerts are snoozed until');
    button(root, 'End snooze').click();
    http.expectOne({ method: 'DELETE', url: '/api/customers/c-acme/detection/snooze' }).flush(SETTINGS);
    await fixture.whenStable();
    expect(root.textContent).toContain('Alerts are on.');
  });

  it("shows the server's reasons when it refuses a change", async () => {
    await signInAs(TECHNICIAN);
    const { fixture, root } = await render();
    button(root, 'Save detection settings').click();
    http.expectOne({ method: 'PATCH', url: '/api/customers/c-acme/detection' }).flush(
      {
        message: ['destinationAllowList.countries has "XX", which is not an ISO 3166 alpha-2 country code'],
        code: 'detection_country_unknown',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    expect(root.querySelector('[role="alert"]')?.textContent).toContain(
      'which is not an ISO 3166 alpha-2 country code',
    );
  });
});
