import type { Routes } from '@angular/router';
import { roleGuard } from '../auth/auth.guards';

// Staff only: the parent routes are guarded with roleGuard(STAFF_ROLES); editing is the admin's.
export const RULE_ROUTES: Routes = [
  {
    path: '',
    title: 'Detection rules · Tollgate',
    loadComponent: () => import('./rule-list-page/rule-list-page').then((m) => m.RuleListPage),
  },
  {
    path: 'new',
    canActivate: [roleGuard(['admin'])],
    title: 'New rule · Tollgate',
    loadComponent: () => import('./rule-editor-page/rule-editor-page').then((m) => m.RuleEditorPage),
  },
  {
    path: ':id',
    canActivate: [roleGuard(['admin'])],
    title: 'Edit rule · Tollgate',
    loadComponent: () => import('./rule-editor-page/rule-editor-page').then((m) => m.RuleEditorPage),
  },
];

export const EVENT_ROUTES: Routes = [
  {
    path: '',
    title: 'Detected events · Tollgate',
    loadComponent: () => import('./event-list-page/event-list-page').then((m) => m.EventListPage),
  },
];
