// The authorize call's input, checked by hand: the switch sends one per call set-up, and class-validator with
// class-transformer was the largest part of the request's CPU after Express itself (BENCH_CPU_PROFILE). Only
// input class-validator would accept is answered here; anything else falls through to it, so every refusal keeps
// its usual message. `fast-validators.spec.ts` holds both against each other on random and hostile input.
import { isIP, maxLength } from 'class-validator';
import { registerFastValidator } from '../common/input-text.js';
import { AuthorizeCallDto, AuthorizeQueryDto } from './enforcement.dto.js';

const CALL_FIELDS = new Set(['accountCode', 'sourceIp', 'caller', 'callee']);

/** A JSON object (or a parsed query string): no prototype of its own, so no class instance or array. */
function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

// class-validator counts a surrogate pair or an emoji with its variation selector as one character, so its length
// is never more than `.length`: a string that fits by `.length` fits, without validator.js's two regex matches.
const fits = (v: string, max: number) => v.length <= max || maxLength(v, max);

const optionalText = (v: unknown, max: number) =>
  v === undefined || v === null || (typeof v === 'string' && fits(v, max));

export function acceptAuthorizeCall(value: unknown): AuthorizeCallDto | null {
  if (!isPlainRecord(value)) return null;
  for (const key in value) if (!CALL_FIELDS.has(key) || !Object.hasOwn(value, key)) return null;
  const { accountCode, sourceIp, caller, callee } = value;
  if (!isIP(sourceIp)) return null;
  // Every non-empty string has a class-validator length of at least 1 (a pair's second half is never a first).
  if (typeof callee !== 'string' || callee.length === 0 || !fits(callee, 64)) return null;
  if (!optionalText(accountCode, 64) || !optionalText(caller, 256)) return null;
  return Object.assign(new AuthorizeCallDto(), value);
}

export function acceptAuthorizeQuery(value: unknown): AuthorizeQueryDto | null {
  if (!isPlainRecord(value)) return null;
  for (const key in value) if (key !== 'format' || !Object.hasOwn(value, key)) return null;
  const { format } = value;
  if (format !== undefined && format !== null && format !== 'json' && format !== 'sip') return null;
  return Object.assign(new AuthorizeQueryDto(), value);
}

registerFastValidator(AuthorizeCallDto, acceptAuthorizeCall);
registerFastValidator(AuthorizeQueryDto, acceptAuthorizeQuery);
