import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { toCsv } from '../common/csv.js';
import { ticketRestrictions } from '../restrictions/restriction-rows.js';
import { formatTicketNumber } from './case-kinds.js';
import { loadTicket } from './ticket-rows.js';
import { renderTicketReport, type ReportData } from './ticket-report.js';
import { customerView, TIMELINE_COLUMNS, type TimelineEntry } from './ticket-timeline.js';

const CDR_COLUMNS = [
  'call_id',
  'started_at',
  'caller_number',
  'called_number',
  'called_e164',
  'country',
  'source_ip',
  'sip_user',
  'billsec',
  'disposition',
  'cost',
] as const;

/** A PDF holds this many calls; the CSV always holds them all. */
const PDF_CALL_ROWS = 500;

@Injectable()
export class TicketEvidenceService {
  constructor(private readonly db: DataSource) {}

  async cdrsCsv(id: string, p: Principal): Promise<{ filename: string; body: string }> {
    const t = await loadTicket(this.db.manager, id, p);
    const rows = await this.linkedCdrs(id, null);
    return {
      filename: `${formatTicketNumber(t.number)}-cdrs.csv`,
      body: toCsv(
        CDR_COLUMNS,
        rows.map((r) => CDR_COLUMNS.map((c) => r[c])),
      ),
    };
  }

  async reportPdf(id: string, p: Principal): Promise<{ filename: string; body: Buffer }> {
    const t = await loadTicket(this.db.manager, id, p);
    const isCustomer = p.role === 'customer';
    const [[head], restrictions, destinations, calls, checklist, timeline] = await Promise.all([
      this.db.query(
        `SELECT t.number, t.state, t.title, t.severity, t.opened_at, t.closed_at, t.first_call_at, t.last_call_at,
                t.exposure_calls, t.exposure_minutes, t.exposure_cost, t.client_summary,
                c.name AS customer_name, c.account_code, c.timezone
           FROM tickets t JOIN customers c ON c.id = t.customer_id WHERE t.id = $1`,
        [id],
      ),
      ticketRestrictions(this.db, id, { withScope: false }),
      this.db.query(
        `SELECT coalesce(c.country, '??') AS country, count(*)::int AS calls,
                round(sum(c.billsec) / 60.0, 2)::float AS minutes, round(coalesce(sum(c.cost), 0), 4)::float AS cost
           FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
          WHERE tc.ticket_id = $1 GROUP BY 1 ORDER BY cost DESC, calls DESC, 1`,
        [id],
      ),
      this.linkedCdrs(id, PDF_CALL_ROWS),
      isCustomer
        ? []
        : this.db.query(
            `SELECT item, checked, finding, checked_by_name FROM ticket_checklist_items WHERE ticket_id = $1 ORDER BY position`,
            [id],
          ),
      this.db.query(
        `SELECT ${TIMELINE_COLUMNS} FROM ticket_timeline
          WHERE ticket_id = $1 AND ($2::boolean IS FALSE OR visibility = 'customer') ORDER BY id`,
        [id, isCustomer],
      ) as Promise<TimelineEntry[]>,
    ]);
    const data: ReportData = {
      number: formatTicketNumber(head.number),
      state: head.state,
      title: head.title,
      severity: head.severity,
      customerName: head.customer_name,
      accountCode: head.account_code,
      timezone: head.timezone,
      openedAt: head.opened_at,
      closedAt: head.closed_at,
      firstCallAt: head.first_call_at,
      lastCallAt: head.last_call_at,
      exposure: {
        calls: head.exposure_calls,
        minutes: Number(head.exposure_minutes),
        cost: Number(head.exposure_cost),
      },
      clientSummary: head.client_summary,
      restrictions: restrictions.map((r) => ({
        kind: r.kind,
        value: r.value,
        status: r.status,
        created_by_name: r.createdBy,
        created_at: r.createdAt,
        lifted_by_name: r.liftedBy,
        lifted_at: r.liftedAt,
      })),
      destinations,
      calls,
      totalCalls: head.exposure_calls,
      checklist,
      timeline: isCustomer ? timeline.map(customerView) : timeline,
      forCustomer: isCustomer,
    };
    return { filename: `${formatTicketNumber(t.number)}-report.pdf`, body: await renderTicketReport(data) };
  }

  private linkedCdrs(ticketId: string, limit: number | null): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT c.call_id, c.started_at, c.caller_number, c.called_number, c.called_e164, c.country,
              host(c.source_ip) AS source_ip, c.sip_user, c.billsec, c.disposition, c.cost
         FROM ticket_cdrs tc JOIN cdrs c ON c.id = tc.cdr_id AND c.started_at = tc.started_at
        WHERE tc.ticket_id = $1 ORDER BY tc.started_at, tc.cdr_id LIMIT $2`,
      [ticketId, limit],
    );
  }
}
