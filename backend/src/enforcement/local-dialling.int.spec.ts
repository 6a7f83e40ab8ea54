import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const SWITCH_TOKEN = 'switch-token-for-local-dialling';

describe('authorize reads local dialling in the caller’s context (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  const sw = { authorization: `Bearer ${SWITCH_TOKEN}` };
  const authorize = async (body: Record<string, unknown>) =>
    expectStatus(await t.api('POST', '/api/enforcement/authorize', { headers: sw, body }), 200).body;

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
    w = await caseWorld(t);
    const id = await openCase(t, w.tech);
    expectStatus(await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+53' }] }), 200);
  });
  afterAll(() => t.close());

  const call = { accountCode: 'HARB009', sourceIp: '198.51.100.3' };

  it('allows a 7-digit local call while Cuba (+53) is blocked, from a caller number or a seat with a DID', async () => {
    // 537-0142 dialled in Boston (617) is +1 617 537 0142, not +53 70142.
    expect(await authorize({ ...call, caller: '+16175550142', callee: '5370142' })).toEqual({
      decision: 'allow',
      reasons: [],
    });
    expect(await authorize({ ...call, caller: 'harb-142', callee: '537-0142' })).toEqual({
      decision: 'allow',
      reasons: [],
    });
  });

  it('still denies Cuba dialled with + or an international prefix', async () => {
    for (const callee of ['+5372345678', '0115372345678', '005372345678']) {
      const answer = await authorize({ ...call, caller: '+16175550142', callee });
      expect(answer.decision, callee).toBe('deny');
      expect(answer.reasons).toEqual([expect.stringContaining('callee +5372345678 matches destination +53')]);
    }
  });
});
