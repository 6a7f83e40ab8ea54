import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';
import { badInput } from './app-error.js';
import { CommonErrorCode } from './error-codes.js';
import { textProblems } from './input-text.js';
import { isStorableInstant } from './time.js';
import { parseIsoTimestamp } from './zoned-time.js';

export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 500, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page' })
  @IsOptional()
  @IsString()
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export function encodeCursor(values: unknown[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** The SQL type of each position of a cursor: its values are checked before they reach a query. */
export type CursorPart = 'timestamp' | 'epochMicros' | 'uuid' | 'bigint' | 'int' | 'text';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT8_MAX = 9_223_372_036_854_775_807n;

function fits(part: CursorPart, v: unknown): boolean {
  switch (part) {
    case 'timestamp':
      return typeof v === 'string' && v.length <= 40 && isStorableInstant(parseIsoTimestamp(v));
    case 'epochMicros':
      return typeof v === 'string' && /^-?\d{1,18}$/.test(v) && isStorableInstant(new Date(Number(BigInt(v) / 1000n)));
    case 'uuid':
      return typeof v === 'string' && UUID.test(v);
    case 'bigint':
      // pg returns int8 as a string; its range is checked exactly, not through a double.
      return (
        (typeof v === 'string' && /^-?\d{1,19}$/.test(v) && BigInt(v) <= INT8_MAX && BigInt(v) >= -INT8_MAX) ||
        (typeof v === 'number' && Number.isSafeInteger(v))
      );
    case 'int':
      // ±(2^31 - 1): the queries may negate it.
      return typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= 2_147_483_647;
    case 'text':
      return typeof v === 'string' && v.length <= 1_000 && textProblems(v, 'cursor').length === 0;
  }
}

/** The cursor's values, or a 400 when it is not one this endpoint issued (shape, types and ranges). */
export function decodeCursor(cursor: string | undefined, parts: readonly CursorPart[]): unknown[] | null {
  if (!cursor) return null;
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    /* fall through */
  }
  if (Array.isArray(v) && v.length === parts.length && parts.every((p, i) => fits(p, v[i]))) return v;
  throw badInput('cursor is not a cursor this endpoint issued', CommonErrorCode.CursorInvalid);
}

/** Fetch limit+1 rows, return limit and a cursor built from the last row's sort key. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => unknown[]): Page<T> {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items, nextCursor: more ? encodeCursor(keyOf(items[items.length - 1])) : null };
}
