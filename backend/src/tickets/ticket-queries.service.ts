import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import { decodeCursor, type Page, toPage } from '../common/pagination.js';
import { decodeKeysetCursor, keysetCursor, keysetValues } from '../common/keyset.js';
import { Clock } from '../common/clock.js';
import { countriesNamed } from '../common/phone/countries.js';
import { OnCallService } from '../oncall/oncall.service.js';
import { customerRestrictions, ticketRestrictions } from '../restrictions/restriction-rows.js';
import { notFound } from '../common/app-error.js';
import { CustomerErrorCode } from '../common/error-codes.js';
import { formatTicketNumber, parseTicketNumber } from './case-kinds.js';
import { checklistOf } from './checklist-rows.js';
import { allowedEvents } from './ticket.machine.js';
import { type QueueFilter, queuePage, queueSortKeys, ticketDetail, type TicketSummaryRow } from './ticket-read-rows.js';
import { toCsv } from '../common/csv.js';
import { customerRestriction } from '../common/customer-words.js';
import { type QueueOrder, type QueueSort, waitsOn } from './queue-sorts.js';

/** The most cases one CSV export holds. */
const EXPORT_LIMIT = 10_000;
const EXPORT_PAGE = 1000;
/** A customer's title before the client summary is written. */
const CUSTOMER_FALLBACK_TITLE = 'Unusual calls on your account';
import { actorOf, loadTicket, machineActor } from './ticket-rows.js';
import { customerView, type TimelineEntry } from './ticket-timeline.js';
import { timelinePage } from './timeline-rows.js';
import type { TicketListQuery } from './tickets.dto.js';
import { CLOSED_CASE_STATES, CASE_STATES, type CaseState } from './ticket-machine.types.js';

