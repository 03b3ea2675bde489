import { InjectionToken } from '@angular/core';

/**
 * Prefix of every API URL. Relative by default: the dev server proxies `/api` to the Nest API
 * (see apps/storefront/proxy.conf.js), and production serves both from one origin.
 */
export const API_BASE_URL = new InjectionToken<string>('API_BASE_URL', {
  providedIn: 'root',
  factory: () => '/api',
});
