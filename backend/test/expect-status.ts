import { expect } from 'vitest';

/**
 * The response, once its status is the expected one. Every request a test makes is checked: a step that
 * failed must not pass for "nothing changed". The failure message carries the server's answer.
 */
export function expectStatus<R extends { status: number; body: unknown }>(res: R, status: number): R {
  expect(res.status, `${status} expected, got ${res.status}: ${JSON.stringify(res.body)}`).toBe(status);
  return res;
}
