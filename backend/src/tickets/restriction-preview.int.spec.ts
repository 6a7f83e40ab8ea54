import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

describe('restriction preview (real PostgreSQL, the fixture inventory)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let id: string;

  const preview = (token: string, restrictions: { kind: string; value: string }[]) =>
    t.api('POST', `/api/tickets/${id}/restriction-preview`, { token, body: { restrictions } });

  beforeAll(async () => {
    t = await createTestApp();
    w = await caseWorld(t);
    id = await openCase(t, w.tech);
  });
  afterAll(() => t?.close());

  it('says what each restriction blocks before it is placed, in the canonical form RESTRICT will store', async () => {
    const r = await preview(w.tech, [
      { kind: 'ip', value: '198.51.100.0/24' },
      { kind: 'ip', value: '192.0.2.0/24' },
      { kind: 'ip', value: ' 10.1.2.3 ' },
      { kind: 'seat', value: '6175550142@HARBORVIEW.voip.example.net' },
      { kind: 'group', value: 'harb009-boston' },
      { kind: 'destination', value: '+53' },
      { kind: 'destination', value: '+1' },
      { kind: 'destination_class', value: 'caribbean' },
      { kind: 'account', value: 'harb009' },
    ]);
    const items = expectStatus(r, 200).body.items;
    expect(
      items.map((i: { value: string; blocks: string; warning: string | null }) => [i.value, i.blocks, i.warning]),
    ).toEqual([
      [
        '198.51.100.0/24',
        'IP 198.51.100.0/24: 256 addresses, 16 of them registered to HARB009; calls from them are refused for every customer',
        null,
      ],
      [
        '192.0.2.0/24',
        'IP 192.0.2.0/24: 256 addresses, 1 of them registered to ACME01; calls from them are refused for every customer',
        'Also stops ACME01 (Acme Dental): give a reason',
      ],
      [
        '10.1.2.3/32',
        'IP 10.1.2.3/32: 1 address, none of them registered to a customer; calls from them are refused for every customer',
        null,
      ],
      [
        '6175550142@harborview.voip.example.net',
        'Seat Front desk (6175550142@harborview.voip.example.net, extension 142, Boston office) of HARB009: its calls are refused',
        null,
      ],
      ['HARB009-BOSTON', 'Group Boston office (HARB009-BOSTON) of HARB009: calls from its 2 seats are refused', null],
      ['+53', 'All calls from HARB009 to +53 (Cuba)', 'A whole calling code: every number in it is refused'],
      [
        '+1',
        'All calls from HARB009 to +1 (the US, Canada and the Caribbean)',
        'A whole calling code: every number in it is refused',
      ],
      ['caribbean', 'Every call to the Caribbean NANP (non-US +1) from HARB009', null],
      ['HARB009', 'Every call of HARB009 (Harborview Logistics): the whole account', null],
    ]);
  });

  it('says what is wrong with a value instead of refusing the preview; another customer’s seat is not this one’s', async () => {
    const items = expectStatus(
      await preview(w.tech, [
        { kind: 'seat', value: '3125550111@acme.example.net' },
        { kind: 'destination', value: '53' },
        { kind: 'ip', value: '192.0.2.1/24' },
        { kind: 'account', value: 'ACME01' },
      ]),
      200,
    ).body.items;
    expect(items.map((i: { blocks: string; warning: string }) => [i.blocks, i.warning])).toEqual([
      ['', '"3125550111@acme.example.net" is not a seat of HARB009'],
      ['', '"53" is not an E.164 prefix such as +5321 (a + and 1-15 digits)'],
      ['', '"192.0.2.1/24" is not an IP address or CIDR (host bits must be zero)'],
      ['', '"ACME01" is not this customer\'s account code (HARB009)'],
    ]);
  });

  it('is for the NOC that restricts: customers and engineers get 403; an unknown kind is 400 naming the field', async () => {
    expect((await preview(w.harbUser, [{ kind: 'ip', value: '10.0.0.1' }])).status).toBe(403);
    expect((await preview(w.engineer, [{ kind: 'ip', value: '10.0.0.1' }])).status).toBe(403);
    const bad = await preview(w.tech, [{ kind: 'country', value: 'CU' }]);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body.message)).toMatch(/kind must be one of/);
  });
});
