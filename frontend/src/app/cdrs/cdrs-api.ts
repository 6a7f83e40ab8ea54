import { HttpClient, type HttpEvent } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { Page, PageQuery } from '../core/page';
import type { Cdr, CdrImport, CdrQuery, ImportOptions, ImportProfile, ImportProfileInput, ImportReport } from './cdr';

@Injectable({ providedIn: 'root' })
export class CdrsApi {
  private readonly http = inject(HttpClient);

  /** Uploads a CDR file as the `file` field of a form; the events carry the upload progress. */
  upload(file: File, options: ImportOptions): Observable<HttpEvent<ImportReport>> {
    const body = new FormData();
    body.append('file', file, file.name);
    const params: Record<string, string> = { format: options.format };
    if (options.timeZone) params['timeZone'] = options.timeZone;
    if (options.userfieldIsSourceIp !== undefined) params['userfieldIsSourceIp'] = String(options.userfieldIsSourceIp);
    if (options.profile) params['profile'] = options.profile;
    return this.http.post<ImportReport>('/api/cdrs/import', body, {
      params,
      reportProgress: true,
      observe: 'events',
    });
  }

  /** The built-in import profiles first, then the saved ones. */
  profiles(): Observable<{ items: ImportProfile[] }> {
    return this.http.get<{ items: ImportProfile[] }>('/api/cdrs/profiles');
  }

  saveProfile(profile: ImportProfileInput): Observable<ImportProfile> {
    return this.http.post<ImportProfile>('/api/cdrs/profiles', profile);
  }

  imports(query: PageQuery = {}): Observable<Page<CdrImport>> {
    const params: Record<string, string | number> = {};
    if (query.limit) params['limit'] = query.limit;
    if (query.cursor) params['cursor'] = query.cursor;
    return this.http.get<Page<CdrImport>>('/api/cdrs/imports', { params });
  }

  list(query: CdrQuery = {}): Observable<Page<Cdr>> {
    const params: Record<string, string | number> = {};
    if (query.customerId) params['customerId'] = query.customerId;
    if (query.from) params['from'] = query.from;
    if (query.to) params['to'] = query.to;
    for (const key of ['number', 'ip', 'seat', 'country'] as const) {
      const value = query[key]?.trim();
      if (value) params[key] = value;
    }
    if (query.limit) params['limit'] = query.limit;
    if (query.cursor) params['cursor'] = query.cursor;
    return this.http.get<Page<Cdr>>('/api/cdrs', { params });
  }
}
