import { type HttpInterceptorFn } from '@angular/common/http';

/**
 * Functional interceptors applied to every `HttpClient` request, in order.
 * Empty for now; auth (bearer token) and error-normalising interceptors go here.
 */
export const httpInterceptors: HttpInterceptorFn[] = [];
