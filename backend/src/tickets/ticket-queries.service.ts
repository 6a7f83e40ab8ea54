import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import { decodeCursor, type Page, toPage } from '../common/pagination.js';
import { ticketRestrictions } from '../restrictions/restriction-rows.js';
import { formatTicketNumber, parseTicketNumber } from './case-kinds.js';
import { allowedEvents } from './ticket.machine.js';
import { loadTicket, machineActor, actorOf } from './ticket-rows.js';
import { customerView, TIMELINE_COLUMNS, type TimelineEntry } from './ticket-timeline.js';
import type { TicketListQuery } from './tickets.dto.js';
import { CLOSED_CASE_STATES, CASE_STATES, type CaseState } from './ticket-machine.types.js';

const SUMMARY_COLUMNS = `t.id, t.number, t.customer_id, c.name AS customer_name, c.account_code, t.title, t.kind, t.severity,
  t.severity_rank, t.dedupe_key, t.state, t.escalation, t.version, t.event_count,
  t.exposure_calls, t.exposure_minutes, t.exposure_cost, t.opened_at, t.updated_at, t.closed_at,
  (extract(epoch FROM t.opened_at) * 1000000)::bigint::text AS opened_us`;

function summaryOf(r: any) {
  return {
    id: r.id,
    number: formatTicketNumber(r.number),
    customerId: r.customer_id,
    customerName: r.customer_name,
    accountCode: r.account_code,
    title: r.title,
    kind: r.kind,
    severity: r.severity,
    dedupeKey: r.dedupe_key,
    state: r.state,
    escalation: r.escalation,
    version: r.version,
    eventCount: r.event_count,
    exposure: { calls: r.exposure_calls, minutes: Number(r.exposure_minutes), cost: Number(r.exposure_cost) },
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
  };
}
export type TicketSummary = ReturnType<typeof summaryOf>;

function statesOf(filter: string | undefined): CaseState[] | null {
  if (!filter) return null;
  return filter.split(',').flatMap((s): CaseState[] => {
    const v = s.trim();
    if (v === 'open') return CASE_STATES.filter((c) => !(CLOSED_CASE_STATES as readonly string[]).includes(c));
    if (v === 'closed') return [...CLOSED_CASE_STATES];
    return [v as CaseState];
  });
}

@Injectable()
export class TicketQueriesService {
  constructor(private readonly db: DataSource) {}

  /** The queue: most severe first, then oldest first (the longest-waiting case). */
  async list(p: Principal, q: TicketListQuery): Promise<Page<TicketSummary>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['int', 'epochMicros', 'uuid']) as [number, string, string] | null;
    const text = q.q?.trim() || null;
    const rows = await this.db.query(
      `SELECT ${SUMMARY_COLUMNS}, t.snapshot
         FROM tickets t JOIN customers c ON c.id = t.customer_id
        WHERE ($1::uuid IS NULL OR t.customer_id = $1)
          AND ($2::uuid IS NULL OR t.customer_id = $2)
          AND ($3::text[] IS NULL OR t.state = ANY($3))
          AND ($4::text IS NULL OR t.severity = $4)
          AND ($5::text IS NULL OR t.number = $6 OR t.title ILIKE '%' || $5 || '%' OR c.name ILIKE '%' || $5 || '%'
               OR t.dedupe_key ILIKE '%' || $5 || '%' OR c.account_code ILIKE '%' || $5 || '%')
          AND ($7::int IS NULL OR (-t.severity_rank, t.opened_at, t.id)
               > (-$7::int, timestamptz 'epoch' + $8::bigint * interval '1 microsecond', $9::uuid))
        ORDER BY t.severity_rank DESC, t.opened_at, t.id
        LIMIT $10`,
      [
        scopeOf(p),
        q.customerId ?? null,
        statesOf(q.state),
        q.severity ?? null,
        text,
        text ? parseTicketNumber(text) : null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        limit + 1,
      ],
    );
    const page = toPage<any>(rows, limit, (r) => [r.severity_rank, r.opened_us, r.id]);
    // The queue offers quick actions (e.g. Restrict) only where the caller may take them now.
    const actor = machineActor(actorOf(p));
    return {
      items: page.items.map((r) => ({ ...summaryOf(r), allowedEvents: allowedEvents(r.snapshot, actor) })),
      nextCursor: page.nextCursor,
    };
  }

  async get(id: string, p: Principal) {
    const ticket = await loadTicket(this.db.manager, id, p);
    const isCustomer = p.role === 'customer';
    const [[row], restrictions, checklist] = await Promise.all([
      this.db.query(
        `SELECT ${SUMMARY_COLUMNS}, t.client_summary, t.first_call_at, t.last_call_at,
                t.acknowledged_at, t.restricted_at, t.snapshot->'context'->>'verdict' AS verdict,
                extract(epoch FROM t.acknowledged_at - t.opened_at)::int AS acknowledge_seconds,
                extract(epoch FROM t.restricted_at - t.opened_at)::int AS restrict_seconds,
                t.waiting_seconds + coalesce(extract(epoch FROM now() - t.waiting_since)::int, 0) AS waiting_seconds
           FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $1`,
        [id],
      ),
      // Why an IP block reaches beyond the customer, and whose inventory it covers, is the NOC's:
      // it names other customers.
      ticketRestrictions(this.db, id, { withScope: !isCustomer }),
      // The investigation checklist is the NOC's working paper.
      isCustomer
        ? []
        : this.db.query(
            `SELECT id, position, item, checked, finding, checked_by_name AS "checkedBy", checked_at AS "checkedAt"
               FROM ticket_checklist_items WHERE ticket_id = $1 ORDER BY position`,
            [id],
          ),
    ]);
    return {
      ...summaryOf(row),
      allowedEvents: allowedEvents(ticket.snapshot, machineActor(actorOf(p))),
      restrictions,
      clientSummary: row.client_summary,
      verdict: row.verdict,
      evidenceWindow: { from: row.first_call_at, to: row.last_call_at },
      acknowledgedAt: row.acknowledged_at,
      restrictedAt: row.restricted_at,
      checklist,
      sla: {
        acknowledgeSeconds: row.acknowledge_seconds,
        restrictSeconds: row.restrict_seconds,
        waitingOnCustomerSeconds: row.waiting_seconds,
      },
    };
  }

  async timeline(id: string, p: Principal, q: { limit?: number; cursor?: string }): Promise<Page<TimelineEntry>> {
    await loadTicket(this.db.manager, id, p);
    const isCustomer = p.role === 'customer';
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['bigint']);
    const rows: TimelineEntry[] = await this.db.query(
      `SELECT ${TIMELINE_COLUMNS} FROM ticket_timeline
        WHERE ticket_id = $1 AND ($2::boolean IS FALSE OR visibility = 'customer') AND ($3::bigint IS NULL OR id > $3)
        ORDER BY id LIMIT $4`,
      [id, isCustomer, after?.[0] ?? null, limit + 1],
    );
    const page = toPage(rows, limit, (r) => [r.id]);
    return isCustomer ? { ...page, items: page.items.map(customerView) } : page;
  }
}
