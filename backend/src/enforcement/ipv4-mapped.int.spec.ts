import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const SWITCH_TOKEN = 'switch-token-0123456789abcdef';
const MAPPED = ['::ffff:192.0.2.20', '::ffff:c000:214', '::FFFF:C000:214', '0:0:0:0:0:ffff:192.0.2.20'];

describe('IPv4-mapped IPv6 addresses are their IPv4 address (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const authorize = async (body: Record<string, unknown>) => {
    const r = await t.api('POST', '/api/enforcement/authorize', { headers: sw, body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  };

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('an IP block on 192.0.2.20 denies the address in every IPv6 spelling, and nothing next to it', async () => {
    const id = await openCase(t, w.tech, { accountCode: 'ACME01' });
    const r = await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'ip', value: '192.0.2.20' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const call = { accountCode: 'HARB009', callee: '+12125550100' };
    expect((await authorize({ ...call, sourceIp: '192.0.2.20' })).decision).toBe('deny');
    for (const sourceIp of MAPPED) {
      const d = await authorize({ ...call, sourceIp });
      expect(d.decision, sourceIp).toBe('deny');
      expect(d.reasons).toEqual([expect.stringContaining('source IP 192.0.2.20 is blocked by ip 192.0.2.20/32')]);
    }
    expect((await authorize({ ...call, sourceIp: '::ffff:192.0.2.21' })).decision).toBe('allow');
    const lifted = await act(t, w.tech, id, 'DISMISS', { reason: 'test' });
    expect(lifted.status).toBe(200);
  });

  it('an IP restriction written as IPv4-mapped IPv6 is stored and served as the IPv4 address', async () => {
    const id = await openCase(t, w.tech);
    const r = await act(t, w.tech, id, 'RESTRICT', {
      restrictions: [{ kind: 'ip', value: '::FFFF:CB00:714D', reason: 'the attacking source' }],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const tk = await t.api('GET', `/api/tickets/${id}`, { token: w.tech });
    expect(tk.status).toBe(200);
    expect(tk.body.restrictions).toEqual([expect.objectContaining({ kind: 'ip', value: '203.0.113.77/32' })]);
    const list = await t.api('GET', '/api/enforcement/blocklist', { headers: sw });
    expect(list.status).toBe(200);
    expect(list.body.ips).toEqual(['203.0.113.77/32']);
    expect((await authorize({ sourceIp: '203.0.113.77', callee: '+12125550100' })).decision).toBe('deny');
    const lifted = await act(t, w.tech, id, 'DISMISS', { reason: 'test' });
    expect(lifted.status).toBe(200);
  });

  it('authorize finds the customer of an IPv4-mapped source address (no account code)', async () => {
    const id = await openCase(t, w.tech, { accountCode: 'ACME01' });
    const r = await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+371' }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    // Acme owns 192.0.2.20, Harborview owns 203.0.113.10: the +371 block is Acme's only.
    expect((await authorize({ sourceIp: '::ffff:c000:214', callee: '+37167000000' })).decision).toBe('deny');
    expect((await authorize({ sourceIp: '::ffff:203.0.113.10', callee: '+37167000000' })).decision).toBe('allow');
    const lifted = await act(t, w.tech, id, 'DISMISS', { reason: 'test' });
    expect(lifted.status).toBe(200);
  });

  it('CDRs from an IPv4-mapped source address land on the customer that owns the IPv4 address', async () => {
    const csv =
      'call_id,source_ip,from,to,start,billsec\n' +
      'mapped-1,::ffff:192.0.2.20,+13125550111,+12125550100,2025-05-14T10:00:00Z,60\n' +
      'mapped-2,[::FFFF:C000:214]:5060,+13125550111,+12125550100,2025-05-14T10:01:00Z,60\n';
    const r = await t.api('POST', '/api/cdrs/import?format=generic', {
      token: w.tech,
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ imported: 2, rejected: 0 });
    const { rows } = await t.db.query(
      `SELECT call_id, customer_id, host(source_ip) AS ip FROM cdrs WHERE call_id LIKE 'mapped-%' ORDER BY call_id`,
    );
    expect(rows).toEqual([
      { call_id: 'mapped-1', customer_id: w.acmeId, ip: '192.0.2.20' },
      { call_id: 'mapped-2', customer_id: w.acmeId, ip: '192.0.2.20' },
    ]);
  });

  it('customer inventory stores an IPv4-mapped address as the IPv4 address', async () => {
    const r = await t.api('POST', '/api/customers', {
      token: w.admin,
      body: { name: 'Mapped Co', accountCode: 'MAPPED1', timezone: 'UTC', ips: ['::ffff:198.18.0.1'] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.ips.map((i: { cidr: string }) => i.cidr)).toEqual(['198.18.0.1']);
  });
});
