// The `ticket_cdrs` table: the CDRs linked to a case as its evidence, and what they add up to.
import type { Sql } from '../common/sql.js';

/** How many CDRs one ticket links as evidence; the rest stay queryable by time range. */
export const MAX_EVIDENCE_CDRS = 10_000;

export interface EvidenceRef {
  cdrIds?: string[];
  from?: string;
  to?: string;
}

/** Links the event's CDRs (only the customer's own) to the ticket, up to the cap. Returns how many were new. */
export async function linkEvidence(
  m: Sql,
  ticketId: string,
  customerId: string,
  evidence: EvidenceRef | undefined,
): Promise<number> {
  if (!evidence) return 0;
  const [{ n }]: { n: number }[] = await m.query(`SELECT count(*)::int AS n FROM ticket_cdrs WHERE ticket_id = $1`, [
    ticketId,
  ]);
  let room = MAX_EVIDENCE_CDRS - n;
  let linked = 0;
  const link = async (where: string, params: unknown[]) => {
    if (room <= 0) return;
    const rows: { cdr_id: string }[] = await m.query(
      `INSERT INTO ticket_cdrs (ticket_id, cdr_id, started_at)
       SELECT $1, id, started_at FROM cdrs WHERE customer_id = $2 AND ${where} ORDER BY started_at, id LIMIT $3
       ON CONFLICT DO NOTHING RETURNING cdr_id`,
      [ticketId, customerId, room, ...params],
    );
    room -= rows.length;
    linked += rows.length;
  };
  // Named CDRs are the evidence and the range only says when they happened; a range alone links every
  // call of the customer in it (an outside system that knows the time but not the calls).
  if (evidence.cdrIds?.length) await link(`id = ANY($4::bigint[])`, [evidence.cdrIds]);
  else if (evidence.from && evidence.to) {
    await link(`started_at >= $4::timestamptz AND started_at <= $5::timestamptz`, [evidence.from, evidence.to]);
  }
  return linked;
}

/** A seat of the case's customer that the case names (`named`) or that placed a linked call. */
export interface CaseSeat {
  name: string;
  did: string | null;
  extension: string | null;
  group_name: string | null;
  named: boolean;
}

/** The seats the events name (by userId or group externalId) or that placed linked calls. */
export function seatsOnCase(
  m: Sql,
  ticketId: string,
  customerId: string,
  named: { groupIds: string[]; seatIds: string[] },
): Promise<CaseSeat[]> {
  return m.query(
    `SELECT DISTINCT s.name, s.did, s.extension, g.name AS group_name, (s.user_id = ANY($3)) AS named
       FROM seats s LEFT JOIN customer_groups g ON g.id = s.group_id
      WHERE s.customer_id = $1
        AND (s.user_id = ANY($3) OR g.external_id = ANY($2)
             OR s.id IN (SELECT c.seat_id FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id
                           AND c.started_at = tc.started_at WHERE tc.ticket_id = $4))
      ORDER BY s.extension NULLS LAST, s.name`,
    [customerId, named.groupIds, named.seatIds, ticketId],
  );
}

/** The names of the customer's groups with these externalIds, by name. */
export async function groupNames(m: Sql, customerId: string, externalIds: string[]): Promise<string[]> {
  if (!externalIds.length) return [];
  const rows: { name: string }[] = await m.query(
    `SELECT name FROM customer_groups WHERE customer_id = $1 AND external_id = ANY($2) ORDER BY name`,
    [customerId, externalIds],
  );
  return rows.map((r) => r.name);
}

/** Linked calls per destination country, most minutes first (for the client summary). */
export async function destinationsByMinutes(
  m: Sql,
  ticketId: string,
): Promise<{ country: string; calls: number; minutes: number }[]> {
  const rows: { country: string; calls: number; minutes: string }[] = await m.query(
    `SELECT coalesce(c.country, '??') AS country, count(*)::int AS calls, sum(c.billsec) / 60.0 AS minutes
       FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
      WHERE tc.ticket_id = $1 GROUP BY 1 ORDER BY 3 DESC, 1`,
    [ticketId],
  );
  return rows.map((d) => ({ country: d.country, calls: d.calls, minutes: Number(d.minutes) }));
}

/** A linked call as the evidence CSV and report list it. */
export interface LinkedCdr {
  call_id: string;
  started_at: Date;
  caller_number: string | null;
  called_number: string;
  called_e164: string | null;
  country: string | null;
  source_ip: string | null;
  sip_user: string | null;
  billsec: number;
  disposition: string;
  cost: string | null;
}

