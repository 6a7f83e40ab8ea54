import { inject } from '@angular/core';
import { type RedirectFunction, Router, type Routes } from '@angular/router';
import { authGuard, guestGuard, roleGuard } from './auth/auth.guards';
import { AuthService } from './auth/auth.service';
import { Shell } from './shell/shell';

/** Where "/" leads: staff to the customer list, a customer user to its own account. */
const landing: RedirectFunction = () => {
  const user = inject(AuthService).currentUser();
  if (user?.role === 'customer') {
    return user.customerId ? `/customers/${user.customerId}` : inject(Router).parseUrl('/not-found');
  }
  return '/customers';
};

export const routes: Routes = [
  {
    path: 'login',
    canActivate: [guestGuard],
    title: 'Sign in · Tollgate',
    loadComponent: () => import('./auth/login/login-page').then((m) => m.LoginPage),
  },
  {
    path: '',
    component: Shell,
    canActivate: [authGuard],
    canActivateChild: [authGuard],
    children: [
      { path: '', pathMatch: 'full', redirectTo: landing },
      { path: 'customers', loadChildren: () => import('./customers/customers.routes') },
      { path: 'users', canActivate: [roleGuard(['admin'])], loadChildren: () => import('./users/users.routes') },
      {
        path: '**',
        title: 'Not found · Tollgate',
        loadComponent: () => import('./shell/not-found-page').then((m) => m.NotFoundPage),
      },
    ],
  },
];
