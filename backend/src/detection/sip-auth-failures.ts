// The body of `POST /api/sip-auth-failures`, checked item by item: a bad item is reported by its index and the
// good ones are stored. Pure: no I/O.
import { badInput } from '../common/app-error.js';
import { BlacklistErrorCode } from '../common/error-codes.js';
import { normalizeIp } from '../common/ip.js';
import { isStorableInstant, parseDayOrInstant } from '../common/time.js';
import type { NewSipAuthFailure } from './sip-auth-failure-rows.js';

/** The most failures one request may report; an SBC sends more in several requests. */
export const MAX_SIP_FAILURES_PER_BATCH = 5_000;
export const MAX_SIP_USERNAME = 200;

const FIELDS = ['sourceIp', 'username', 'at'];

export interface ItemError {
  index: number;
  reason: string;
}

export interface ParsedFailures {
  failures: NewSipAuthFailure[];
  errors: ItemError[];
}

const shown = (v: unknown) => {
  const text = typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v));
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
};

/** Why one item cannot be stored ('; '-joined), or the failure it reports. */
export function parseItem(item: unknown): NewSipAuthFailure | string {
  if (item === null || typeof item !== 'object' || Array.isArray(item))
    return 'must be an object {sourceIp, username?, at}';
  const o = item as Record<string, unknown>;
  const problems: string[] = [];
  for (const key of Object.keys(o)) {
    if (!FIELDS.includes(key)) problems.push(`${key} is not a field (sourceIp, username, at)`);
  }
  const sourceIp = typeof o.sourceIp === 'string' ? normalizeIp(o.sourceIp) : null;
  if (o.sourceIp === undefined) problems.push('sourceIp is required');
  else if (!sourceIp) problems.push(`sourceIp ${shown(o.sourceIp)} is not an IP address`);
  const username = o.username ?? null;
  if (username !== null && (typeof username !== 'string' || username.length > MAX_SIP_USERNAME))
    problems.push(`username must be text of at most ${MAX_SIP_USERNAME} characters`);
  const at = typeof o.at === 'string' ? parseDayOrInstant(o.at, 'UTC') : null;
  if (o.at === undefined) problems.push('at is required');
  else if (!isStorableInstant(at))
    problems.push(`at must be an ISO-8601 time in the years 1000 to 9999, got ${shown(o.at)}`);
  if (problems.length) return problems.join('; ');
  return { sourceIp: sourceIp!, username: username === '' ? null : (username as string | null), at: at! };
}

/** A 400 for a body that is not a list or is over the limit; otherwise each item stored or refused. */
export function parseFailures(body: unknown): ParsedFailures {
  if (!Array.isArray(body))
    throw badInput(
      ['body must be a list of failures [{sourceIp, username?, at}]'],
      BlacklistErrorCode.FailureBatchInvalid,
    );
  if (body.length > MAX_SIP_FAILURES_PER_BATCH)
    throw badInput(
      [`body has ${body.length} failures; at most ${MAX_SIP_FAILURES_PER_BATCH} per request`],
      BlacklistErrorCode.FailureBatchInvalid,
    );
  const out: ParsedFailures = { failures: [], errors: [] };
  body.forEach((item, index) => {
    const parsed = parseItem(item);
    if (typeof parsed === 'string') out.errors.push({ index, reason: parsed });
    else out.failures.push(parsed);
  });
  return out;
}
