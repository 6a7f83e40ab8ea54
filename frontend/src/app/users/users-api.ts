import { HttpClient } from '@angular/common/http';
import { inject, Injectable } from '@angular/core';
import type { Observable } from 'rxjs';
import type { Page, PageQuery } from '../core/page';
import type { NewUser, UserAccount, UserChanges } from './user-account';

@Injectable({ providedIn: 'root' })
export class UsersApi {
  private readonly http = inject(HttpClient);

  list(query: PageQuery = {}): Observable<Page<UserAccount>> {
    const params: Record<string, string | number> = {};
    if (query.limit) params['limit'] = query.limit;
    if (query.cursor) params['cursor'] = query.cursor;
    return this.http.get<Page<UserAccount>>('/api/users', { params });
  }

  create(user: NewUser): Observable<UserAccount> {
    return this.http.post<UserAccount>('/api/users', user);
  }

  update(id: string, changes: UserChanges): Observable<UserAccount> {
    return this.http.patch<UserAccount>(`/api/users/${encodeURIComponent(id)}`, changes);
  }
}
