import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, eventually, openCase } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const SWITCH_TOKEN = 'switch-token-for-answers';
const FRONT_DESK = '6175550142@harborview.voip.example.net';

describe("authorize's answers for the switch: format=sip and bad input (real PostgreSQL)", () => {
  let t: TestApp;
  let w: CaseWorld;
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const post = (body: unknown, query = '') =>
    t.api('POST', `/api/enforcement/authorize${query}`, { headers: sw, body });
  const call = { accountCode: 'HARB009', sourceIp: '203.0.113.10', caller: 'harb-143', callee: '+16175550199' };

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    w = await caseWorld(t);
    const id = await openCase(t, w.tech);
    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', {
        restrictions: [
          { kind: 'ip', value: '198.51.100.66', reason: 'the attacking source' },
          { kind: 'seat', value: FRONT_DESK },
        ],
      }),
      200,
    );
    await eventually(async () => expect(expectStatus(await post(call), 200).body.reasons).toEqual([]));
  });
  afterAll(() => t.close());

  it('format=sip: the first line is the SIP status (200 OK, 603 Decline, 403 Forbidden for a blocked source), the reasons after it', async () => {
    const ok = expectStatus(await post(call, '?format=sip'), 200);
    expect(ok.headers.get('content-type')).toContain('text/plain');
    expect(ok.headers.get('x-sip-status')).toBe('200');
    expect(ok.body).toBe('200 OK\n');

    const seat = expectStatus(await post({ ...call, caller: 'harb-142' }, '?format=sip'), 200);
    expect(seat.headers.get('x-sip-status')).toBe('603');
    expect(seat.body).toBe(`603 Decline\ncaller harb-142 is blocked seat ${FRONT_DESK} (FRD-000001)\n`);

    const source = expectStatus(await post({ ...call, sourceIp: '198.51.100.66' }, '?format=sip'), 200);
    expect((source.body as string).split('\n')[0]).toBe('403 Forbidden');

    const emergency = expectStatus(
      await post({ ...call, sourceIp: '198.51.100.66', callee: '112' }, '?format=sip'),
      200,
    );
    expect((emergency.body as string).split('\n').slice(0, 2)).toEqual([
      '200 OK',
      '112 is an emergency number: always allowed',
    ]);
    expect(expectStatus(await post(call, '?format=xml'), 400).body.message).toEqual(['format must be json or sip']);
  });

  it('bad input: a malformed request is a 400 naming the field; what a switch may legitimately send is answered with a reason', async () => {
    const noCallee = expectStatus(await post({ accountCode: 'HARB009', sourceIp: '203.0.113.10' }), 400).body;
    expect(noCallee.code).toBe('validation_failed');
    expect(JSON.stringify(noCallee.message)).toContain('callee');
    expect(JSON.stringify(expectStatus(await post({ ...call, callee: '' }), 400).body.message)).toContain('callee');
    expect(JSON.stringify(expectStatus(await post({ ...call, sourceIp: 'not-an-ip' }), 400).body.message)).toContain(
      'sourceIp must be an IPv4 or IPv6 address',
    );
    expect(JSON.stringify(expectStatus(await post({ ...call, callee: 42 }), 400).body.message)).toContain('callee');

    // A callee that is no telephone number (an extension, a SIP user): blocks still apply, no destination rule can.
    expect(expectStatus(await post({ ...call, callee: 'reception' }), 200).body).toEqual({
      decision: 'allow',
      reasons: ['callee "reception" is not a telephone number: no destination rule applies'],
    });
    expect(expectStatus(await post({ ...call, caller: 'harb-142', callee: 'reception' }), 200).body.decision).toBe(
      'deny',
    );
    // An account Tollgate does not know: every customer's blocks apply, and the answer says so.
    const unknown = expectStatus(await post({ ...call, accountCode: 'NOPE01' }), 200).body;
    expect(unknown).toEqual({
      decision: 'allow',
      reasons: ["account NOPE01 is not a customer's account code: every customer's blocks apply"],
    });
    expect(expectStatus(await post({ ...call, accountCode: 'NOPE01', caller: 'harb-142' }), 200).body.decision).toBe(
      'deny',
    );
  });
});
