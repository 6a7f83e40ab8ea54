import { HttpClient, HttpHeaders } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { UsageQuery, UsageResult, UsageSeries, WidgetId } from './usage';

@Injectable({ providedIn: 'root' })
export class UsageApi {
  private readonly http = inject(HttpClient);

  widget(widget: WidgetId, query: UsageQuery): Observable<UsageResult> {
    return this.http.get<UsageResult>(`/api/usage/${widget}`, { params: usageParams(query) });
  }

  /** Calls, minutes and cost over the range, for the chart (the widgets' `sort` does not apply). */
  series(query: UsageQuery): Observable<UsageSeries> {
    const { sort: _sort, ...range } = query;
    return this.http.get<UsageSeries>('/api/usage/timeseries', { params: usageParams(range) });
  }

  /** The same rows as CSV (the server answers `Accept: text/csv`). */
  csv(widget: WidgetId, query: UsageQuery): Observable<Blob> {
    return this.http.get(`/api/usage/${widget}`, {
      params: usageParams(query),
      headers: new HttpHeaders({ Accept: 'text/csv' }),
      responseType: 'blob',
    });
  }
}

export function usageParams(query: UsageQuery): Record<string, string> {
  const params: Record<string, string> = {};
  if (query.customerId) params['customerId'] = query.customerId;
  if (query.from) params['from'] = query.from;
  if (query.to) params['to'] = query.to;
  if (query.sort && query.sort !== 'minutes') params['sort'] = query.sort;
  return params;
}
