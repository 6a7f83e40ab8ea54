import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('quarantined mail attached to a ticket by a technician (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const upload = (raw: string) =>
    t.api('POST', '/api/alert-emails', { token: w.tech, raw, headers: { 'content-type': 'message/rfc822' } });
  const stranger = (n: number) =>
    [
      'From: Carrier Desk <desk@upstream-carrier.example>',
      'To: noc@carrier.example',
      `Subject: Your customer HARB009 – calls to Cuba (${n})`,
      `Message-ID: <stray-${n}@upstream-carrier.example>`,
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=utf-8',
      '',
      'We saw 40 calls to +53 from your customer tonight.',
      '--b1',
      'Content-Type: text/csv; name="../../calls.csv"',
      'Content-Disposition: attachment; filename="../../calls.csv"',
      '',
      'called,seconds',
      '+5321550101,300',
      '--b1--',
      '',
    ].join('\r\n');

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('keeps the message on the ticket as an internal note with its attachment, once, and audits it', async () => {
    const q = expectStatus(await upload(stranger(1)), 201).body;
    expect(q.status).toBe('quarantined');
    const id = await openCase(t, w.tech);
    const { number } = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;

    const r = await t.api('POST', `/api/alert-emails/${q.id}/attach`, { token: w.tech, body: { ticket: number } });
    expect(expectStatus(r, 200).body).toMatchObject({
      id: q.id,
      status: 'processed',
      parsedAs: 'attached',
      ticketIds: [id],
      reason: `Attached to ${number} by tech user`,
    });
    const { items } = expectStatus(
      await t.api('GET', `/api/tickets/${id}/timeline?limit=100`, { token: w.tech }),
      200,
    ).body;
    const note = items.find((e: any) => e.type === 'note' && e.payload.email);
    expect(note).toMatchObject({ visibility: 'internal', actor: { name: 'tech user' } });
    expect(note.payload.body).toContain('We saw 40 calls to +53 from your customer tonight.');
    expect(note.payload.email.attachments).toHaveLength(1);
    expect(note.payload.email.attachments[0].filename).not.toContain('/');
    // The customer does not see it.
    const portal = expectStatus(await t.api('GET', `/api/tickets/${id}/timeline?limit=100`, { token: w.harbUser }), 200)
      .body.items;
    expect(portal.some((e: any) => e.payload?.email)).toBe(false);
    const audit = await t.db.query(`SELECT action, details FROM audit_log WHERE entity_id = $1`, [q.id]);
    expect(audit.rows).toEqual([{ action: 'alert_email.attached', details: { ticketId: id, ticketNumber: number } }]);

    // Once: a second attach is refused, and the note is not doubled.
    expectError(
      await t.api('POST', `/api/alert-emails/${q.id}/attach`, { token: w.tech, body: { ticket: id } }),
      409,
      'alert_email_not_quarantined',
    );
    const again = expectStatus(await t.api('GET', `/api/tickets/${id}/timeline?limit=100`, { token: w.tech }), 200).body
      .items;
    expect(again.filter((e: any) => e.payload?.email)).toHaveLength(1);
  });

  it('bad input: unknown message or ticket, a malformed ticket, a customer user', async () => {
    const q = expectStatus(await upload(stranger(2)), 201).body;
    const attach = (id: string, body: unknown, token = w.tech) =>
      t.api('POST', `/api/alert-emails/${id}/attach`, { token, body });
    expectError(
      await attach('00000000-0000-4000-8000-000000000000', { ticket: 'FRD-000001' }),
      404,
      'alert_email_not_found',
    );
    expectError(await attach(q.id, { ticket: 'FRD-999999' }), 404, 'ticket_not_found');
    expectError(await attach(q.id, { ticket: '00000000-0000-4000-8000-000000000000' }), 404, 'ticket_not_found');
    const bad = expectError(await attach(q.id, { ticket: 'not a ticket' }), 400, 'bad_input');
    expect(JSON.stringify(bad.body)).toContain('ticket');
    expectError(await attach(q.id, {}), 400, 'validation_failed');
    expectError(await attach(q.id, { ticket: 'FRD-000001' }, w.harbUser), 403, 'role_forbidden');
    // Still quarantined after all that.
    expect(expectStatus(await t.api('GET', `/api/alert-emails/${q.id}`, { token: w.tech }), 200).body.status).toBe(
      'quarantined',
    );
  });
});
