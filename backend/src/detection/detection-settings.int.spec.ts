import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { ManualClock } from '../common/clock.js';

describe('customer detection and alert settings (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  // 15:10 in Chicago (Acme), 16:10 in New York (Harborview).
  const clock = new ManualClock('2026-03-05T21:10:00Z');

  const url = (id: string, tail = '') => `/api/customers/${id}/detection${tail}`;
  const patch = (token: string, id: string, body: unknown) => t.api('PATCH', url(id), { token, body });

  beforeAll(async () => {
    t = await createTestApp({ TIMER_SWEEP_MS: '0' }, { clock });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('answers the defaults for a customer that never changed them', async () => {
    const r = expectStatus(await t.api('GET', url(w.acmeId), { token: w.tech }), 200);
    expect(r.body).toEqual({
      customerId: w.acmeId,
      detectionDisabled: false,
      destinationAllowList: { countries: [], prefixes: [] },
      alerts: { contacts: [], minSeverity: 'warning', optOuts: [], snoozedUntil: null },
    });
  });

  it('staff change everything, and read back what they set', async () => {
    const body = {
      detectionDisabled: true,
      destinationAllowList: { countries: ['GB', 'MX'], prefixes: ['+44', '+5255'] },
      alerts: {
        contacts: [{ name: 'NOC desk', email: 'noc@acme-dental.example.com', phone: '+13125550100' }],
        minSeverity: 'notify',
        optOuts: ['toll_free'],
      },
    };
    const r = expectStatus(await patch(w.tech, w.acmeId, body), 200);
    expect(r.body).toEqual({ customerId: w.acmeId, ...body, alerts: { ...body.alerts, snoozedUntil: null } });
    expect(expectStatus(await t.api('GET', url(w.acmeId), { token: w.admin }), 200).body).toEqual(r.body);

    // A part left out stays; a list given replaces its own list only.
    const partial = expectStatus(
      await patch(w.admin, w.acmeId, { detectionDisabled: false, destinationAllowList: { countries: ['CA'] } }),
      200,
    );
    expect(partial.body).toMatchObject({
      detectionDisabled: false,
      destinationAllowList: { countries: ['CA'], prefixes: ['+44', '+5255'] },
      alerts: { minSeverity: 'notify', optOuts: ['toll_free'] },
    });
    // Engineers and managers read, but do not change.
    expectStatus(await t.api('GET', url(w.acmeId), { token: w.engineer }), 200);
    expectError(await patch(w.engineer, w.acmeId, { detectionDisabled: true }), 403, 'role_forbidden');
  });

  it('a customer user reads its own and changes its alert contacts and level, not detection itself', async () => {
    expectStatus(await t.api('GET', url(w.acmeId), { token: w.acmeUser }), 200);
    const contacts = [{ email: 'oncall@acme-dental.example.com' }, { name: 'Owner', phone: '+13125550199' }];
    const r = expectStatus(await patch(w.acmeUser, w.acmeId, { alerts: { contacts, minSeverity: 'urgent' } }), 200);
    expect(r.body.alerts).toMatchObject({ contacts, minSeverity: 'urgent', optOuts: ['toll_free'] });

    for (const body of [
      { detectionDisabled: true },
      { destinationAllowList: { countries: ['CU'] } },
      { alerts: { optOuts: ['international'] } },
    ]) {
      const refused = expectError(await patch(w.acmeUser, w.acmeId, body), 403, 'detection_setting_forbidden');
      expect(JSON.stringify(refused.body.message)).toContain(Object.keys(body)[0]);
    }
    const after = expectStatus(await t.api('GET', url(w.acmeId), { token: w.acmeUser }), 200).body;
    expect(after).toMatchObject({ detectionDisabled: false, destinationAllowList: { countries: ['CA'] } });
  });

  it("another customer's settings are a 404, exactly like a missing customer's", async () => {
    expectError(await t.api('GET', url(w.harbId), { token: w.acmeUser }), 404, 'customer_not_found');
    expectError(await patch(w.acmeUser, w.harbId, { alerts: { contacts: [] } }), 404, 'customer_not_found');
    expectError(await t.api('POST', url(w.harbId, '/snooze'), { token: w.acmeUser }), 404, 'customer_not_found');
    expectError(await t.api('DELETE', url(w.harbId, '/snooze'), { token: w.acmeUser }), 404, 'customer_not_found');
    const missing = '00000000-0000-4000-8000-000000000000';
    expectError(await t.api('GET', url(missing), { token: w.admin }), 404, 'customer_not_found');
    expectError(await patch(w.admin, missing, { detectionDisabled: true }), 404, 'customer_not_found');
    // Harborview's settings did not change.
    const harb = expectStatus(await t.api('GET', url(w.harbId), { token: w.harbUser }), 200).body;
    expect(harb.alerts).toEqual({ contacts: [], minSeverity: 'warning', optOuts: [], snoozedUntil: null });
  });

  it('snoozes until midnight in the customer’s time zone, and ends the snooze', async () => {
    // 15:10 CST on 2026-03-05 → midnight CST is 06:00 UTC on 2026-03-06.
    const acme = expectStatus(await t.api('POST', url(w.acmeId, '/snooze'), { token: w.acmeUser }), 200);
    expect(acme.body.alerts.snoozedUntil).toBe('2026-03-06T06:00:00.000Z');
    // 16:10 EST in Boston → midnight EST is 05:00 UTC.
    const harb = expectStatus(await t.api('POST', url(w.harbId, '/snooze'), { token: w.tech }), 200);
    expect(harb.body.alerts.snoozedUntil).toBe('2026-03-06T05:00:00.000Z');
    const ended = expectStatus(await t.api('DELETE', url(w.acmeId, '/snooze'), { token: w.acmeUser }), 200);
    expect(ended.body.alerts.snoozedUntil).toBeNull();
    expect(expectStatus(await t.api('GET', url(w.acmeId), { token: w.tech }), 200).body.alerts.snoozedUntil).toBe(null);
  });

  it('refuses bad input with 400 naming the field', async () => {
    const cases: [unknown, string, string][] = [
      [{ destinationAllowList: { countries: ['XX'] } }, 'detection_country_unknown', 'countries'],
      [{ destinationAllowList: { countries: ['gb'] } }, 'detection_country_unknown', 'countries'],
      [{ destinationAllowList: { prefixes: ['0044'] } }, 'detection_prefix_malformed', 'prefixes'],
      [{ destinationAllowList: { prefixes: ['+44x'] } }, 'detection_prefix_malformed', 'prefixes'],
      [{ alerts: { contacts: [{ email: 'not-an-address' }] } }, 'detection_contact_invalid', 'email'],
      [{ alerts: { contacts: [{ phone: '555-0100' }] } }, 'detection_contact_invalid', 'phone'],
      [{ alerts: { contacts: [{ phone: '+1312555' }] } }, 'detection_contact_invalid', 'phone'],
      [{ alerts: { contacts: [{ name: 'Nobody' }] } }, 'detection_contact_invalid', 'email or a phone'],
      [{ alerts: { minSeverity: 'block' } }, 'detection_params_invalid', 'minSeverity'],
      [{ alerts: { optOuts: ['local'] } }, 'detection_params_invalid', 'optOuts'],
    ];
    for (const [body, code, field] of cases) {
      const r = expectError(await patch(w.admin, w.acmeId, body), 400, code as 'detection_contact_invalid');
      expect(JSON.stringify(r.body.message), JSON.stringify(body)).toContain(field);
    }
    expectError(await patch(w.admin, w.acmeId, { detectionDisabled: 'yes' }), 400, 'validation_failed');
    expectError(await patch(w.admin, w.acmeId, { alerts: { snoozedUntil: null } }), 400, 'validation_failed');
    // Nothing of it was stored.
    const after = expectStatus(await t.api('GET', url(w.acmeId), { token: w.admin }), 200).body;
    expect(after.destinationAllowList.countries).toEqual(['CA']);
  });

  it('baseline rules take their defaults and refuse inverted levels', async () => {
    const created = expectStatus(
      await t.api('POST', '/api/rules', {
        token: w.admin,
        body: { name: 'Baselines', kind: 'baseline', scope: 'global', params: {} },
      }),
      201,
    );
    expect(created.body.params).toEqual({
      levels: { notify: 25, warning: 50, urgent: 100 },
      minMinutes: 30,
      jurisdictions: ['interstate', 'intrastate', 'international', 'toll_free'],
    });
    const bad = (params: unknown) =>
      t.api('POST', '/api/rules', { token: w.admin, body: { name: 'B', kind: 'baseline', scope: 'global', params } });
    const inverted = expectError(
      await bad({ levels: { notify: 50, warning: 40, urgent: 100 } }),
      400,
      'detection_thresholds_inverted',
    );
    expect(JSON.stringify(inverted.body.message)).toContain('params.levels.warning');
    const juris = expectError(await bad({ jurisdictions: ['local'] }), 400, 'detection_params_invalid');
    expect(JSON.stringify(juris.body.message)).toContain('params.jurisdictions');
    expectError(await bad({ minMinutes: -1 }), 400, 'detection_params_invalid');
  });
});
