import { HttpClient, httpResource } from '@angular/common/http';
import { inject, Injectable, type Signal } from '@angular/core';
import type { Observable } from 'rxjs';
import type { Alert, DetectionSettings, DetectionSettingsChange } from './detection';

@Injectable({ providedIn: 'root' })
export class DetectionApi {
  private readonly http = inject(HttpClient);

  /** The customer's detection and alert settings, refetched when the id changes. Call in an injection context. */
  settings(customerId: Signal<string | undefined>) {
    return httpResource<DetectionSettings>(() => {
      const id = customerId();
      return id ? settingsUrl(id) : undefined;
    });
  }

  update(customerId: string, change: DetectionSettingsChange): Observable<DetectionSettings> {
    return this.http.patch<DetectionSettings>(settingsUrl(customerId), change);
  }

  /** Until midnight in the customer's time zone. */
  snooze(customerId: string): Observable<DetectionSettings> {
    return this.http.post<DetectionSettings>(`${settingsUrl(customerId)}/snooze`, null);
  }

  unsnooze(customerId: string): Observable<DetectionSettings> {
    return this.http.delete<DetectionSettings>(`${settingsUrl(customerId)}/snooze`);
  }

  /** An alert with its day's chart. Call in an injection context. */
  alert(id: Signal<string | undefined>) {
    return httpResource<Alert>(() => {
      const value = id();
      return value ? `/api/alerts/${encodeURIComponent(value)}` : undefined;
    });
  }
}

const settingsUrl = (customerId: string) => `/api/customers/${encodeURIComponent(customerId)}/detection`;
