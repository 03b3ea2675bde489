import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter, withComponentInputBinding } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { fakeEventSources } from '../testing/fake-event-source';
import { expectOneSoon } from '../testing/pending-requests';
import { App } from './app';
import { routes } from './app.routes';
import { EVENT_SOURCE_FACTORY } from './core/http/event-stream';

describe('App shell', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideRouter(routes, withComponentInputBinding()),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: EVENT_SOURCE_FACTORY, useValue: fakeEventSources().factory },
      ],
    });
    http = TestBed.inject(HttpTestingController);
  });

  it('renders the brand, the main navigation, a router outlet and the API status in the footer', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;

    expect(element.querySelector('[data-testid="brand"]')?.textContent).toContain('Flashline');
    expect(element.querySelector('nav[aria-label="Main"]')).not.toBeNull();
    expect(element.querySelector('router-outlet')).not.toBeNull();
    expect(element.querySelector('footer [data-testid="api-health"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="header-sign-in"]')).not.toBeNull();
    http.expectOne('/api/health');
  });

  it('lazy-loads the catalogue at /', async () => {
    const harness = await RouterTestingHarness.create('/');

    expect(harness.routeNativeElement?.textContent).toContain('Shop everything');
    http.expectOne((request) => request.url === '/api/products');
  });

  it('lazy-loads a sale page at /sales/:id', async () => {
    const harness = await RouterTestingHarness.create('/sales/s1');

    expect(harness.routeNativeElement?.querySelector('fl-sale-page, .crumbs')).not.toBeNull();
    http.expectOne('/api/flash-sales/s1');
  });

  it('guards /orders: a visitor without a session is sent to sign in', async () => {
    const harness = await RouterTestingHarness.create();
    const navigation = harness.navigateByUrl('/orders');
    (await expectOneSoon(http, '/api/auth/refresh')).flush({}, { status: 401, statusText: 'Unauthorized' });
    await navigation;

    expect(TestBed.inject(Router).url).toBe('/sign-in?returnUrl=%2Forders');
    expect(harness.routeNativeElement?.querySelector('h1')?.textContent).toContain('Sign in');
  });

  it('routes unknown URLs to the not-found page', async () => {
    const harness = await RouterTestingHarness.create('/no-such-page');

    expect(harness.routeNativeElement?.querySelector('[data-testid="not-found"]')?.textContent).toContain(
      '404',
    );
  });
});
