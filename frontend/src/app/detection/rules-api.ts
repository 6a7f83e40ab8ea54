import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { Page } from '../core/page';
import type {
  BacktestRequest,
  BacktestResult,
  DetectedEvent,
  DetectionRule,
  EventKind,
  NewRule,
  RuleChanges,
} from './rule';
import type { Severity } from '../tickets/ticket';

export interface EventQuery {
  customerId?: string | null;
  kind?: EventKind | null;
  severity?: Severity | null;
  /** true: shadow rules' events only; false: live ones only. */
  shadow?: boolean | null;
  ruleId?: string | null;
  ticketId?: string | null;
  /** ISO-8601; detected at or after. */
  since?: string | null;
  limit?: number;
  cursor?: string | null;
}

/** Detection rules, their backtests, and the detected events (docs/api.md §Detection). */
@Injectable({ providedIn: 'root' })
export class RulesApi {
  private readonly http = inject(HttpClient);

  list(): Observable<{ items: DetectionRule[] }> {
    return this.http.get<{ items: DetectionRule[] }>('/api/rules');
  }

  get(id: string): Observable<DetectionRule> {
    return this.http.get<DetectionRule>(ruleUrl(id));
  }

  create(rule: NewRule): Observable<DetectionRule> {
    return this.http.post<DetectionRule>('/api/rules', rule);
  }

  update(id: string, changes: RuleChanges): Observable<DetectionRule> {
    return this.http.patch<DetectionRule>(ruleUrl(id), changes);
  }

  /** What the rule would have raised over stored CDRs; stores nothing. */
  backtest(request: BacktestRequest): Observable<BacktestResult> {
    return this.http.post<BacktestResult>('/api/rules/backtest', request);
  }

  events(query: EventQuery = {}): Observable<Page<DetectedEvent>> {
    const params: Record<string, string | number | boolean> = {};
    for (const key of ['customerId', 'kind', 'severity', 'ruleId', 'ticketId', 'since', 'cursor'] as const) {
      const value = query[key];
      if (value) params[key] = value;
    }
    if (query.shadow !== undefined && query.shadow !== null) params['shadow'] = query.shadow;
    if (query.limit) params['limit'] = query.limit;
    return this.http.get<Page<DetectedEvent>>('/api/events', { params });
  }
}

function ruleUrl(id: string): string {
  return `/api/rules/${encodeURIComponent(id)}`;
}
