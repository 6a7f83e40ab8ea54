import type { Routes } from '@angular/router';

// Customer users only: the parent route is guarded with roleGuard(['customer']).
export default [
  {
    path: '',
    title: 'My tickets · Tollgate',
    loadComponent: () => import('./my-tickets/my-tickets-page').then((m) => m.MyTicketsPage),
  },
  {
    path: 'alerts',
    title: 'Alerts · Tollgate',
    loadComponent: () => import('../detection/portal-alerts/portal-alerts-page').then((m) => m.PortalAlertsPage),
  },
  {
    path: 'review/:token',
    title: 'Your review · Tollgate',
    loadComponent: () => import('./review-link/review-link-page').then((m) => m.ReviewLinkPage),
  },
  {
    path: 'tickets/:id',
    title: 'Ticket · Tollgate',
    loadComponent: () => import('./portal-ticket/portal-ticket-page').then((m) => m.PortalTicketPage),
  },
] satisfies Routes;
