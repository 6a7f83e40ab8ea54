import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, postEvent } from '../../test/cases.js';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';

const SWITCH_TOKEN = 'switch-token-0123456789abcdef';

describe('account codes are case-insensitive (real PostgreSQL)', () => {
  let t: TestApp;
  let admin: string;
  let casexId: string;
  let otherId: string;
  let casexUser: string;
  let otherUser: string;
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };

  const create = (accountCode: string, name = `Customer ${accountCode}`) =>
    t.api('POST', '/api/customers', { token: admin, body: { name, accountCode, timezone: 'UTC' } });
  const portalUser = async (email: string, customerId: string) => {
    const r = await t.api('POST', '/api/users', {
      token: admin,
      body: { email, password: 'a-long-password-1', name: email, role: 'customer', customerId },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return t.login(email, 'a-long-password-1');
  };
  const customerCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM customers`)).rows[0].n;

  /** The clashing spelling must never become a second customer. */
  const expectCasexRefused = async () => {
    const r = await create('casex', 'Lowercase Impostor');
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.code).toBe('account_code_taken');
  };

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    admin = await t.login(ADMIN.email, ADMIN.password);
    const a = await create('CASEX', 'Case X Telecom');
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    casexId = a.body.id;
    const b = await create('OTHER1', 'Other Telecom');
    expect(b.status, JSON.stringify(b.body)).toBe(201);
    otherId = b.body.id;
    casexUser = await portalUser('portal@casex.example', casexId);
    otherUser = await portalUser('portal@other.example', otherId);
  });
  afterAll(() => t.close());

  it('creating casex next to CASEX is a 409 naming CASEX, with code account_code_taken', async () => {
    const before = await customerCount();
    const r = await create('casex', 'Lowercase Impostor');
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({
      statusCode: 409,
      code: 'account_code_taken',
      clash: { accountCode: 'casex', heldBy: { customerId: casexId, accountCode: 'CASEX', name: 'Case X Telecom' } },
    });
    expect(r.body.message).toContain('CASEX');
    expect(await customerCount()).toBe(before);
  });

  it('renaming another customer to a case variant is a 409; changing only the case of its own code is not', async () => {
    const clash = await t.api('PATCH', `/api/customers/${otherId}`, { token: admin, body: { accountCode: 'CaseX' } });
    expect(clash.status).toBe(409);
    expect(clash.body).toMatchObject({ code: 'account_code_taken', clash: { heldBy: { customerId: casexId } } });
    const own = await t.api('PATCH', `/api/customers/${casexId}`, { token: admin, body: { accountCode: 'CaseX' } });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.accountCode).toBe('CaseX');
    const back = await t.api('PATCH', `/api/customers/${casexId}`, { token: admin, body: { accountCode: 'CASEX' } });
    expect(back.status).toBe(200);
    expect(back.body.accountCode).toBe('CASEX');
  });

  it('an import naming casex is a 409 naming CASEX, and nothing of it is written', async () => {
    const before = await customerCount();
    const r = await t.api('POST', '/api/customers/import', {
      token: admin,
      body: {
        customers: [
          { name: 'Fresh Co', accountCode: 'FRESH1', timezone: 'UTC', ips: ['198.18.10.0/24'] },
          { name: 'Lowercase Impostor', accountCode: 'casex', timezone: 'UTC' },
        ],
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.code).toBe('account_code_taken');
    expect(r.body.message).toContain('casex');
    expect(r.body.message).toContain('CASEX');
    expect(await customerCount()).toBe(before);
    const { rows } = await t.db.query(`SELECT name FROM customers WHERE id = $1`, [casexId]);
    expect(rows).toEqual([{ name: 'Case X Telecom' }]);
  });

  it('an import holding DUPE1 and dupe1 is a 409 naming both, and nothing is written', async () => {
    const before = await customerCount();
    const r = await t.api('POST', '/api/customers/import', {
      token: admin,
      body: {
        customers: [
          { name: 'Dupe upper', accountCode: 'DUPE1', timezone: 'UTC' },
          { name: 'Dupe lower', accountCode: 'dupe1', timezone: 'UTC' },
        ],
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(409);
    expect(r.body.code).toBe('account_code_taken');
    expect(String(r.body.message)).toMatch(/DUPE1.*dupe1/);
    expect(await customerCount()).toBe(before);
  });

  it("CDRs with account casex land on CASEX and show in CASEX's portal only", async () => {
    await expectCasexRefused();
    const csv =
      'call_id,account,from,to,start,billsec\n' +
      'fold-1,casex,+13125550111,+37167000001,2025-05-14T10:00:00Z,60\n' +
      'fold-2,CaSeX,+13125550111,+37167000002,2025-05-14T10:01:00Z,60\n' +
      'fold-3,CASEX,+13125550111,+37167000003,2025-05-14T10:02:00Z,60\n';
    const r = await t.api('POST', '/api/cdrs/import?format=generic', {
      token: admin,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ imported: 3, rejected: 0 });
    const { rows } = await t.db.query(`SELECT DISTINCT customer_id FROM cdrs WHERE call_id LIKE 'fold-%'`);
    expect(rows).toEqual([{ customer_id: casexId }]);
    const own = await t.api('GET', '/api/cdrs?limit=50', { token: casexUser });
    expect(own.status).toBe(200);
    expect(own.body.items.map((c: { callId: string }) => c.callId).sort()).toEqual(['fold-1', 'fold-2', 'fold-3']);
    const other = await t.api('GET', '/api/cdrs?limit=50', { token: otherUser });
    expect(other.status).toBe(200);
    expect(other.body.items).toEqual([]);
  });

  it('an event for accountCode casex opens a CASEX case; its account block denies casex calls and nobody else', async () => {
    await expectCasexRefused();
    const ev = await postEvent(t, admin, { accountCode: 'casex', dedupeKey: 'fold-block' });
    expect(ev.status, JSON.stringify(ev.body)).toBe(201);
    expect(ev.body.customerId).toBe(casexId);
    const r = await act(t, admin, ev.body.ticketId, 'RESTRICT', {
      restrictions: [{ kind: 'account', value: 'casex' }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.restrictions).toEqual([expect.objectContaining({ kind: 'account', value: 'CASEX' })]);

    const list = await t.api('GET', '/api/enforcement/blocklist', { headers: sw });
    expect(list.status).toBe(200);
    expect(list.body.accounts).toEqual(['CASEX']);
    const decide = async (accountCode: string) => {
      const d = await t.api('POST', '/api/enforcement/authorize', {
        headers: sw,
        body: { accountCode, sourceIp: '198.51.100.200', callee: '+12125550100' },
      });
      expect(d.status, JSON.stringify(d.body)).toBe(200);
      return d.body.decision;
    };
    expect(await decide('CASEX')).toBe('deny');
    expect(await decide('casex')).toBe('deny');
    expect(await decide('CaseX')).toBe('deny');
    expect(await decide('OTHER1')).toBe('allow');
    expect(await decide('other1')).toBe('allow');
  });
});
