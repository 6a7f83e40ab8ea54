import type { Routes } from '@angular/router';

// Staff and customer users alike: the API answers a customer user with its own traffic only.
export default [
  {
    path: '',
    title: 'Usage · Tollgate',
    loadComponent: () => import('./usage-dashboard/usage-dashboard-page').then((m) => m.UsageDashboardPage),
  },
] satisfies Routes;
