import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const SWITCH_TOKEN = 'switch-token-0123456789abcdef';

describe('the blocklist names the account of every customer entry (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const get = async (query = '') => {
    const r = await t.api('GET', `/api/enforcement/blocklist${query}`, { headers: sw });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r;
  };
  const decide = async (body: Record<string, unknown>) => {
    const r = await t.api('POST', '/api/enforcement/authorize', { headers: sw, body });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.decision;
  };

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    w = await caseWorld(t);
    // A third customer, known to the index before the blocks (it is rebuilt on each restriction change).
    const other = await t.api('POST', '/api/customers', {
      token: w.admin,
      body: { name: 'Okli', accountCode: 'OKLI22', timezone: 'UTC' },
    });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const harb = await openCase(t, w.tech);
    const tk = await t.api('GET', `/api/tickets/${harb}`, { token: w.tech });
    expect(tk.status).toBe(200);
    // The ticket names the account its blocks are listed under.
    expect(tk.body.accountCode).toBe('HARB009');
    const r1 = await act(t, w.tech, harb, 'RESTRICT', {
      restrictions: [
        { kind: 'destination', value: '+371' },
        { kind: 'group', value: 'HARB009-BOSTON' },
        { kind: 'ip', value: '203.0.113.77', reason: 'the attacking source' },
      ],
    });
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    const acme = await openCase(t, w.tech, { accountCode: 'ACME01' });
    const r2 = await act(t, w.tech, acme, 'RESTRICT', { restrictions: [{ kind: 'account', value: 'ACME01' }] });
    expect(r2.status, JSON.stringify(r2.body)).toBe(200);
  });
  afterAll(() => t.close());

  it("JSON: a +371 block on Harborview's ticket is Harborview's, and so are its group's seats", async () => {
    const { body } = await get();
    expect(body).toEqual({
      ips: ['203.0.113.77/32'],
      seats: [
        { account: 'HARB009', value: '6175550142@harborview.voip.example.net' },
        { account: 'HARB009', value: '6175550143@harborview.voip.example.net' },
      ],
      groups: [{ account: 'HARB009', value: 'HARB009-BOSTON' }],
      destinations: [{ account: 'HARB009', value: '+371' }],
      destinationClasses: [],
      accounts: ['ACME01'],
      version: expect.any(Number),
    });
  });

  it('text: one entry per line with its account; a switch loading it blocks Latvia for Harborview only, as authorize does', async () => {
    const r = await get('?format=text');
    expect(r.headers.get('content-type')).toContain('text/plain');
    const lines = (r.body as string).split('\n').filter(Boolean);
    expect(lines.sort()).toEqual(
      [
        'ip 203.0.113.77/32',
        'seat HARB009 6175550142@harborview.voip.example.net',
        'seat HARB009 6175550143@harborview.voip.example.net',
        'group HARB009 HARB009-BOSTON',
        'destination HARB009 +371',
        'account ACME01 ACME01',
      ].sort(),
    );
    // A switch that loads the list as documented: destination blocks keyed by account.
    const blocked = new Set(
      lines.filter((l) => l.startsWith('destination ')).map((l) => l.split(' ').slice(1).join(' ')),
    );
    const loadedSwitchBlocks = (account: string, e164: string) =>
      [...blocked].some((b) => b.startsWith(`${account} `) && e164.startsWith(b.split(' ')[1]));
    expect(loadedSwitchBlocks('HARB009', '+37167000000')).toBe(true);
    expect(loadedSwitchBlocks('OKLI22', '+37167000000')).toBe(false);
    expect(await decide({ accountCode: 'HARB009', sourceIp: '10.1.1.1', callee: '+37167000000' })).toBe('deny');
    expect(await decide({ accountCode: 'OKLI22', sourceIp: '10.1.1.1', callee: '+37167000000' })).toBe('allow');
  });

  it('text per kind: bare IPs for ipset, `<account> <value>` for the others', async () => {
    expect((await get('?format=text&kind=ip')).body).toBe('203.0.113.77/32\n');
    expect((await get('?format=text&kind=destination')).body).toBe('HARB009 +371\n');
    expect((await get('?format=text&kind=group')).body).toBe('HARB009 HARB009-BOSTON\n');
    expect((await get('?format=text&kind=account')).body).toBe('ACME01 ACME01\n');
    expect((await get('?format=text&kind=seat')).body).toBe(
      'HARB009 6175550142@harborview.voip.example.net\nHARB009 6175550143@harborview.voip.example.net\n',
    );
  });

  it('an unknown kind, or a kind without format=text, is a 400', async () => {
    const bad = await t.api('GET', '/api/enforcement/blocklist?format=text&kind=country', { headers: sw });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toEqual(['kind must be one of ip, seat, group, destination, destination_class, account']);
    expect(bad.body.code).toBe('validation_failed');
    const json = await t.api('GET', '/api/enforcement/blocklist?kind=ip', { headers: sw });
    expect(json.status).toBe(400);
    expect(json.body.message).toEqual(['kind applies to format=text only']);
    expect(json.body.code).toBe('blocklist_kind_needs_text');
  });
});
