import { inject } from '@angular/core';
import { type RedirectFunction, Router, type Routes } from '@angular/router';
import { authGuard, guestGuard, roleGuard } from './auth/auth.guards';
import { AuthService } from './auth/auth.service';
import { STAFF_ROLES } from './auth/user';
import { Shell } from './shell/shell';

/** Where "/" leads: staff to the queue, a customer user to its tickets in the portal. */
const landing: RedirectFunction = () => {
  const user = inject(AuthService).currentUser();
  if (user?.role === 'customer') {
    return user.customerId ? '/portal' : inject(Router).parseUrl('/not-found');
  }
  return '/tickets';
};

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Sign in · Tollgate',
    loadComponent: () => import('./auth/login/login-page').then((m) => m.LoginPage),
  },
  {
    // The acknowledge link of a page: no sign-in, the token is the engineer's own.
    path: 'ack/:token',
    title: 'Acknowledge a page · Tollgate',
    loadComponent: () => import('./oncall/ack-page').then((m) => m.AckPage),
  },
  {
    path: '',
    component: Shell,
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: landing },
      {
        path: 'tickets',
        canActivate: [roleGuard(STAFF_ROLES)],
        loadChildren: () => import('./tickets/tickets.routes'),
      },
      { path: 'portal', canActivate: [roleGuard(['customer'])], loadChildren: () => import('./portal/portal.routes') },
      { path: 'customers', loadChildren: () => import('./customers/customers.routes') },
      { path: 'usage', loadChildren: () => import('./usage/usage.routes') },
      {
        // Every role: the API answers a customer user only for its own alerts.
        path: 'alerts/:id',
        title: 'Alert · Tollgate',
        loadComponent: () => import('./detection/alert-page/alert-page').then((m) => m.AlertPage),
      },
      {
        // Every role: the API gives a customer user its own calls only.
        path: 'calls',
        title: 'Call records · Tollgate',
        loadComponent: () => import('./cdrs/cdr-browser-page/cdr-browser-page').then((m) => m.CdrBrowserPage),
      },
      {
        path: 'cdrs',
        canActivate: [roleGuard(['admin', 'technician'])],
        loadChildren: () => import('./cdrs/cdrs.routes'),
      },
      {
        path: 'rules',
        canActivate: [roleGuard(STAFF_ROLES)],
        loadChildren: () => import('./detection/detection.routes').then((m) => m.RULE_ROUTES),
      },
      {
        path: 'events',
        canActivate: [roleGuard(STAFF_ROLES)],
        loadChildren: () => import('./detection/detection.routes').then((m) => m.EVENT_ROUTES),
      },
      {
        path: 'blacklist',
        canActivate: [roleGuard(STAFF_ROLES)],
        loadChildren: () => import('./blacklist/blacklist.routes'),
      },
      {
        path: 'oncall',
        canActivate: [roleGuard(STAFF_ROLES)],
        title: 'On call · Tollgate',
        loadComponent: () => import('./oncall/oncall-page').then((m) => m.OnCallPage),
      },
      {
        // Not `/metrics`: that path is the Prometheus scrape, served by the API outside `/api`.
        path: 'case-metrics',
        canActivate: [roleGuard(STAFF_ROLES)],
        title: 'Case metrics · Tollgate',
        loadComponent: () => import('./metrics/metrics-page').then((m) => m.MetricsPage),
      },
      {
        path: 'mail',
        canActivate: [roleGuard(['admin', 'technician'])],
        loadChildren: () => import('./mail/mail.routes'),
      },
      { path: 'users', canActivate: [roleGuard(['admin'])], loadChildren: () => import('./users/users.routes') },
      {
        path: '**',
        title: 'Not found · Tollgate',
        loadComponent: () => import('./shell/not-found-page').then((m) => m.NotFoundPage),
      },
    ],
  },
];
