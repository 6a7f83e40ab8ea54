import { HttpClient, HttpParams } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { Page, PageQuery } from '../core/page';
import type {
  AssignableUser,
  CustomerRestriction,
  Blocklist,
  BulkActionOutcome,
  CallSeries,
  CaseCall,
  ChecklistItem,
  QueueFilterFields,
  SavedQueueFilter,
  Ticket,
  TicketEvent,
  TicketQuery,
  TicketSummary,
  TimelineEntry,
} from './ticket';

@Injectable({ providedIn: 'root' })
export class TicketsApi {
  private readonly http = inject(HttpClient);

  list(query: TicketQuery = {}): Observable<Page<TicketSummary>> {
    return this.http.get<Page<TicketSummary>>('/api/tickets', { params: queueParams(query) });
  }

  /** The queue as filtered, as a CSV file: a plain link (the session cookie authorises it). */
  exportUrl(query: TicketQuery): string {
    const params = new HttpParams({ fromObject: queueParams({ ...query, limit: undefined, cursor: undefined }) });
    const search = params.toString();
    return `/api/tickets/export.csv${search ? `?${search}` : ''}`;
  }

  /** The caller's saved queue filters, by name. */
  savedFilters(): Observable<{ items: SavedQueueFilter[] }> {
    return this.http.get<{ items: SavedQueueFilter[] }>('/api/tickets/filters');
  }

  /** Saves the filter under `name` (replacing the caller's filter of that name). */
  saveFilter(name: string, filter: QueueFilterFields): Observable<SavedQueueFilter> {
    return this.http.post<SavedQueueFilter>('/api/tickets/filters', { name, filter });
  }

  deleteFilter(id: string): Observable<void> {
    return this.http.delete<void>(`/api/tickets/filters/${encodeURIComponent(id)}`);
  }

  /** One action over many cases; each is applied or refused on its own. */
  /** The active technicians, engineers and admins a case can be given to. */
  assignable(): Observable<{ items: AssignableUser[] }> {
    return this.http.get<{ items: AssignableUser[] }>('/api/users/assignable');
  }

  bulk(
    body:
      { ids: string[]; action: 'assign'; userId: string | null } | { ids: string[]; action: 'dismiss'; reason: string },
  ): Observable<BulkActionOutcome> {
    return this.http.post<BulkActionOutcome>('/api/tickets/bulk', body);
  }

  get(id: string): Observable<Ticket> {
    return this.http.get<Ticket>(ticketUrl(id));
  }

  timeline(id: string, query: PageQuery = {}): Observable<Page<TimelineEntry>> {
    const params: Record<string, string | number> = {};
    if (query.limit) params['limit'] = query.limit;
    if (query.cursor) params['cursor'] = query.cursor;
    return this.http.get<Page<TimelineEntry>>(`${ticketUrl(id)}/timeline`, { params });
  }

  /** Sends a lifecycle event for the version the user saw; a stale version or a refused event is a 409 (see ticket-conflict). */
  sendEvent(id: string, version: number, event: TicketEvent): Observable<Ticket> {
    return this.http.post<Ticket>(`${ticketUrl(id)}/events`, { ...event, version });
  }

  addNote(id: string, body: string, visibility: 'internal' | 'customer'): Observable<unknown> {
    return this.http.post(`${ticketUrl(id)}/notes`, { body, visibility });
  }

  /** The case's calls, sorted (`-cost`: costliest first) and paged. */
  calls(id: string, query: { sort: string; cursor: string | null; limit: number }): Observable<Page<CaseCall>> {
    const params: Record<string, string | number> = { sort: query.sort, limit: query.limit };
    if (query.cursor) params['cursor'] = query.cursor;
    return this.http.get<Page<CaseCall>>(`${ticketUrl(id)}/calls`, { params });
  }

  callSeries(id: string): Observable<CallSeries> {
    return this.http.get<CallSeries>(`${ticketUrl(id)}/calls/series`);
  }

  /** Takes (`userId` the caller's), assigns, or releases (`null`) a case. */
  assign(id: string, userId: string | null): Observable<Ticket> {
    return this.http.post<Ticket>(`${ticketUrl(id)}/assign`, { userId });
  }

  setClientSummary(id: string, clientSummary: string): Observable<Ticket> {
    return this.http.patch<Ticket>(`${ticketUrl(id)}/client-summary`, { clientSummary });
  }

  updateChecklistItem(
    id: string,
    itemId: string,
    change: { checked: boolean; finding: string },
  ): Observable<ChecklistItem> {
    return this.http.patch<ChecklistItem>(`${ticketUrl(id)}/checklist/${encodeURIComponent(itemId)}`, change);
  }

  /** What is blocked now on a customer's account, across its cases. */
  customerRestrictions(customerId: string): Observable<{ items: CustomerRestriction[] }> {
    return this.http.get<{ items: CustomerRestriction[] }>('/api/tickets/restrictions', { params: { customerId } });
  }

  blocklist(): Observable<Blocklist> {
    return this.http.get<Blocklist>('/api/enforcement/blocklist');
  }
}

export function ticketUrl(id: string): string {
  return `/api/tickets/${encodeURIComponent(id)}`;
}

/** Evidence downloads: plain links, the session cookie authorises them. */
export const evidenceLinks = (id: string) => ({
  cdrsCsv: `${ticketUrl(id)}/cdrs.csv`,
  reportPdf: `${ticketUrl(id)}/report.pdf`,
});

/** The queue's filters as query parameters (the list and the CSV export take the same). */
function queueParams(query: TicketQuery): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  if (query.state) params['state'] = query.state;
  if (query.customerId) params['customerId'] = query.customerId;
  if (query.severity) params['severity'] = query.severity;
  if (query.q) params['q'] = query.q;
  if (query.owner) params['owner'] = query.owner;
  if (query.sort) params['sort'] = query.sort;
  if (query.sort && query.order) params['order'] = query.order;
  if (query.limit) params['limit'] = query.limit;
  if (query.cursor) params['cursor'] = query.cursor;
  return params;
}
