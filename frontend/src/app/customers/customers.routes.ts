import type { Routes } from '@angular/router';
import { roleGuard } from '../auth/auth.guards';
import { STAFF_ROLES } from '../auth/user';

export default [
  {
    path: '',
    canActivate: [roleGuard(STAFF_ROLES)],
    title: 'Customers · Tollgate',
    loadComponent: () => import('./customer-list/customer-list-page').then((m) => m.CustomerListPage),
  },
  {
    // Customer users too: the API answers only for their own account.
    path: ':id',
    title: 'Customer · Tollgate',
    loadComponent: () => import('./customer-detail/customer-detail-page').then((m) => m.CustomerDetailPage),
  },
] satisfies Routes;
