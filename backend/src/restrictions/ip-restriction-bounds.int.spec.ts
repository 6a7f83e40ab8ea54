import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase, postEvent } from '../../test/cases.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const SWITCH_TOKEN = 'switch-token-0123456789abcdef';

describe('IP restrictions: bounded, and explicit about whose addresses they cover (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const restrict = (token: string, id: string, restrictions: Record<string, unknown>[]) =>
    act(t, token, id, 'RESTRICT', { restrictions });
  const ticket = async (id: string, token = w.tech) => {
    const r = await t.api('GET', `/api/tickets/${id}`, { token });
    expect(r.status).toBe(200);
    return r.body;
  };
  const decide = async (body: Record<string, unknown>) => {
    const r = await t.api('POST', '/api/enforcement/authorize', { headers: sw, body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.decision;
  };

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('0.0.0.0/0 and ::/0 are refused with 400 naming the value and the minimum prefix; nobody is blocked', async () => {
    const id = await openCase(t, w.tech);
    const r = await restrict(w.tech, id, [
      { kind: 'ip', value: '0.0.0.0/0', reason: 'block everything' },
      { kind: 'ip', value: '::/0', reason: 'block everything' },
      { kind: 'ip', value: '10.0.0.0/15', reason: 'just too wide' },
    ]);
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body.message).toEqual([
      'restrictions.0.value "0.0.0.0/0" is broader than /16, the shortest IPv4 prefix allowed (RESTRICTION_MIN_PREFIX_V4); an admin may confirm it with confirmBroad: true',
      'restrictions.1.value "::/0" is broader than /32, the shortest IPv6 prefix allowed (RESTRICTION_MIN_PREFIX_V6); an admin may confirm it with confirmBroad: true',
      'restrictions.2.value "10.0.0.0/15" is broader than /16, the shortest IPv4 prefix allowed (RESTRICTION_MIN_PREFIX_V4); an admin may confirm it with confirmBroad: true',
    ]);
    expect(r.body.code).toBe('restriction_too_broad');
    expect((await ticket(id)).restrictions).toEqual([]);
    expect(await decide({ accountCode: 'ACME01', sourceIp: '192.0.2.20', callee: '+12125550100' })).toBe('allow');
  });

  it('confirmBroad: a technician gets 403; an admin may confirm a broad range (with a reason), and lifting it frees everyone', async () => {
    const id = await openCase(t, w.tech);
    const broad = { kind: 'ip', value: '192.0.0.0/8', confirmBroad: true, reason: 'botnet range, carrier advisory' };
    const tech = await restrict(w.tech, id, [broad]);
    expect(tech.status, JSON.stringify(tech.body)).toBe(403);
    expect(tech.body.message).toBe('Only an admin may confirm a broad IP restriction (confirmBroad)');
    expect(tech.body.code).toBe('restriction_confirm_broad_forbidden');
    const notIp = await restrict(w.admin, id, [{ kind: 'destination', value: '+371', confirmBroad: true }]);
    expect(notIp.status).toBe(400);
    expect(notIp.body.message).toEqual(['restrictions.0.confirmBroad applies to ip restrictions only']);
    expect(notIp.body.code).toBe('restriction_value_invalid');

    const admin = await restrict(w.admin, id, [broad]);
    expect(admin.status, JSON.stringify(admin.body)).toBe(200);
    expect(admin.body.restrictions).toEqual([
      expect.objectContaining({
        kind: 'ip',
        value: '192.0.0.0/8',
        status: 'active',
        reason: 'botnet range, carrier advisory',
        covers: [{ customerId: w.acmeId, accountCode: 'ACME01', name: 'Acme Dental' }],
      }),
    ]);
    expect(await decide({ accountCode: 'ACME01', sourceIp: '192.0.2.20', callee: '+12125550100' })).toBe('deny');
    const dismissed = await act(t, w.admin, id, 'DISMISS', { reason: 'advisory withdrawn' });
    expect(dismissed.status).toBe(200);
    expect(await decide({ accountCode: 'ACME01', sourceIp: '192.0.2.20', callee: '+12125550100' })).toBe('allow');
  });

  it("a range covering another customer's inventory needs a reason (400 without); the ticket shows whose addresses it covers", async () => {
    const id = await openCase(t, w.tech);
    const without = await restrict(w.tech, id, [{ kind: 'ip', value: '192.0.2.0/24' }]);
    expect(without.status, JSON.stringify(without.body)).toBe(400);
    expect(without.body.message).toEqual([
      "restrictions.0.reason is required: 192.0.2.0/24 covers addresses of ACME01 (Acme Dental) and addresses outside HARB009's inventory",
    ]);
    expect(without.body.code).toBe('restriction_reason_required');
    expect((await ticket(id)).restrictions).toEqual([]);

    const withReason = await restrict(w.tech, id, [
      { kind: 'ip', value: '192.0.2.0/24', reason: 'the PBX of both customers sits in this hosted range' },
    ]);
    expect(withReason.status, JSON.stringify(withReason.body)).toBe(200);
    const [r] = (await ticket(id)).restrictions;
    expect(r).toMatchObject({
      kind: 'ip',
      value: '192.0.2.0/24',
      status: 'active',
      reason: 'the PBX of both customers sits in this hosted range',
      covers: [{ customerId: w.acmeId, accountCode: 'ACME01', name: 'Acme Dental' }],
    });
    // The ticket's customer sees its restriction, never the other customers it covers or the NOC's reason.
    const portal = await ticket(id, w.harbUser);
    expect(portal.restrictions).toEqual([
      expect.objectContaining({ kind: 'ip', value: '192.0.2.0/24', status: 'active' }),
    ]);
    expect(portal.restrictions[0]).not.toHaveProperty('covers');
    expect(portal.restrictions[0]).not.toHaveProperty('reason');
    expect(JSON.stringify(portal)).not.toContain('Acme');
    const dismissed = await act(t, w.tech, id, 'DISMISS', { reason: 'test' });
    expect(dismissed.status).toBe(200);
  });

  it("an address outside the customer's inventory needs a reason; one inside it does not", async () => {
    const id = await openCase(t, w.tech);
    const outside = await restrict(w.tech, id, [{ kind: 'ip', value: '203.0.113.77' }]);
    expect(outside.status).toBe(400);
    expect(outside.body.message).toEqual([
      "restrictions.0.reason is required: 203.0.113.77/32 covers addresses outside HARB009's inventory",
    ]);
    expect(outside.body.code).toBe('restriction_reason_required');
    const inside = await restrict(w.tech, id, [{ kind: 'ip', value: '198.51.100.4' }]);
    expect(inside.status, JSON.stringify(inside.body)).toBe(200);
    expect((await ticket(id)).restrictions).toEqual([
      expect.objectContaining({
        value: '198.51.100.4/32',
        reason: null,
        covers: [{ customerId: w.harbId, accountCode: 'HARB009', name: 'Harborview Logistics' }],
      }),
    ]);
    const dismissed = await act(t, w.tech, id, 'DISMISS', { reason: 'test' });
    expect(dismissed.status).toBe(200);
  });

  it("a block event's IP restriction outside the inventory takes the event's summary as its reason", async () => {
    const ev = await postEvent(t, w.tech, {
      dedupeKey: 'bounds-event',
      severity: 'block',
      summary: 'Carrier alert: premium calls from 203.0.113.99',
      restrictions: [{ kind: 'ip', value: '203.0.113.99' }],
    });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    expect((await ticket(ev.body.ticketId)).restrictions).toEqual([
      expect.objectContaining({
        value: '203.0.113.99/32',
        status: 'active',
        reason: 'threshold event: Carrier alert: premium calls from 203.0.113.99',
        covers: [],
      }),
    ]);
    const broad = await postEvent(t, w.tech, {
      dedupeKey: 'bounds-event-broad',
      severity: 'block',
      restrictions: [{ kind: 'ip', value: '0.0.0.0/0' }],
    });
    expect(broad.status).toBe(400);
    expect(broad.body.message).toEqual([expect.stringContaining('"0.0.0.0/0" is broader than /16')]);
    expect(broad.body.code).toBe('restriction_too_broad');
    const confirmed = await postEvent(t, w.admin, {
      dedupeKey: 'bounds-event-confirmed',
      severity: 'block',
      restrictions: [{ kind: 'ip', value: '0.0.0.0/0', confirmBroad: true, reason: 'x' }],
    });
    expect(confirmed.status).toBe(400);
    expect(confirmed.body.message).toEqual([
      'confirmBroad is for an admin RESTRICT on the ticket, not for detected events',
    ]);
    expect(confirmed.body.code).toBe('restriction_value_invalid');
  });
});
