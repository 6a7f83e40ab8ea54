import type { Routes } from '@angular/router';

// NOC only: the parent route is guarded with roleGuard(['admin', 'technician']).
export default [
  {
    path: '',
    title: 'CDR imports · Tollgate',
    loadComponent: () => import('./cdr-import-page/cdr-import-page').then((m) => m.CdrImportPage),
  },
  {
    path: 'calls',
    title: 'Call records · Tollgate',
    loadComponent: () => import('./cdr-browser-page/cdr-browser-page').then((m) => m.CdrBrowserPage),
  },
] satisfies Routes;
