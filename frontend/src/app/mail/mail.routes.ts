import type { Routes } from '@angular/router';
import { roleGuard } from '../auth/auth.guards';

// NOC only: the parent route is guarded with roleGuard(['admin', 'technician']).
export default [
  {
    path: '',
    title: 'Alert emails · Tollgate',
    loadComponent: () => import('./alert-email-page/alert-email-page').then((m) => m.AlertEmailPage),
  },
  {
    path: 'mailbox',
    title: 'Mailbox · Tollgate',
    canActivate: [roleGuard(['admin'])],
    loadComponent: () => import('./mailbox-page/mailbox-page').then((m) => m.MailboxPage),
  },
] satisfies Routes;
