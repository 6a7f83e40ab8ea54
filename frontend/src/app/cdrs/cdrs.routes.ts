import type { Routes } from '@angular/router';

// NOC only: the parent route is guarded with roleGuard(['admin', 'technician']).
export default [
  {
    path: '',
    title: 'CDR imports · Tollgate',
    loadComponent: () => import('./cdr-import-page/cdr-import-page').then((m) => m.CdrImportPage),
  },
  // Call records moved to `/calls` (every role); old links keep working.
  { path: 'calls', redirectTo: '/calls' },
] satisfies Routes;
