import { HttpClient, httpResource } from '@angular/common/http';
import { inject, Injectable, type Signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { Page } from '../core/page';
import type { CustomerChanges, CustomerDetail, CustomerInput, CustomerSummary } from './customer';

export interface CustomerQuery {
  q?: string;
  limit?: number;
  cursor?: string | null;
}

@Injectable({ providedIn: 'root' })
export class CustomersApi {
  private readonly http = inject(HttpClient);

  list(query: CustomerQuery = {}): Observable<Page<CustomerSummary>> {
    return this.http.get<Page<CustomerSummary>>('/api/customers', { params: queryParams(query) });
  }

  /** The customer behind `id`, refetched when it changes. Call in an injection context. */
  detail(id: Signal<string | undefined>) {
    return httpResource<CustomerDetail>(() => {
      const value = id();
      return value ? `/api/customers/${encodeURIComponent(value)}` : undefined;
    });
  }

  create(input: CustomerInput): Observable<CustomerDetail> {
    return this.http.post<CustomerDetail>('/api/customers', input);
  }

  update(id: string, changes: CustomerChanges): Observable<CustomerDetail> {
    return this.http.patch<CustomerDetail>(`/api/customers/${encodeURIComponent(id)}`, changes);
  }
}

function queryParams(query: CustomerQuery): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  if (query.q) params['q'] = query.q;
  if (query.limit) params['limit'] = query.limit;
  if (query.cursor) params['cursor'] = query.cursor;
  return params;
}
