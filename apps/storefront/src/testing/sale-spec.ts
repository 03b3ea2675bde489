import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import { type EnvironmentProviders, type Provider, type Signal } from '@angular/core';
import { provideRouter } from '@angular/router';

import { AuthStore } from '../app/core/auth/auth.store';
import { serverClockInterceptor } from '../app/core/clock/server-clock.interceptor';
import { EVENT_SOURCE_FACTORY, type EventSourceFactory } from '../app/core/http/event-stream';

/** The instant the sale page's specs freeze the browser's (fake) clock at. */
export const SALE_SPEC_NOW = Date.parse('2030-06-01T12:00:00.000Z');

/**
 * What a spec of the sale page or its stores provides: HTTP through the server-clock interceptor to
 * HttpTestingController (answered by a FakeSaleServer), hand-driven event streams, a router, and a shopper who
 * is signed in while `signedIn` says so.
 */
export function saleSpecProviders(
  events: EventSourceFactory,
  signedIn: Signal<boolean>,
): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(withInterceptors([serverClockInterceptor])),
    provideHttpClientTesting(),
    provideRouter([]),
    { provide: EVENT_SOURCE_FACTORY, useValue: events },
    { provide: AuthStore, useValue: { isSignedIn: signedIn } },
  ];
}
