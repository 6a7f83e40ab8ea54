import type { Routes } from '@angular/router';

// Staff only: the parent route is guarded with roleGuard(STAFF_ROLES).
export default [
  {
    path: '',
    title: 'Blacklist · Tollgate',
    loadComponent: () => import('./blacklist-page/blacklist-page').then((m) => m.BlacklistPage),
  },
] satisfies Routes;
