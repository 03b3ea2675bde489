import { type Routes } from '@angular/router';

import { requireAdmin } from './admin.guard';

/** `/admin/...`: pages for operators, loaded only when an admin opens one. */
export const ADMIN_ROUTES: Routes = [
  {
    path: 'sales/:id',
    title: 'Sale operations · Flashline',
    canActivate: [requireAdmin],
    loadComponent: () => import('./sale-operations.page').then((m) => m.SaleOperationsPage),
  },
  {
    path: 'forbidden',
    title: 'Admins only · Flashline',
    loadComponent: () => import('./forbidden.page').then((m) => m.ForbiddenPage),
  },
];
