import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { components } from '../core/api.generated';

export type CaseMetrics = components['schemas']['CaseMetricsView'];
export type MetricsBreakdown = components['schemas']['MetricsBreakdown'];

@Injectable({ providedIn: 'root' })
export class MetricsApi {
  private readonly http = inject(HttpClient);

  cases(range: { from: string; to: string }): Observable<CaseMetrics> {
    return this.http.get<CaseMetrics>('/api/metrics/cases', { params: range });
  }

  casesCsv(range: { from: string; to: string }): Observable<Blob> {
    return this.http.get('/api/metrics/cases.csv', { params: range, responseType: 'blob' });
  }
}
