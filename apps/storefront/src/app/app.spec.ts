import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';

import { App } from './app';
import { routes } from './app.routes';

describe('App shell', () => {
  beforeEach(() => {
    TestBed.configureTestingModule({
      imports: [App],
      providers: [provideRouter(routes), provideHttpClient(), provideHttpClientTesting()],
    });
  });

  it('renders the brand, the main navigation and a router outlet', async () => {
    const fixture = TestBed.createComponent(App);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;

    expect(element.querySelector('[data-testid="brand"]')?.textContent).toContain('Flashline');
    expect(element.querySelector('nav[aria-label="Main"]')).not.toBeNull();
    expect(element.querySelector('router-outlet')).not.toBeNull();
  });

  it('lazy-loads the home page at /', async () => {
    const harness = await RouterTestingHarness.create('/');

    expect(harness.routeNativeElement?.querySelector('[data-testid="api-health"]')).not.toBeNull();
    TestBed.inject(HttpTestingController).expectOne('/api/health');
  });

  it('routes unknown URLs to the not-found page', async () => {
    const harness = await RouterTestingHarness.create('/no-such-page');

    expect(harness.routeNativeElement?.querySelector('[data-testid="not-found"]')?.textContent).toContain(
      '404',
    );
  });
});
