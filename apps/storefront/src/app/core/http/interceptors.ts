import { type HttpInterceptorFn } from '@angular/common/http';

import { authInterceptor } from '../auth/auth.interceptor';
import { serverClockInterceptor } from '../clock/server-clock.interceptor';

/**
 * Functional interceptors applied to every `HttpClient` request, outermost first: auth (bearer, one
 * refresh-and-retry on 401) wraps the clock sampler, so each request actually sent is timed on its own.
 */
export const httpInterceptors: HttpInterceptorFn[] = [authInterceptor, serverClockInterceptor];