function summaryOf(r: TicketSummaryRow, p: Principal) {
  return {
    id: r.id,
    number: formatTicketNumber(r.number),
    customerId: r.customer_id,
    customerName: r.customer_name,
    accountCode: r.account_code,
    title: p.role === 'customer' ? r.summary_title || CUSTOMER_FALLBACK_TITLE : r.title,
    kind: r.kind,
    severity: r.severity,
    dedupeKey: r.dedupe_key,
    state: r.state,
    escalation: r.escalation,
    escalationLevel: r.escalation_level,
    waitsOn: waitsOn(r.state),
    version: r.version,
    eventCount: r.event_count,
    exposure: { calls: r.exposure_calls, minutes: Number(r.exposure_minutes), cost: Number(r.exposure_cost) },
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    closedAt: r.closed_at,
    ownerId: r.owner_id,
    ownerName: r.owner_name,
    externalRefs: r.external_refs,
    firstCallAt: r.first_call_at,
    lastCallAt: r.last_call_at,
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

/** Without a sort the queue is most severe first; a sort without an order is ascending. */
function sortOf(q: TicketListQuery): { sort: QueueSort; order: QueueOrder } {
  return q.sort ? { sort: q.sort, order: q.order ?? 'asc' } : { sort: 'severity', order: q.order ?? 'desc' };
}

@Injectable()
export class TicketQueriesService {
  constructor(
    private readonly db: DataSource,
    private readonly oncall: OnCallService,
    private readonly clock: Clock,
  ) {}

  /** The queue in the asked order; by default most severe first, then oldest first (the longest-waiting case). */
  async list(p: Principal, q: TicketListQuery): Promise<Page<TicketSummary>> {
    const limit = q.limit ?? 50;
    const { sort, order } = sortOf(q);
    const keys = queueSortKeys(sort, order);
    const after = decodeKeysetCursor(keys, `${sort}:${order}`, q.cursor);
    const rows = await queuePage(this.db, this.queueFilter(p, q, after, limit + 1));
    const items = rows.slice(0, limit);
    // The queue offers quick actions (e.g. Restrict) only where the caller may take them now.
    const actor = machineActor(actorOf(p));
    return {
      items: items.map((r) => ({ ...summaryOf(r, p), allowedEvents: allowedEvents(r.snapshot, actor) })),
      nextCursor: rows.length > limit ? keysetCursor(keys, `${sort}:${order}`, items[items.length - 1]) : null,
    };
  }

  /**
   * The queue as the caller filtered it, as CSV (what a shift report or a spreadsheet takes): every matching
   * case up to EXPORT_LIMIT, in the queue's order. Owners are the NOC's, so a customer's file has none.
   */
  async exportCsv(p: Principal, q: TicketListQuery): Promise<{ filename: string; body: string }> {
    const rows: TicketSummaryRow[] = [];
    const keys = queueSortKeys(sortOf(q).sort, sortOf(q).order);
    let after: (string | null)[] | null = null;
    // A thousand at a time, in the view's keyset order, until a short page or the limit.
    for (let want = EXPORT_PAGE; want > 0; want = Math.min(EXPORT_PAGE, EXPORT_LIMIT - rows.length)) {
      const page = await queuePage(this.db, this.queueFilter(p, q, after, want));
      rows.push(...page);
      if (page.length < want) break;
      after = keysetValues(keys, page[page.length - 1]);
    }
    const staff = p.role !== 'customer';
    const header = [
      'number',
      'severity',
      'state',
      'customer',
      'account_code',
      'title',
      'waits_on',
      ...(staff ? ['owner'] : []),
      'escalation',
      'escalation_level',
      'exposure_calls',
      'exposure_minutes',
      'exposure_cost',
      'first_call_at',
      'last_call_at',
      'opened_at',
      'updated_at',
      'closed_at',
    ];
    const body = toCsv(
      header,
      rows.map((r) => [
        formatTicketNumber(r.number),
        r.severity,
        r.state,
        r.customer_name,
        r.account_code,
        staff ? r.title : r.summary_title || CUSTOMER_FALLBACK_TITLE,
        waitsOn(r.state),
        ...(staff ? [r.owner_name] : []),
        r.escalation,
        r.escalation_level,
        r.exposure_calls,
        r.exposure_minutes,
        r.exposure_cost,
        r.first_call_at,
        r.last_call_at,
        r.opened_at,
        r.updated_at,
        r.closed_at,
      ]),
    );
    return { filename: `tickets-${this.clock.now().toISOString().slice(0, 10)}.csv`, body };
  }

  private queueFilter(p: Principal, q: TicketListQuery, after: (string | null)[] | null, limit: number): QueueFilter {
    const text = q.q?.trim() || null;
    const countries = text ? countriesNamed(text) : [];
    return {
      scope: scopeOf(p),
      customerId: q.customerId ?? null,
      states: statesOf(q.state),
      severity: q.severity ?? null,
      text,
      number: text ? parseTicketNumber(text) : null,
      textCountries: countries.length ? countries : null,
      owner: q.owner === 'me' ? p.id : (q.owner?.toLowerCase() ?? null),
      ...sortOf(q),
      after,
      limit,
    };
  }

  /** What is blocked now on a customer's account, across its cases; a customer user reads its own only. */
  async customerRestrictions(p: Principal, customerId: string) {
    const scope = scopeOf(p);
    if (scope && scope !== customerId) throw notFound('Customer', CustomerErrorCode.NotFound);
    const [known] = await this.db.query(`SELECT 1 FROM customers WHERE id = $1`, [customerId]);
    if (!known) throw notFound('Customer', CustomerErrorCode.NotFound);
    const rows = await customerRestrictions(this.db, customerId);
    return { items: rows.map(({ source, ...r }) => ({ ...r, ticketNumber: source })) };
  }

  async get(id: string, p: Principal) {
    const detail = await this.detail(id, p);
    // Who in the NOC works a case is the NOC's.
    return p.role === 'customer' ? { ...detail, ownerId: null, ownerName: null } : detail;
  }

  private async detail(id: string, p: Principal) {
    const ticket = await loadTicket(this.db.manager, id, p);
    const isCustomer = p.role === 'customer';
    const [row, restrictions, checklist, escalations] = await Promise.all([
      ticketDetail(this.db, id),
      // Why an IP block reaches beyond the customer, and whose inventory it covers, is the NOC's:
      // it names other customers.
      ticketRestrictions(this.db, id, { withScope: !isCustomer }),
      // The investigation checklist is the NOC's working paper.
      isCustomer ? [] : checklistOf(this.db, id),
      isCustomer || ticket.escalation === 'idle' ? [] : this.oncall.escalations({ ticketIds: [id] }),
    ]);
    return {
      ...summaryOf(row, p),
      allowedEvents: allowedEvents(ticket.snapshot, machineActor(actorOf(p))),
      // What each blocks in words (countries named): the portal shows it; the NOC reads it beside the value.
      restrictions: restrictions.map((r) => ({ ...r, blocks: customerRestriction(r) })),
      customerTimeZone: row.customer_time_zone,
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
      escalationLevel: ticket.snapshot.context.escalationLevel,
      paged: escalations[0]?.pages ?? [],
    };
  }

  async timeline(id: string, p: Principal, q: { limit?: number; cursor?: string }): Promise<Page<TimelineEntry>> {
    await loadTicket(this.db.manager, id, p);
    const isCustomer = p.role === 'customer';
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['bigint']);
    const rows = await timelinePage(this.db, id, {
      customerOnly: isCustomer,
      afterId: (after?.[0] as string | number | undefined) ?? null,
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (r) => [r.id]);
    return isCustomer ? { ...page, items: page.items.map(customerView) } : page;
  }
}
