import { type Routes } from '@angular/router';

import { requireGuest, requireUser } from './core/auth/auth.guards';

export const routes: Routes = [
  {
    path: '',
    pathMatch: 'full',
    title: 'Flashline · Limited drops, limited time',
    loadComponent: () => import('./features/catalogue/catalogue.page').then((m) => m.CataloguePage),
  },
  {
    path: 'products',
    pathMatch: 'full',
    title: 'Shop · Flashline',
    loadComponent: () => import('./features/catalogue/catalogue.page').then((m) => m.CataloguePage),
  },
  {
    path: 'products/:id',
    title: 'Product · Flashline',
    loadComponent: () => import('./features/product/product.page').then((m) => m.ProductPage),
  },
  {
    path: 'sales',
    title: 'Flash sales · Flashline',
    loadComponent: () => import('./features/sale-list/sales.page').then((m) => m.SalesPage),
  },
  {
    path: 'sales/:id',
    title: 'Flash sale · Flashline',
    loadComponent: () => import('./features/sale-page/sale.page').then((m) => m.SalePage),
  },
  {
    path: 'cart',
    title: 'Your cart · Flashline',
    canActivate: [requireUser],
    loadComponent: () => import('./features/cart/cart.page').then((m) => m.CartPage),
  },
  {
    path: 'checkout/:reservationId',
    title: 'Checkout · Flashline',
    canActivate: [requireUser],
    loadComponent: () => import('./features/checkout/checkout.page').then((m) => m.CheckoutPage),
  },
  {
    path: 'orders',
    pathMatch: 'full',
    title: 'My orders · Flashline',
    canActivate: [requireUser],
    loadComponent: () => import('./features/orders/orders.page').then((m) => m.OrdersPage),
  },
  {
    path: 'orders/:id',
    title: 'Order · Flashline',
    canActivate: [requireUser],
    loadComponent: () => import('./features/orders/order.page').then((m) => m.OrderPage),
  },
  {
    path: 'sign-in',
    title: 'Sign in · Flashline',
    canActivate: [requireGuest],
    loadComponent: () => import('./features/auth/sign-in.page').then((m) => m.SignInPage),
  },
  {
    path: 'register',
    title: 'Create an account · Flashline',
    canActivate: [requireGuest],
    loadComponent: () => import('./features/auth/register.page').then((m) => m.RegisterPage),
  },
  { path: 'admin', loadChildren: () => import('./features/admin/admin.routes').then((m) => m.ADMIN_ROUTES) },
  {
    path: '**',
    title: 'Page not found · Flashline',
    loadComponent: () => import('./features/not-found/not-found.page').then((m) => m.NotFoundPage),
  },
];
