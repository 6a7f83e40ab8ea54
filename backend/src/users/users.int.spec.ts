import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, createTestApp, type TestApp } from '../../test/harness.js';
import { UsersService } from './users.service.js';

describe(UsersService.name, () => {
  let t: TestApp;
  const tokens: Record<'first' | 'second', string> = { first: '', second: '' };
  const ids: Record<'first' | 'second', string> = { first: '', second: '' };
  const SECOND = { email: 'second-admin@test.local', password: 'granite-meadow-lantern' };

  beforeAll(async () => {
    t = await createTestApp();
    tokens.first = await t.login(ADMIN.email, ADMIN.password);
    const created = await t.api('POST', '/api/users', {
      token: tokens.first,
      body: { ...SECOND, name: 'Second Admin', role: 'admin' },
    });
    expect(created.status).toBe(201);
    ids.second = created.body.id;
    tokens.second = await t.login(SECOND.email, SECOND.password);
    const me = await t.api('GET', '/api/auth/me', { token: tokens.first });
    expect(me.status).toBe(200);
    ids.first = me.body.id;
  });
  afterAll(() => t.close());

  const activeAdmins = async () =>
    (await t.db.query(`SELECT email FROM users WHERE role = 'admin' AND active ORDER BY email`)).rows.map(
      (r) => r.email,
    );

  /** Two admins take each other's admin rights at the same moment: one must lose. */
  async function race(change: Record<string, unknown>) {
    const [byFirst, bySecond] = await Promise.all([
      t.api('PATCH', `/api/users/${ids.second}`, { token: tokens.first, body: change }),
      t.api('PATCH', `/api/users/${ids.first}`, { token: tokens.second, body: change }),
    ]);
    return { byFirst, bySecond };
  }

  /** The admin left standing makes the other one an active admin again. */
  async function restore(winner: 'first' | 'second') {
    const loser = winner === 'first' ? 'second' : 'first';
    const res = await t.api('PATCH', `/api/users/${ids[loser]}`, {
      token: tokens[winner],
      body: { role: 'admin', active: true },
    });
    expect(res.status).toBe(200);
    // Deactivation ended the loser's sessions; a demotion did not.
    const me = await t.api('GET', '/api/auth/me', { token: tokens[loser] });
    expect([200, 401]).toContain(me.status);
    if (me.status === 401) {
      tokens[loser] = await t.login(
        loser === 'first' ? ADMIN.email : SECOND.email,
        loser === 'first' ? ADMIN.password : SECOND.password,
      );
    }
    expect(await activeAdmins()).toHaveLength(2);
  }

  for (const [what, change] of [
    ['demote', { role: 'technician' }],
    ['deactivate', { active: false }],
  ] as const) {
    it(`lets only one of two admins ${what} the other when they do it at the same moment`, async () => {
      for (let round = 0; round < 5; round++) {
        const { byFirst, bySecond } = await race(change);
        expect([byFirst.status, bySecond.status].sort()).toEqual([200, 409]);
        const loser = byFirst.status === 409 ? byFirst : bySecond;
        expect(loser.body.message).toBe('This is the last active admin; make another admin first');
        expect(await activeAdmins()).toHaveLength(1);
        await restore(byFirst.status === 200 ? 'first' : 'second');
      }
    });
  }

  describe('password policy', () => {
    for (const [password, why] of [
      ['aaaaaaaaaaaa', /^password is too easy to guess: Repeated characters like "aaa" are easy to guess/],
      ['password1234', /^password is too easy to guess: This is similar to a commonly used password/],
      ['qwertyuiop12', /^password is too easy to guess/],
    ] as const) {
      it(`refuses ${password} for a new user and as a new password, saying why`, async () => {
        const created = await t.api('POST', '/api/users', {
          token: tokens.first,
          body: { email: `weak-${password}@test.local`, password, name: 'Weak', role: 'technician' },
        });
        expect(created.status).toBe(400);
        expect(created.body.message).toEqual([expect.stringMatching(why)]);
        expect(created.body.code).toBe('weak_password');

        const changed = await t.api('PATCH', `/api/users/${ids.second}`, { token: tokens.first, body: { password } });
        expect(changed.status).toBe(400);
        expect(changed.body.message).toEqual([expect.stringMatching(why)]);
        expect(changed.body.code).toBe('weak_password');
      });
    }

    it("refuses a password made of the user's own email address", async () => {
      const res = await t.api('POST', '/api/users', {
        token: tokens.first,
        body: { email: 'ops.lead@test.local', password: 'ops.lead@test.local', name: 'Ops Lead', role: 'engineer' },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toEqual([expect.stringMatching(/^password is too easy to guess/)]);
      expect(res.body.code).toBe('weak_password');
    });

    it('accepts a long passphrase', async () => {
      const res = await t.api('POST', '/api/users', {
        token: tokens.first,
        body: { email: 'strong@test.local', password: 'copper-tundra-whistle-42', name: 'Strong', role: 'engineer' },
      });
      expect(res.status).toBe(201);
    });
  });
});
