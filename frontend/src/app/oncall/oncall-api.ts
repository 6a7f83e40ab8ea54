import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import { map, type Observable, switchMap } from 'rxjs';
import type { components } from '../core/api.generated';
import { TicketsApi } from '../tickets/tickets-api';

export type OnCallSetup = components['schemas']['OnCallSetupDto'];
export type OnCallSetupView = components['schemas']['OnCallSetupView'];
export type OnCallNow = components['schemas']['OnCallNowView'];
export type Escalation = components['schemas']['EscalationView'];
export type PageLink = components['schemas']['PageLinkView'];
export type ThresholdRequest = components['schemas']['ThresholdRequestView'];
export type ThresholdLevels = components['schemas']['ThresholdLevelsDto'];
export type NewThresholdRequest = components['schemas']['ThresholdRequestDto'];

/** The on-call rota, escalations, acknowledge links and threshold-increase requests (docs/api.md §Thresholds and on-call). */
@Injectable({ providedIn: 'root' })
export class OnCallApi {
  private readonly http = inject(HttpClient);
  private readonly tickets = inject(TicketsApi);

  setup(): Observable<OnCallSetupView> {
    return this.http.get<OnCallSetupView>('/api/oncall');
  }

  saveSetup(setup: OnCallSetup): Observable<OnCallSetupView> {
    return this.http.put<OnCallSetupView>('/api/oncall', setup);
  }

  now(): Observable<OnCallNow> {
    return this.http.get<OnCallNow>('/api/oncall/now');
  }

  openEscalations(): Observable<Escalation[]> {
    return this.http.get<{ items: Escalation[] }>('/api/oncall/escalations').pipe(map((r) => r.items));
  }

  /** ACKNOWLEDGE at the ticket's current version (read just before). */
  acknowledge(ticketId: string): Observable<unknown> {
    return this.tickets
      .get(ticketId)
      .pipe(switchMap((t) => this.tickets.sendEvent(ticketId, t.version, { type: 'ACKNOWLEDGE' })));
  }

  pageLink(token: string): Observable<PageLink> {
    return this.http.get<PageLink>(`/api/pages/${encodeURIComponent(token)}`);
  }

  acknowledgeLink(token: string): Observable<PageLink> {
    return this.http.post<PageLink>(`/api/pages/${encodeURIComponent(token)}/acknowledge`, {});
  }

  thresholdRequests(
    query: { status?: 'pending' | 'approved' | 'rejected'; ticketId?: string; customerId?: string } = {},
  ): Observable<ThresholdRequest[]> {
    const params: Record<string, string> = {};
    if (query.status) params['status'] = query.status;
    if (query.ticketId) params['ticketId'] = query.ticketId;
    if (query.customerId) params['customerId'] = query.customerId;
    return this.http
      .get<{ items: ThresholdRequest[] }>('/api/threshold-requests', { params })
      .pipe(map((r) => r.items));
  }

  fileThresholdRequest(request: NewThresholdRequest): Observable<ThresholdRequest> {
    return this.http.post<ThresholdRequest>('/api/threshold-requests', request);
  }

  decide(id: string, decision: 'approve' | 'reject', comment?: string): Observable<ThresholdRequest> {
    return this.http.post<ThresholdRequest>(`/api/threshold-requests/${encodeURIComponent(id)}/${decision}`, {
      ...(comment && { comment }),
    });
  }

  engineers(): Observable<{ id: string; name: string }[]> {
    return this.http
      .get<{ items: { id: string; name: string; role: string; active: boolean }[] }>('/api/users', {
        params: { limit: 200 },
      })
      .pipe(map((page) => page.items.filter((u) => u.role === 'engineer' && u.active)));
  }
}
