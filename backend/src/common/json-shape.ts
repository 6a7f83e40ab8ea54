import type { IncomingMessage } from 'node:http';
import { AppError } from './app-error.js';
import { CommonErrorCode } from './error-codes.js';

/**
 * Limits on the shape of a JSON request body, checked on the raw bytes before JSON.parse.
 * Deep nesting overflows the stack of class-transformer (a 500 for ~250 ms of CPU, before any
 * login); wide objects turn into one whitelist error per key. No DTO needs more than this:
 * the customer import is 7 levels deep and its largest array (seats of a group) holds 50,000.
 */
export const JSON_LIMITS = { depth: 32, keysPerObject: 1_000, arrayItems: 50_000 } as const;

/** Keys that would reach an object's prototype if any code copied them with plain assignment. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Thrown inside body-parser's `verify`: the filter answers by its code (body-parser labels it 403 on the way). */
export class JsonShapeError extends AppError {
  readonly type = 'entity.shape.refused';
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

// Separators seen in the container at each depth, and whether it is an object. Shared by every call: the scan is
// synchronous and sets a depth's entries when it opens a container there, before reading them.
const ITEMS = new Int32Array(JSON_LIMITS.depth + 2);
const IS_OBJECT = new Uint8Array(JSON_LIMITS.depth + 2);

/**
 * One linear pass over UTF-8 JSON text, counting bracket depth outside strings: throws a
 * JsonShapeError naming the limit. Multi-byte UTF-8 sequences never contain ASCII bytes, so
 * scanning bytes is exact. Malformed JSON is left for JSON.parse to report.
 */
export function checkJsonShape(bytes: Uint8Array): void {
  const max = JSON_LIMITS.depth;
  const items = ITEMS;
  const isObject = IS_OBJECT;
  let depth = 0;
  let expectKey = false;
  const n = bytes.length;
  for (let i = 0; i < n; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      const start = i + 1;
      let escaped = false;
      for (i = start; i < n; i++) {
        const s = bytes[i];
        if (s === BACKSLASH) {
          escaped = true;
          i++;
        } else if (s === QUOTE) break;
      }
      if (expectKey) {
        expectKey = false;
        checkKey(bytes, start, i, escaped);
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (++depth > max)
        throw new JsonShapeError(CommonErrorCode.JsonTooDeep, `JSON body is nested deeper than ${max} levels`);
      items[depth] = 0;
      isObject[depth] = c === OPEN_OBJECT ? 1 : 0;
      expectKey = c === OPEN_OBJECT;
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      if (depth > 0) depth--;
      expectKey = false;
    } else if (c === COMMA && depth > 0) {
      const count = ++items[depth] + 1;
      if (isObject[depth]) {
        expectKey = true;
        if (count > JSON_LIMITS.keysPerObject) {
          throw new JsonShapeError(
            CommonErrorCode.JsonTooManyKeys,
            `A JSON object in the body has more than ${JSON_LIMITS.keysPerObject} keys`,
          );
        }
      } else if (count > JSON_LIMITS.arrayItems) {
        throw new JsonShapeError(
          CommonErrorCode.JsonTooManyItems,
          `A JSON array in the body has more than ${JSON_LIMITS.arrayItems} items`,
        );
      }
    }
  }
}

function checkKey(bytes: Uint8Array, start: number, end: number, escaped: boolean): void {
  const len = end - start;
  // Only keys as long as a prototype key, or spelled with escapes (`"\u005f_proto__"`), can be one.
  if (!escaped && len !== 9 && len !== 11) return;
  if (escaped && len > 80) return;
  let key = Buffer.from(bytes.buffer, bytes.byteOffset + start, len).toString('latin1');
  if (escaped) {
    try {
      key = JSON.parse(`"${Buffer.from(bytes.buffer, bytes.byteOffset + start, len).toString('utf8')}"`);
    } catch {
      return; // JSON.parse reports it
    }
  }
  if (PROTOTYPE_KEYS.has(key))
    throw new JsonShapeError(CommonErrorCode.JsonKeyRefused, `JSON body has a "${key}" key, which is not accepted`);
}

/** body-parser `verify` hook: runs on the raw body before JSON.parse. */
export function verifyJsonShape(_req: IncomingMessage, _res: unknown, body: Buffer, encoding: string | null): void {
  // RFC 8259 §8.1: JSON between systems is UTF-8 (and the scan above relies on it).
  if (encoding && !/^utf-?8$/i.test(encoding))
    throw new JsonShapeError(CommonErrorCode.JsonNotUtf8, 'Send JSON bodies as UTF-8');
  checkJsonShape(body);
}
