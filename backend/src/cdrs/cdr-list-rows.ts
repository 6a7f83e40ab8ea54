// The call records list: newest first, keyset-paged, with the page's filters. Each filter is spliced in only when
// given, so the planner sees plain predicates: a customer's list reads idx_cdr_customer_started, and every list is
// bounded to the daily partitions of its range. Number, IP and seat have no index of their own on purpose: three
// more indexes on every partition cost the import 18 % of its throughput (README, bench), for a search the NOC
// runs far less often than it imports.
import type { Sql } from '../common/sql.js';
import { CDR_VIEW_COLUMNS } from './cdrs.service.js';

export interface CdrListFilter {
  customerId: string | null;
  from: Date | null;
  to: Date | null;
  after: { startedAt: Date; id: string } | null;
  limit: number;
  /** Digits with an optional `+`: an E.164 prefix of the called number, or a caller or called number as written. */
  number: string | null;
  /** A canonical CIDR (`203.0.113.10/32`). */
  ip: string | null;
  /** A seat's id, user id, name, SIP user or extension, or a CDR's SIP user. */
  seat: string | null;
  /** ISO 3166 alpha-2, upper case. */
  country: string | null;
}

export interface CdrListRow {
  id: string;
  startedAt: Date;
  country: string | null;
  [column: string]: unknown;
}

export function listCdrs(m: Sql, f: CdrListFilter): Promise<CdrListRow[]> {
  const params: unknown[] = [];
  const p = (value: unknown) => `$${params.push(value)}`;
  const where: string[] = [];
  const customer = f.customerId ? p(f.customerId) : null;
  if (customer) where.push(`customer_id = ${customer}::uuid`);
  if (f.from) where.push(`started_at >= ${p(f.from)}`);
  if (f.to) where.push(`started_at < ${p(f.to)}`);
  if (f.after) where.push(`(started_at, id) < (${p(f.after.startedAt)}, ${p(f.after.id)}::bigint)`);
  if (f.number) {
    const e164 = f.number.startsWith('+') ? f.number : `+${f.number}`;
    const raw = p(f.number);
    where.push(
      `(called_e164 LIKE ${p(`${e164}%`)} OR caller_e164 = ${p(e164)} OR called_number = ${raw} OR caller_number = ${raw})`,
    );
  }
  if (f.ip) where.push(`source_ip <<= ${p(f.ip)}::inet`);
  if (f.seat) {
    const seat = p(f.seat);
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(f.seat) ? p(f.seat) : null;
    const own = customer ? `AND s.customer_id = ${customer}::uuid` : '';
    where.push(
      `(seat_id IN (SELECT s.id FROM seats s
                     WHERE (${uuid ? `s.id = ${uuid}::uuid OR ` : ''}lower(s.user_id) = lower(${seat})
                            OR lower(s.name) = lower(${seat}) OR lower(s.sip_username) = lower(${seat})
                            OR s.extension = ${seat}) ${own})
        OR sip_user = ${seat})`,
    );
  }
  if (f.country) where.push(`country = ${p(f.country)}`);
  const limit = p(f.limit);
  return m.query(
    `SELECT ${CDR_VIEW_COLUMNS}, (SELECT s.name FROM seats s WHERE s.id = cdrs.seat_id) AS "seatName"
       FROM cdrs ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY started_at DESC, id DESC LIMIT ${limit}`,
    params,
  );
}
