// Keyset paging over any list of sort keys, each in its own direction, nulls last: the SQL fragments and the
// cursor's values. A row comparison `(a, b) > ($1, $2)` cannot mix directions or hold nulls, so the "after"
// predicate is spelled out key by key.
import { badInput } from './app-error.js';
import { CommonErrorCode } from './error-codes.js';
import { textProblems } from './input-text.js';
import { encodeCursor } from './pagination.js';

/** How a key's value travels in a cursor (always as text, so numerics and microseconds keep their precision). */
export type KeyType = 'int' | 'numeric' | 'micros' | 'text' | 'uuid' | 'bool';

export interface SortKey {
  /** A SQL expression over the query's row; a `micros` key is a timestamptz. */
  expr: string;
  type: KeyType;
  desc: boolean;
  /** Rows with a null value come after all others, whichever the direction. */
  nullable?: boolean;
}

/** Nullable keys become two: "is null" (false first), then the value. */
function expand(keys: readonly SortKey[]): SortKey[] {
  return keys.flatMap((k) =>
    k.nullable
      ? [
          { expr: `((${k.expr}) IS NULL)`, type: 'bool' as const, desc: false },
          { ...k, nullable: false },
        ]
      : [k],
  );
}

function selected(k: SortKey): string {
  return k.type === 'micros' ? `(extract(epoch FROM ${k.expr}) * 1000000)::bigint::text` : `(${k.expr})::text`;
}

function param(k: SortKey, n: number): string {
  switch (k.type) {
    case 'micros':
      return `(timestamptz 'epoch' + $${n}::bigint * interval '1 microsecond')`;
    case 'int':
      return `$${n}::bigint`;
    case 'numeric':
      return `$${n}::numeric`;
    case 'uuid':
      return `$${n}::uuid`;
    case 'bool':
      return `$${n}::boolean`;
    case 'text':
      return `$${n}::text`;
  }
}

/** The SELECT list's extra columns `k0, k1, …`: the values a cursor is made of. */
export function keysetColumns(keys: readonly SortKey[]): string {
  return expand(keys)
    .map((k, i) => `${selected(k)} AS k${i}`)
    .join(', ');
}

export function keysetOrderBy(keys: readonly SortKey[]): string {
  return expand(keys)
    .map((k) => `${k.expr} ${k.desc ? 'DESC' : 'ASC'}`)
    .join(', ');
}

/**
 * Rows after the cursor's, with the cursor's values bound from `$first` on (one parameter a key). A null value
 * compares as unknown, so a null key never decides: the next key does.
 */
export function keysetAfter(keys: readonly SortKey[], first: number): string {
  const ks = expand(keys);
  const terms = ks.map((k, i) => {
    const equal = ks.slice(0, i).map((e, j) => `${e.expr} IS NOT DISTINCT FROM ${param(e, first + j)}`);
    return [...equal, `${k.expr} ${k.desc ? '<' : '>'} ${param(k, first + i)}`].join(' AND ');
  });
  return `(${terms.map((t) => `(${t})`).join(' OR ')})`;
}

/** The cursor's values read off a row's `k0, k1, …`. */
export function keysetValues(keys: readonly SortKey[], row: Partial<Record<`k${number}`, unknown>>): (string | null)[] {
  return expand(keys).map((_, i) => (row[`k${i}` as const] ?? null) as string | null);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fits(k: SortKey, v: unknown): boolean {
  if (v === null) return k.type !== 'bool';
  if (typeof v !== 'string') return false;
  switch (k.type) {
    case 'int':
      return /^-?\d{1,18}$/.test(v);
    case 'numeric':
      return /^-?\d{1,30}(\.\d{1,20})?$/.test(v);
    case 'micros':
      // Years 1000 to 9999 and a little beyond: what PostgreSQL stores.
      return /^-?\d{1,18}$/.test(v) && Math.abs(Number(v)) < 2.6e17;
    case 'uuid':
      return UUID.test(v);
    case 'bool':
      return v === 'true' || v === 'false';
    case 'text':
      return v.length <= 1_000 && textProblems(v, 'cursor').length === 0;
  }
}

/** The cursor for the page after `row`, tagged with its sort. */
export function keysetCursor(
  keys: readonly SortKey[],
  tag: string,
  row: Partial<Record<`k${number}`, unknown>>,
): string {
  return encodeCursor([tag, ...keysetValues(keys, row)]);
}

/** The cursor's values when it was issued for this sort (`tag`) and its keys, else a 400. */
export function decodeKeysetCursor(
  keys: readonly SortKey[],
  tag: string,
  cursor: string | undefined,
): (string | null)[] | null {
  if (!cursor) return null;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    /* fall through */
  }
  const ks = expand(keys);
  if (
    Array.isArray(decoded) &&
    decoded.length === ks.length + 1 &&
    decoded[0] === tag &&
    ks.every((k, i) => fits(k, decoded[i + 1]))
  )
    return decoded.slice(1) as (string | null)[];
  throw badInput('cursor is not a cursor this endpoint issued', CommonErrorCode.CursorInvalid);
}
