// Evidence of a case in SQL: linking CDRs, exposure, and the facts behind the client summary.
import type { EntityManager } from 'typeorm';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import { renderClientSummary, type SummaryFacts } from './client-summary.js';
import { MAX_EVIDENCE_CDRS } from './cases.dto.js';

export interface EvidenceRef {
  cdrIds?: string[];
  from?: string;
  to?: string;
}

/** Links the event's CDRs (only the customer's own) to the ticket, up to the cap. Returns how many were new. */
export async function linkEvidence(
  m: EntityManager,
  ticketId: string,
  customerId: string,
  evidence: EvidenceRef | undefined,
): Promise<number> {
  if (!evidence) return 0;
  const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM ticket_cdrs WHERE ticket_id = $1`, [ticketId]);
  let room = MAX_EVIDENCE_CDRS - n;
  let linked = 0;
  const link = async (where: string, params: unknown[]) => {
    if (room <= 0) return;
    const rows = await m.query(
      `INSERT INTO ticket_cdrs (ticket_id, cdr_id, started_at)
       SELECT $1, id, started_at FROM cdrs WHERE customer_id = $2 AND ${where} ORDER BY started_at, id LIMIT $3
       ON CONFLICT DO NOTHING RETURNING cdr_id`,
      [ticketId, customerId, room, ...params],
    );
    room -= rows.length;
    linked += rows.length;
  };
  if (evidence.cdrIds?.length) await link(`id = ANY($4::bigint[])`, [evidence.cdrIds]);
  if (evidence.from && evidence.to) {
    await link(`started_at >= $4::timestamptz AND started_at <= $5::timestamptz`, [evidence.from, evidence.to]);
  }
  return linked;
}

/** Exposure is always recomputed from the linked CDRs, so it never drifts from the evidence. */
export async function recomputeExposure(m: EntityManager, ticketId: string): Promise<void> {
  await m.query(
    `UPDATE tickets t
        SET exposure_calls = x.calls, exposure_minutes = x.minutes, exposure_cost = x.cost,
            first_call_at = x.first_at, last_call_at = x.last_at
       FROM (SELECT count(*)::int AS calls, coalesce(sum(c.billsec), 0) / 60.0 AS minutes,
                    coalesce(sum(c.cost), 0) AS cost, min(c.started_at) AS first_at,
                    max(coalesce(c.ended_at, c.started_at)) AS last_at
               FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
              WHERE tc.ticket_id = $1) x
      WHERE t.id = $1`,
    [ticketId],
  );
}

/** The client summary from the ticket's first event, the seats it names or that placed calls, and the calls. */
export async function generateClientSummary(m: EntityManager, ticketId: string): Promise<string> {
  const [head] = await m.query(
    `SELECT c.id AS customer_id, c.name, c.account_code, c.timezone, t.exposure_calls, t.exposure_minutes,
            t.exposure_cost, t.first_call_at, t.last_call_at,
            (SELECT row_to_json(e) FROM (SELECT summary, occurred_at FROM detected_events
              WHERE ticket_id = t.id ORDER BY detected_at, id LIMIT 1) e) AS first_event,
            (SELECT coalesce(jsonb_agg(r), '[]') FROM detected_events d, jsonb_array_elements(d.restrictions) r
              WHERE d.ticket_id = t.id) AS named
       FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $1`,
    [ticketId],
  );
  const named = head.named as RestrictionSpec[];
  const groupIds = named.filter((r) => r.kind === 'group').map((r) => r.value);
  const seatIds = named.filter((r) => r.kind === 'seat').map((r) => r.value);
  // A transaction has one connection: these queries run one after another.
  const seats = await m.query(
    `SELECT DISTINCT s.name, s.did, s.extension, g.name AS group_name, (s.user_id = ANY($3)) AS named
       FROM seats s LEFT JOIN customer_groups g ON g.id = s.group_id
      WHERE s.customer_id = $1
        AND (s.user_id = ANY($3) OR g.external_id = ANY($2)
             OR s.id IN (SELECT c.seat_id FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id
                           AND c.started_at = tc.started_at WHERE tc.ticket_id = $4))
      ORDER BY s.extension NULLS LAST, s.name`,
    [head.customer_id, groupIds, seatIds, ticketId],
  );
  const groups = groupIds.length
    ? await m.query(`SELECT name FROM customer_groups WHERE customer_id = $1 AND external_id = ANY($2) ORDER BY name`, [
        head.customer_id,
        groupIds,
      ])
    : [];
  const destinations = await m.query(
    `SELECT coalesce(c.country, '??') AS country, count(*)::int AS calls, sum(c.billsec) / 60.0 AS minutes
       FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
      WHERE tc.ticket_id = $1 GROUP BY 1 ORDER BY 3 DESC, 1`,
    [ticketId],
  );
  const seatGroup = seats.find((s: any) => s.named)?.group_name as string | undefined;
  const facts: SummaryFacts = {
    customerName: head.name,
    accountCode: head.account_code,
    timezone: head.timezone,
    enterprise: groups[0]?.name ?? (seatIds.length ? (seatGroup ?? head.name) : head.name),
    occurredAt: new Date(head.first_event?.occurred_at ?? Date.now()),
    eventSummary: head.first_event?.summary ?? '',
    seats: seats.map((s: any) => ({ name: s.name, did: s.did, extension: s.extension })),
    calls: head.exposure_calls,
    minutes: Number(head.exposure_minutes),
    cost: Number(head.exposure_cost),
    firstCallAt: head.first_call_at,
    lastCallAt: head.last_call_at,
    destinations: destinations.map((d: any) => ({ country: d.country, calls: d.calls, minutes: Number(d.minutes) })),
  };
  return renderClientSummary(facts);
}
