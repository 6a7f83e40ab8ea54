import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase, postEvent } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { responseSchema, schemaProblems } from '../../test/response-schema.js';

describe('tickets (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const ticket = async (id: string, token = w.tech) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}`, { token }), 200).body;
  const timeline = async (id: string, token = w.tech) =>
    expectStatus(await t.api('GET', `/api/tickets/${id}/timeline`, { token }), 200).body.items as any[];

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  describe('lifecycle', () => {
    it('fraudulent: restrict → customer says source removed → NOC confirms → lifted', async () => {
      const id = await openCase(t, w.tech);
      expect(await ticket(id)).toMatchObject({
        number: expect.stringMatching(/^FRD-\d{6}$/),
        state: 'detected',
        escalation: 'idle',
        version: 1,
        allowedEvents: ['RESTRICT', 'CUSTOMER_REVIEW', 'DISMISS', 'ESCALATE'],
      });

      const restricted = await act(t, w.tech, id, 'RESTRICT', {
        restrictions: [
          { kind: 'ip', value: '203.0.113.77', reason: 'the attacking source' },
          { kind: 'destination', value: '+5321' },
        ],
        message: 'We blocked the source IP while you investigate.',
      });
      expect(restricted.status).toBe(200);
      expect(restricted.body).toMatchObject({ state: 'restricted', version: 2 });
      expect(restricted.body.restrictions).toEqual([
        expect.objectContaining({ kind: 'ip', value: '203.0.113.77/32', status: 'active', createdBy: 'tech user' }),
        expect.objectContaining({ kind: 'destination', value: '+5321', status: 'active' }),
      ]);
      expect((await ticket(id, w.harbUser)).allowedEvents).toEqual(['CUSTOMER_REVIEW']);

      const reviewed = await act(t, w.harbUser, id, 'CUSTOMER_REVIEW', {
        verdict: 'fraudulent',
        message: 'A compromised desk phone; we reset it.',
        sourceRemoved: true,
      });
      expect(reviewed.status).toBe(200);
      expect(reviewed.body).toMatchObject({ state: 'customer_reviewed', verdict: 'fraudulent' });

      expect((await act(t, w.tech, id, 'CONFIRM_SOURCE_REMOVED')).body.state).toBe('source_removed');
      const lifted = await act(t, w.tech, id, 'LIFT_RESTRICTIONS');
      expect(lifted.body).toMatchObject({ state: 'restrictions_lifted', escalation: 'idle', version: 5 });
      expect(lifted.body.closedAt).not.toBeNull();
      expect(lifted.body.restrictions.map((r: any) => [r.status, r.liftedBy])).toEqual([
        ['lifted', 'tech user'],
        ['lifted', 'tech user'],
      ]);
      expect(lifted.body.allowedEvents).toEqual(['REOPEN']);

      const entries = await timeline(id);
      expect(entries.map((e) => [e.type, e.fromState, e.toState])).toEqual([
        ['opened', null, 'detected'],
        ['detected_event', null, null],
        ['RESTRICT', 'detected', 'restricted'],
        ['CUSTOMER_REVIEW', 'restricted', 'customer_reviewed'],
        ['CONFIRM_SOURCE_REMOVED', 'customer_reviewed', 'source_removed'],
        ['LIFT_RESTRICTIONS', 'source_removed', 'restrictions_lifted'],
      ]);
      expect(entries[3].actor).toMatchObject({ role: 'customer', name: 'harbUser user' });
    });

    it('SLA clocks: time to acknowledge, time to restrict, and time waiting on the customer', async () => {
      // The test moves the ticket's own timestamps back by known amounts; the timeline's times add the few real
      // seconds between the steps, so the expected figures come from the data, not from the test's clock.
      const id = await openCase(t, w.tech);
      const moveBack = (set: string) => t.db.query(`UPDATE tickets SET ${set} WHERE id = $1`, [id]);
      await moveBack(`opened_at = opened_at - interval '900 s'`); // the NOC's first action comes 15 min later
      const note = { body: 'Looking at the calls to Cuba.', visibility: 'internal' };
      expectStatus(await t.api('POST', `/api/tickets/${id}/notes`, { token: w.tech, body: note }), 201);
      // It restricts 5 minutes after that.
      await moveBack(`opened_at = opened_at - interval '300 s', acknowledged_at = acknowledged_at - interval '300 s'`);
      const restrict = { restrictions: [{ kind: 'destination', value: '+5321' }] };
      expectStatus(await act(t, w.tech, id, 'RESTRICT', restrict), 200);
      await moveBack(`waiting_since = waiting_since - interval '1800 s'`); // the customer answers 30 min later
      const review = { verdict: 'fraudulent', message: 'Reset the phone.', sourceRemoved: true };
      expectStatus(await act(t, w.harbUser, id, 'CUSTOMER_REVIEW', review), 200);

      const at = Object.fromEntries((await timeline(id)).map((e) => [e.type, Date.parse(e.at) / 1000]));
      const { sla } = await ticket(id);
      // Whole seconds, and restricted_at is Node's clock inside the transaction: 1 s either way.
      const expectSeconds = (actual: number, expected: number) =>
        expect(Math.abs(actual - expected), `${actual} s, expected ${expected.toFixed(3)} s`).toBeLessThanOrEqual(1);
      expectSeconds(sla.acknowledgeSeconds, 900 + at.note - at.opened);
      expectSeconds(sla.restrictSeconds, 900 + 300 + at.RESTRICT - at.opened);
      // It stopped when the customer answered (a clock still running would count the 30 minutes again).
      expectSeconds(sla.waitingOnCustomerSeconds, 1800 + at.CUSTOMER_REVIEW - at.RESTRICT);
    });

    it('legitimate: a block event auto-restricts → customer accepts charges → NOC confirms → lifted', async () => {
      const id = await openCase(t, w.tech, {
        severity: 'block',
        restrictions: [{ kind: 'seat', value: '6175550142@harborview.voip.example.net' }],
      });
      const auto = await ticket(id);
      expect(auto).toMatchObject({ state: 'restricted', version: 2 });
      expect(auto.restrictions[0]).toMatchObject({
        kind: 'seat',
        status: 'active',
        createdBy: 'Tollgate fraud detection',
      });
      const entries = await timeline(id);
      expect(entries.at(-1)).toMatchObject({ type: 'RESTRICT', actor: { role: 'system', id: null } });

      const bad = await act(t, w.harbUser, id, 'CUSTOMER_REVIEW', { verdict: 'legitimate', message: 'ours' });
      expect(bad.status).toBe(400);
      expect(bad.body.message).toContain('acceptCharges');
      expect(bad.body.code).toBe('event_payload_invalid');

      const ok = await act(t, w.harbUser, id, 'CUSTOMER_REVIEW', {
        verdict: 'legitimate',
        message: 'Our sales team called Cuba; we accept the charges.',
        acceptCharges: true,
      });
      expect(ok.body.state).toBe('customer_reviewed');
      const wrong = await act(t, w.tech, id, 'CONFIRM_SOURCE_REMOVED');
      expect(wrong.status).toBe(409);
      expect(wrong.body.allowedEvents).toContain('CONFIRM_CHARGES_ACCEPTED');
      expect(wrong.body.code).toBe('event_not_allowed');
      expect((await act(t, w.tech, id, 'CONFIRM_CHARGES_ACCEPTED')).body.state).toBe('charges_accepted');
      const lifted = await act(t, w.tech, id, 'LIFT_RESTRICTIONS');
      expect(lifted.body.state).toBe('restrictions_lifted');
      expect(lifted.body.restrictions[0].status).toBe('lifted');
    });

    it('dismiss lifts every restriction; reopen goes back to detected without re-applying them', async () => {
      const id = await openCase(t, w.tech);
      expectStatus(
        await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+882' }] }),
        200,
      );
      const dismissed = await act(t, w.tech, id, 'DISMISS', { reason: 'Known conference bridge traffic' });
      expect(dismissed.body).toMatchObject({ state: 'dismissed' });
      expect(dismissed.body.restrictions[0].status).toBe('lifted');
      expect(dismissed.body.closedAt).not.toBeNull();

      const reopened = await act(t, w.tech, id, 'REOPEN', { reason: 'Traffic resumed' });
      expect(reopened.body).toMatchObject({ state: 'detected', closedAt: null, verdict: null });
      expect(reopened.body.restrictions.every((r: any) => r.status === 'lifted')).toBe(true);
    });

    it('a new event with the dedupe key of a closed ticket opens a new ticket; reopening the old one is then 409', async () => {
      const dedupeKey = `dk-${Date.now()}`;
      const first = expectStatus(await postEvent(t, w.tech, { dedupeKey }), 201).body.ticketId;
      expectStatus(await act(t, w.tech, first, 'DISMISS', { reason: 'false positive' }), 200);
      const second = expectStatus(await postEvent(t, w.tech, { dedupeKey }), 201).body.ticketId;
      expect(second).not.toBe(first);
      const reopen = await act(t, w.tech, first, 'REOPEN', { reason: 'again' });
      expect(reopen.status).toBe(409);
      expect(reopen.body.message).toContain((await ticket(second)).number);
      expect(reopen.body.code).toBe('ticket_already_open');
    });

    it('escalation: page → engineer acknowledges → resolves; the case region is untouched', async () => {
      const id = await openCase(t, w.tech);
      const paging = await act(t, w.tech, id, 'ESCALATE', { reason: 'Traffic to +882 growing fast' });
      expect(paging.body).toMatchObject({ state: 'detected', escalation: 'paging' });
      expect((await ticket(id, w.engineer)).allowedEvents).toEqual(['ACKNOWLEDGE']);
      expect((await act(t, w.engineer, id, 'ACKNOWLEDGE')).body.escalation).toBe('engaged');
      expect(
        (await act(t, w.engineer, id, 'RESOLVE_ESCALATION', { message: 'Raised the limit' })).body.escalation,
      ).toBe('idle');
      const { rows } = await t.db.query(`SELECT kind FROM outbox WHERE ticket_id = $1 ORDER BY id`, [id]);
      expect(rows.map((r) => r.kind)).toEqual(['oncall_page', 'oncall_sms', 'technician_mail', 'technician_mail']);
    });
  });

  describe('refusals', () => {
    it('a stale version is 409 "stale version, current is N" with the allowed events', async () => {
      const id = await openCase(t, w.tech);
      expectStatus(await act(t, w.tech, id, 'ESCALATE', { reason: 'x' }), 200);
      const r = await t.api('POST', `/api/tickets/${id}/events`, {
        token: w.tech,
        body: { type: 'DISMISS', version: 1, reason: 'noise' },
      });
      expect(r.status).toBe(409);
      expect(r.body.message).toBe('stale version, current is 2');
      expect(r.body.code).toBe('ticket_stale_version');
      expect(r.body.allowedEvents).toEqual(['RESTRICT', 'CUSTOMER_REVIEW', 'DISMISS', 'RESOLVE_ESCALATION']);
    });

    it('an event the state does not allow is 409 listing the allowed events', async () => {
      const id = await openCase(t, w.tech);
      const r = await act(t, w.tech, id, 'LIFT_RESTRICTIONS');
      expect(r.status).toBe(409);
      expect(r.body.message).toContain('not allowed while the case is detected');
      expect(r.body.code).toBe('event_not_allowed');
      expect(r.body.allowedEvents).toEqual(['RESTRICT', 'CUSTOMER_REVIEW', 'DISMISS', 'ESCALATE']);
    });

    it('a role that may never send the event is 403', async () => {
      const id = await openCase(t, w.tech);
      expectError(await act(t, w.manager, id, 'DISMISS', { reason: 'x' }), 403, 'event_forbidden');
      expectError(await act(t, w.engineer, id, 'DISMISS', { reason: 'x' }), 403, 'event_forbidden');
      const customer = await act(t, w.harbUser, id, 'RESTRICT', {
        restrictions: [{ kind: 'destination', value: '+1' }],
      });
      expect(customer.status).toBe(403);
      expect(customer.body.code).toBe('event_forbidden');
      expectError(await act(t, w.tech, id, 'PAGE_TIMEOUT'), 403, 'event_forbidden');
      expect((await ticket(id)).version).toBe(1);
    });

    it('bad input is 400 naming the field: unknown type, missing fields, foreign fields, bad restriction values', async () => {
      const id = await openCase(t, w.tech);
      const post = (body: unknown) => t.api('POST', `/api/tickets/${id}/events`, { token: w.tech, body });
      const cases: [unknown, string, string][] = [
        [{ type: 'SHRUG', version: 1 }, 'type must be one of', 'validation_failed'],
        [{ type: 'DISMISS' }, 'version', 'validation_failed'],
        [{ type: 'DISMISS', version: 1 }, 'reason', 'validation_failed'],
        [{ type: 'RESTRICT', version: 1 }, 'restrictions', 'validation_failed'],
        [{ type: 'RESTRICT', version: 1, restrictions: [] }, 'restrictions', 'validation_failed'],
        [{ type: 'REQUEST_INFO', version: 1 }, 'message', 'validation_failed'],
        [{ type: 'CUSTOMER_REVIEW', version: 1, message: 'x' }, 'verdict', 'validation_failed'],
        [
          { type: 'ACKNOWLEDGE', version: 1, reason: 'x' },
          'reason is not a field of ACKNOWLEDGE',
          'event_payload_invalid',
        ],
        [{ type: 'DISMISS', version: 1, reason: '   ' }, 'reason must not be empty', 'event_payload_invalid'],
        [
          { type: 'RESTRICT', version: 1, restrictions: [{ kind: 'ip', value: 'not-an-ip' }] },
          'restrictions.0.value',
          'restriction_value_invalid',
        ],
        [
          { type: 'RESTRICT', version: 1, restrictions: [{ kind: 'ip', value: '10.0.0.1/8' }] },
          'restrictions.0.value',
          'restriction_value_invalid',
        ],
        [
          { type: 'RESTRICT', version: 1, restrictions: [{ kind: 'destination', value: '5321' }] },
          'restrictions.0.value "5321" is not an E.164 prefix',
          'restriction_value_invalid',
        ],
        [
          { type: 'RESTRICT', version: 1, restrictions: [{ kind: 'phone', value: '+1' }] },
          'restrictions.0.kind',
          'validation_failed',
        ],
        [
          { type: 'RESTRICT', version: 1, restrictions: [{ kind: 'seat', value: '3125550111@acme.example.net' }] },
          'restrictions.0.value "3125550111@acme.example.net" is not a seat userId of this customer',
          'restriction_value_invalid',
        ],
        [
          { type: 'RESTRICT', version: 1, restrictions: [{ kind: 'account', value: 'ACME01' }] },
          'restrictions.0.value "ACME01" is not this customer\'s account code',
          'restriction_value_invalid',
        ],
        [
          {
            type: 'RESTRICT',
            version: 1,
            restrictions: [
              { kind: 'destination', value: '+53' },
              { kind: 'group', value: 'NOPE' },
            ],
          },
          'restrictions.1.value "NOPE" is not a group externalId',
          'restriction_value_invalid',
        ],
      ];
      for (const [body, field, code] of cases) {
        const r = await post(body);
        expect(r.status, JSON.stringify(body)).toBe(400);
        expect(JSON.stringify(r.body.message), JSON.stringify(body)).toContain(field.replace(/"/g, '\\"'));
        expect(r.body.code, JSON.stringify(body)).toBe(code);
      }
      expect((await ticket(id)).version).toBe(1);
      expect((await post({ type: 'DISMISS', version: 1, reason: 'fine' })).status).toBe(200);
    });

    it('unknown ticket ids are 404, malformed ones 400', async () => {
      expectError(
        await t.api('GET', '/api/tickets/00000000-0000-4000-8000-000000000000', { token: w.tech }),
        404,
        'ticket_not_found',
      );
      expectError(await t.api('GET', '/api/tickets/FRD-1', { token: w.tech }), 400, 'validation_failed');
    });
  });

  describe('tenant isolation and visibility', () => {
    it("a customer cannot read or act on another customer's ticket: 404 everywhere", async () => {
      const id = await openCase(t, w.tech);
      const paths: [string, string, unknown?][] = [
        ['GET', `/api/tickets/${id}`],
        ['GET', `/api/tickets/${id}/timeline`],
        ['GET', `/api/tickets/${id}/attachments`],
        [
          'POST',
          `/api/tickets/${id}/events`,
          { type: 'CUSTOMER_REVIEW', version: 1, verdict: 'fraudulent', message: 'x', sourceRemoved: true },
        ],
        ['POST', `/api/tickets/${id}/notes`, { body: 'hello', visibility: 'customer' }],
      ];
      for (const [method, path, body] of paths) {
        const r = await t.api(method, path, { token: w.acmeUser, body });
        expect(r.status, `${method} ${path}`).toBe(404);
        expect(r.body.code, `${method} ${path}`).toBe('ticket_not_found');
      }
      const list = expectStatus(await t.api('GET', '/api/tickets', { token: w.acmeUser }), 200);
      expect(list.body.items).toEqual([]);
      const own = expectStatus(await t.api('GET', '/api/tickets?limit=500', { token: w.harbUser }), 200);
      expect(own.body.items.length).toBeGreaterThan(0);
      expect(own.body.items.every((i: any) => i.customerId === w.harbId)).toBe(true);
      // Queue rows carry what the caller may do now: a customer only ever reviews.
      expect(own.body.items.every((i: any) => i.allowedEvents.every((e: string) => e === 'CUSTOMER_REVIEW'))).toBe(
        true,
      );
      expect((await ticket(id)).version).toBe(1);
    });

    it('customers see only customer-visible timeline entries, without internal reasons or notes', async () => {
      const id = await openCase(t, w.tech);
      const internal = { body: 'INTERNAL: customer is on a payment plan', visibility: 'internal' };
      expectStatus(await t.api('POST', `/api/tickets/${id}/notes`, { token: w.tech, body: internal }), 201);
      const forCustomer = { body: 'We are looking into the calls to Cuba.', visibility: 'customer' };
      expectStatus(await t.api('POST', `/api/tickets/${id}/notes`, { token: w.tech, body: forCustomer }), 201);
      expectStatus(await act(t, w.tech, id, 'ESCALATE', { reason: 'INTERNAL escalation reason' }), 200);
      expectStatus(
        await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+53' }] }),
        200,
      );
      expectStatus(await act(t, w.tech, id, 'DISMISS', { reason: 'INTERNAL dismissal reason' }), 200);

      const staff = await timeline(id);
      expect(staff.map((e) => e.type)).toEqual([
        'opened',
        'detected_event',
        'note',
        'note',
        'ESCALATE',
        'RESTRICT',
        'DISMISS',
      ]);
      const customer = await timeline(id, w.harbUser);
      expect(customer.map((e) => e.type)).toEqual(['opened', 'note', 'RESTRICT', 'DISMISS']);
      expect(customer.every((e) => e.visibility === 'customer')).toBe(true);
      expect(JSON.stringify(customer)).not.toContain('INTERNAL');
      expect(customer[1].payload).toEqual({ body: 'We are looking into the calls to Cuba.' });
    });

    it('notes: customers write only customer-visible notes; managers none', async () => {
      const id = await openCase(t, w.tech);
      const note = (token: string, visibility: string) =>
        t.api('POST', `/api/tickets/${id}/notes`, { token, body: { body: 'hi', visibility } });
      expectError(await note(w.harbUser, 'internal'), 403, 'note_visibility_forbidden');
      expect((await note(w.harbUser, 'customer')).status).toBe(201);
      expect((await note(w.engineer, 'internal')).status).toBe(201);
      expectError(await note(w.manager, 'internal'), 403, 'role_forbidden');
      expectError(await note(w.tech, 'secret'), 400, 'validation_failed');
    });
  });

  describe('workspace', () => {
    it('the client summary is generated on open and editable by the NOC only', async () => {
      const id = await openCase(t, w.tech, { occurredAt: '2025-05-15T02:00:00Z' });
      const t0 = await ticket(id);
      // 02:00 UTC is still May 14 in Boston.
      expect(t0.clientSummary.split('\n')[0]).toBe('Potential Fraudulent Calls – Harborview Logistics – May 14, 2025');
      const edited = await t.api('PATCH', `/api/tickets/${id}/client-summary`, {
        token: w.tech,
        body: { clientSummary: 'Potential Fraudulent Calls – Harborview – May 14, 2025\n\nEdited.' },
      });
      expect(edited.status).toBe(200);
      expect(edited.body.clientSummary).toContain('Edited.');
      expect(edited.body.acknowledgedAt).not.toBeNull();
      const byCustomer = await t.api('PATCH', `/api/tickets/${id}/client-summary`, {
        token: w.harbUser,
        body: { clientSummary: 'x' },
      });
      expect(byCustomer.status).toBe(403);
      expect(byCustomer.body.code).toBe('role_forbidden');
      // A later event joins the case but does not overwrite the edited summary.
      const later = expectStatus(await postEvent(t, w.tech, { dedupeKey: t0.dedupeKey }), 201);
      expect(later.body.ticketId).toBe(id);
      expect(await ticket(id)).toMatchObject({ eventCount: 2, clientSummary: edited.body.clientSummary });
    });

    it('the checklist comes from the kind template; findings are recorded and time-stamped', async () => {
      const id = await openCase(t, w.tech, { kind: 'carrier_alert' });
      const { checklist } = await ticket(id);
      expect(checklist.length).toBeGreaterThanOrEqual(4);
      expect(checklist[0].item).toMatch(/international dialling/i);
      expect((await ticket(id, w.harbUser)).checklist).toEqual([]);

      const r = await t.api('PATCH', `/api/tickets/${id}/checklist/${checklist[2].id}`, {
        token: w.tech,
        body: { checked: true, finding: 'Registers from 203.0.113.77 behind a Mikrotik' },
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        checked: true,
        finding: 'Registers from 203.0.113.77 behind a Mikrotik',
        checkedBy: 'tech user',
      });
      const entries = await timeline(id);
      expect(entries.at(-1)).toMatchObject({ type: 'checklist', visibility: 'internal' });
      const missing = await t.api('PATCH', `/api/tickets/${id}/checklist/00000000-0000-4000-8000-000000000000`, {
        token: w.tech,
        body: { checked: true },
      });
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('checklist_item_not_found');
      expectError(
        await t.api('PATCH', `/api/tickets/${id}/checklist/${checklist[0].id}`, {
          token: w.harbUser,
          body: { checked: true },
        }),
        403,
        'role_forbidden',
      );
    });

    it('checklist templates are edited by admins and used for tickets opened afterwards', async () => {
      const put = await t.api('PUT', '/api/checklist-templates/first_traffic_ip', {
        token: w.admin,
        body: { items: ['Is the new IP a customer office?', 'Was the SBC reconfigured?'] },
      });
      expect(put.status).toBe(200);
      expect(put.body.items).toEqual(['Is the new IP a customer office?', 'Was the SBC reconfigured?']);
      expectError(
        await t.api('PUT', '/api/checklist-templates/first_traffic_ip', { token: w.tech, body: { items: [] } }),
        403,
        'role_forbidden',
      );
      expectError(
        await t.api('GET', '/api/checklist-templates/nonsense', { token: w.admin }),
        404,
        'checklist_template_not_found',
      );
      const id = await openCase(t, w.tech, { kind: 'first_traffic_ip' });
      expect((await ticket(id)).checklist.map((c: any) => c.item)).toEqual([
        'Is the new IP a customer office?',
        'Was the SBC reconfigured?',
      ]);
    });

    it('without SMTP_URL, outbox mail lands in the built-in mailbox that an admin reads', async () => {
      const id = await openCase(t, w.tech);
      const number = (await ticket(id)).number;
      expectStatus(
        await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+676' }] }),
        200,
      );
      await expect
        .poll(async () => (await t.db.query(`SELECT status, last_error FROM outbox WHERE ticket_id = $1`, [id])).rows)
        .toEqual([{ status: 'done', last_error: null }]);
      const box = expectStatus(await t.api('GET', '/api/mailbox', { token: w.admin }), 200).body;
      const mail = box.items.find((m: { subject: string }) => m.subject.startsWith(`[${number}] `));
      expect(mail.to).toEqual(['dana@harborview.example.com']);
      expect(mail.text).toContain('Calls to numbers starting +676 (Tonga)');
      expect(mail.html).toContain('Calls to numbers starting +676 (Tonga)');
      // The report is attached (the case has no calls, so no call records), and the mail says so.
      expect(mail.text).toContain('A report of this case (PDF) is attached.');
      expect(mail.attachments).toEqual([
        { filename: `${number}-report.pdf`, contentType: 'application/pdf', sizeBytes: expect.any(Number) },
      ]);
      expect(mail.channel).toBe('mail');
      expectStatus(await t.api('GET', '/api/mailbox', { token: w.tech }), 403);
      const doc = expectStatus(await t.api('GET', '/api/docs-json'), 200).body;
      expect(schemaProblems(doc, responseSchema(doc, 'GET', '/api/mailbox', 200), box)).toEqual([]);
    });
  });

  describe('queue', () => {
    it('sorts by severity then age, filters by state/severity/customer/number, and pages', async () => {
      const created = await t.api('POST', '/api/customers', {
        token: w.admin,
        body: { name: 'Quayside Freight', accountCode: 'QUAY01', timezone: 'UTC' },
      });
      expectStatus(created, 201);
      const customerId = created.body.id;
      const ids: string[] = [];
      for (const severity of ['notify', 'urgent', 'warning', 'urgent', 'block']) {
        ids.push(await openCase(t, w.tech, { severity, accountCode: 'QUAY01' }));
      }
      expectStatus(await act(t, w.tech, ids[0], 'DISMISS', { reason: 'noise' }), 200);
      const list = async (query: string) =>
        expectStatus(
          await t.api('GET', `/api/tickets?customerId=${customerId}&${query}`, { token: w.tech }),
          200,
        ).body.items.map((i: any) => i.id);

      expect(await list('')).toEqual([ids[4], ids[1], ids[3], ids[2], ids[0]]);
      const pages: string[] = [];
      let cursor: string | null = null;
      do {
        const q: string = `/api/tickets?customerId=${customerId}&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
        const page = expectStatus(await t.api('GET', q, { token: w.tech }), 200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        pages.push(...page.body.items.map((i: any) => i.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(pages).toEqual([ids[4], ids[1], ids[3], ids[2], ids[0]]);

      expect(await list('state=open')).toEqual([ids[4], ids[1], ids[3], ids[2]]);
      expect(await list('state=dismissed,restricted')).toEqual([ids[0]]);
      expect(await list('severity=urgent')).toEqual([ids[1], ids[3]]);
      const number = (await ticket(ids[2])).number;
      for (const q of [number, number.toLowerCase(), String(Number(number.slice(4)))]) {
        expect(await list(`q=${encodeURIComponent(q)}`)).toContain(ids[2]);
      }
      const byText = expectStatus(await t.api('GET', '/api/tickets?q=quayside', { token: w.tech }), 200);
      expect(byText.body.items).toHaveLength(5);
      const dismissed = byText.body.items.find((i: any) => i.id === ids[0]);
      expect(dismissed.allowedEvents).toEqual(['REOPEN']);
      expectError(await t.api('GET', '/api/tickets?state=sleeping', { token: w.tech }), 400, 'validation_failed');
    });
  });
});
