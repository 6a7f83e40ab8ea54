import { expect } from 'vitest';
import type { ErrorCode } from '../src/common/error-codes.js';

/** The error answer, once its status and its domain `code` are the expected ones. */
export function expectError<R extends { status: number; body: any }>(
  res: R,
  status: number,
  code: `${ErrorCode}`,
  message?: RegExp,
): R {
  expect(res.status, `${status} expected, got ${res.status}: ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.body?.code, `code ${code} expected: ${JSON.stringify(res.body)}`).toBe(code);
  if (message) expect(JSON.stringify(res.body?.message)).toMatch(message);
  return res;
}
