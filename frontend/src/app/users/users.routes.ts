import type { Routes } from '@angular/router';

// Admin only: the parent route is guarded with roleGuard(['admin']).
export default [
  {
    path: '',
    title: 'Users · Tollgate',
    loadComponent: () => import('./user-list/user-list-page').then((m) => m.UserListPage),
  },
] satisfies Routes;
