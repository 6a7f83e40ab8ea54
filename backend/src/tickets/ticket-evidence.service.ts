import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { badInput } from '../common/app-error.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { toCsv } from '../common/csv.js';
import { CommonErrorCode } from '../common/error-codes.js';
import { ticketRestrictions } from '../restrictions/restriction-rows.js';
import { formatTicketNumber } from './case-kinds.js';
import { checklistOf } from './checklist-rows.js';
import { decodeCursor, encodeCursor, type Page } from '../common/pagination.js';
import { countryName } from '../common/phone/countries.js';
import {
  type CaseCall,
  type CaseCallSort,
  caseCalls,
  caseCallSeries,
  destinationTotals,
  linkedCdrs,
} from './evidence-rows.js';
import { loadTicket, type TicketRow } from './ticket-rows.js';
import { renderTicketReport, type ReportData } from './ticket-report.js';
import { reportHead } from './ticket-read-rows.js';
import { customerView } from './ticket-timeline.js';
import { wholeTimeline } from './timeline-rows.js';

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
  constructor(
    private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The case's calls for the evidence table: sorted, paged (the cursor holds the offset), with country names. */
  async calls(
    id: string,
    p: Principal,
    q: { sort?: string; limit?: number; cursor?: string },
  ): Promise<Page<CaseCall & { countryName: string | null }>> {
    await loadTicket(this.db.manager, id, p);
    const limit = q.limit ?? 50;
    const [offset] = (decodeCursor(q.cursor, ['int']) as [number] | null) ?? [0];
    if (offset < 0) throw badInput('cursor is not a cursor this endpoint issued', CommonErrorCode.CursorInvalid);
    const sort = (q.sort ?? '-startedAt').replace(/^-/, '') as CaseCallSort;
    const rows = await caseCalls(this.db, id, {
      sort,
      descending: (q.sort ?? '-startedAt').startsWith('-'),
      offset,
      limit: limit + 1,
    });
    return {
      items: rows.slice(0, limit).map((r) => ({ ...r, countryName: r.country ? countryName(r.country) : null })),
      nextCursor: rows.length > limit ? encodeCursor([offset + limit]) : null,
    };
  }

  /** Calls and cost over time across the episode, for the ticket page's chart. */
  async callSeries(id: string, p: Principal) {
    await loadTicket(this.db.manager, id, p);
    return caseCallSeries(this.db, id);
  }

  /** `p` null: as the system (a customer mail's attachment). */
  async cdrsCsv(id: string, p: Principal | null): Promise<{ filename: string; body: string }> {
    const t = await loadTicket(this.db.manager, id, p);
    const rows = await linkedCdrs(this.db, id, null);
    return {
      filename: `${formatTicketNumber(t.number)}-cdrs.csv`,
      body: toCsv(
        CDR_COLUMNS,
        rows.map((r) => CDR_COLUMNS.map((c) => r[c])),
      ),
    };
  }

  async reportPdf(id: string, p: Principal): Promise<{ filename: string; body: Buffer }> {
    return this.report(await loadTicket(this.db.manager, id, p), p.role === 'customer');
  }

  /** The report as the customer reads it in the portal (attached to customer mail). */
  async customerReportPdf(id: string): Promise<{ filename: string; body: Buffer }> {
    return this.report(await loadTicket(this.db.manager, id, null), true);
  }

  private async report(t: TicketRow, isCustomer: boolean): Promise<{ filename: string; body: Buffer }> {
    const id = t.id;
    const [head, restrictions, destinations, calls, checklist, timeline] = await Promise.all([
      reportHead(this.db, id),
      // Why an IP range was blocked is the NOC's note, not the customer's to read.
      ticketRestrictions(this.db, id, { withScope: !isCustomer }),
      destinationTotals(this.db, id),
      linkedCdrs(this.db, id, PDF_CALL_ROWS),
      isCustomer ? [] : checklistOf(this.db, id),
      wholeTimeline(this.db, id, isCustomer),
    ]);
    const data: ReportData = {
      operator: { name: this.config.operatorName, contact: this.config.operatorContact },
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
        reason: isCustomer ? null : (r.reason ?? null),
      })),
      destinations,
      calls,
      totalCalls: head.exposure_calls,
      checklist: checklist.map((c) => ({
        item: c.item,
        checked: c.checked,
        finding: c.finding,
        checked_by_name: c.checkedBy,
      })),
      timeline: isCustomer ? timeline.map(customerView) : timeline,
      forCustomer: isCustomer,
    };
    return { filename: `${formatTicketNumber(t.number)}-report.pdf`, body: await renderTicketReport(data) };
  }
}
