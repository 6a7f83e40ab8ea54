import type { Routes } from '@angular/router';

// Staff only: the parent route is guarded with roleGuard(STAFF_ROLES); customers use the portal.
export default [
  {
    path: '',
    title: 'Queue · Tollgate',
    loadComponent: () => import('./ticket-queue/ticket-queue-page').then((m) => m.TicketQueuePage),
  },
  {
    path: ':id',
    title: 'Ticket · Tollgate',
    loadComponent: () => import('./ticket-workspace/ticket-workspace-page').then((m) => m.TicketWorkspacePage),
  },
] satisfies Routes;