/** The linked calls in the order they happened; all of them when `limit` is null. */
export function linkedCdrs(m: Sql, ticketId: string, limit: number | null): Promise<LinkedCdr[]> {
  return m.query(
    `SELECT c.call_id, c.started_at, c.caller_number, c.called_number, c.called_e164, c.country,
            host(c.source_ip) AS source_ip, c.sip_user, c.billsec, c.disposition, c.cost
       FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
      WHERE tc.ticket_id = $1 ORDER BY tc.started_at, tc.cdr_id LIMIT $2`,
    [ticketId, limit],
  );
}

/** Linked calls per destination country, costliest first (for the report). */
export function destinationTotals(
  m: Sql,
  ticketId: string,
): Promise<{ country: string; calls: number; minutes: number; cost: number }[]> {
  return m.query(
    `SELECT coalesce(c.country, '??') AS country, count(*)::int AS calls,
            round(sum(c.billsec) / 60.0, 2)::float AS minutes, round(coalesce(sum(c.cost), 0), 4)::float AS cost
       FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
      WHERE tc.ticket_id = $1 GROUP BY 1 ORDER BY cost DESC, calls DESC, 1`,
    [ticketId],
  );
}

/** A linked call as the ticket page's evidence table shows it. */
export interface CaseCall {
  id: string;
  callId: string;
  startedAt: Date;
  seat: string | null;
  sipUser: string | null;
  sourceIp: string | null;
  caller: string | null;
  called: string;
  calledE164: string | null;
  country: string | null;
  disposition: string;
  billsec: number;
  cost: number | null;
}

/** The evidence table's sort keys (a leading `-` sorts descending), each with its SQL. */
export const CASE_CALL_SORTS = {
  startedAt: 'c.started_at',
  seat: 'coalesce(s.name, c.sip_user)',
  sourceIp: 'c.source_ip',
  called: 'c.called_e164',
  country: 'c.country',
  billsec: 'c.billsec',
  cost: 'c.cost',
} as const;
export type CaseCallSort = keyof typeof CASE_CALL_SORTS;

/** One page of the case's linked calls, sorted (ties by time, then id); `offset` rows skipped. */
export function caseCalls(
  m: Sql,
  ticketId: string,
  q: { sort: CaseCallSort; descending: boolean; offset: number; limit: number },
): Promise<CaseCall[]> {
  const dir = q.descending ? 'DESC' : 'ASC';
  return m.query(
    `SELECT c.id::text AS id, c.call_id AS "callId", c.started_at AS "startedAt", s.name AS seat,
            c.sip_user AS "sipUser", host(c.source_ip) AS "sourceIp", c.caller_number AS caller,
            c.called_number AS called, c.called_e164 AS "calledE164", c.country::text AS country, c.disposition,
            c.billsec, c.cost::float8 AS cost
       FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
       LEFT JOIN seats s ON s.id = c.seat_id
      WHERE tc.ticket_id = $1
      ORDER BY ${CASE_CALL_SORTS[q.sort]} ${dir} NULLS LAST, c.started_at ${dir}, c.id ${dir}
      OFFSET $2 LIMIT $3`,
    [ticketId, q.offset, q.limit],
  );
}

/** The case's calls and cost per time bucket (`bucketSeconds` wide), for the episode's chart. */
export async function caseCallSeries(
  m: Sql,
  ticketId: string,
): Promise<{ bucketSeconds: number; points: { at: Date; calls: number; cost: number }[] }> {
  const [span]: { from: Date | null; to: Date | null }[] = await m.query(
    `SELECT min(started_at) AS "from", max(started_at) AS "to" FROM ticket_cdrs WHERE ticket_id = $1`,
    [ticketId],
  );
  if (!span.from || !span.to) return { bucketSeconds: 60, points: [] };
  // About 60 buckets over the episode, in whole minutes.
  const seconds = (span.to.getTime() - span.from.getTime()) / 1000;
  const bucketSeconds = Math.max(60, Math.ceil(seconds / 60 / 60) * 60);
  const points: { at: Date; calls: number; cost: number }[] = await m.query(
    `SELECT to_timestamp(floor(extract(epoch FROM c.started_at) / $2) * $2) AS at, count(*)::int AS calls,
            round(coalesce(sum(c.cost), 0), 4)::float8 AS cost
       FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
      WHERE tc.ticket_id = $1 GROUP BY 1 ORDER BY 1`,
    [ticketId, bucketSeconds],
  );
  return { bucketSeconds, points };
}

/** Whether any call is linked to the case (a mail attaches call records only then). */
export async function hasLinkedCdrs(m: Sql, ticketId: string): Promise<boolean> {
  const [row] = await m.query(`SELECT 1 FROM ticket_cdrs WHERE ticket_id = $1 LIMIT 1`, [ticketId]);
  return !!row;
}
