import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { Page, PageQuery } from '../core/page';
import type { AlertEmail, AlertEmailResult, MailboxEntry } from './mail';

@Injectable({ providedIn: 'root' })
export class MailApi {
  private readonly http = inject(HttpClient);

  /** Takes in an alert email (.eml) as the `file` field of a form, as the SMTP listener would. */
  upload(file: File): Observable<AlertEmailResult> {
    const body = new FormData();
    body.append('file', file, file.name);
    return this.http.post<AlertEmailResult>('/api/alert-emails', body);
  }

  /** Attaches a quarantined message to a ticket (its id or number). */
  attach(id: string, ticket: string): Observable<AlertEmailResult> {
    return this.http.post<AlertEmailResult>(`/api/alert-emails/${id}/attach`, { ticket });
  }

  inbound(query: PageQuery = {}): Observable<Page<AlertEmail>> {
    return this.http.get<Page<AlertEmail>>('/api/alert-emails', { params: pageParams(query) });
  }

  mailbox(query: PageQuery = {}): Observable<Page<MailboxEntry>> {
    return this.http.get<Page<MailboxEntry>>('/api/mailbox', { params: pageParams(query) });
  }
}

function pageParams(query: PageQuery): Record<string, string | number> {
  const params: Record<string, string | number> = {};
  if (query.limit) params['limit'] = query.limit;
  if (query.cursor) params['cursor'] = query.cursor;
  return params;
}
