import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { Page, PageQuery } from '../core/page';
import type { BlacklistEntry, BlacklistStatus } from './blacklist-entry';

@Injectable({ providedIn: 'root' })
export class BlacklistApi {
  private readonly http = inject(HttpClient);

  list(query: PageQuery & { status?: BlacklistStatus | null } = {}): Observable<Page<BlacklistEntry>> {
    const params: Record<string, string | number> = {};
    if (query.status) params['status'] = query.status;
    if (query.limit) params['limit'] = query.limit;
    if (query.cursor) params['cursor'] = query.cursor;
    return this.http.get<Page<BlacklistEntry>>('/api/blacklist', { params });
  }

  /** Off the enforcement blocklist at once; later failures leave it off until an admin removes the whitelist. */
  whitelist(ip: string): Observable<BlacklistEntry> {
    return this.http.delete<BlacklistEntry>(`/api/blacklist/${encodeURIComponent(ip)}`);
  }

  removeWhitelist(ip: string): Observable<void> {
    return this.http.delete<void>(`/api/blacklist/${encodeURIComponent(ip)}/whitelist`);
  }
}
