import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom } from 'rxjs';

import { AuthStore } from '../auth/auth.store';
import { httpInterceptors } from '../http/interceptors';
import { SiteHeader } from './site-header';
import { SHOPPER_SESSION } from '../../../testing/auth-session';

describe('SiteHeader: sign out on every device', () => {
  let controller: HttpTestingController;
  let fixture: ComponentFixture<SiteHeader>;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [SiteHeader],
      providers: [
        provideRouter([]),
        provideHttpClient(withInterceptors(httpInterceptors)),
        provideHttpClientTesting(),
      ],
    });
    controller = TestBed.inject(HttpTestingController);
    const auth = TestBed.inject(AuthStore);
    const signedIn = firstValueFrom(auth.signIn({ email: 'ada@example.com', password: 'secret-password' }));
    controller.expectOne('/api/auth/login').flush(SHOPPER_SESSION);
    await signedIn;
    fixture = TestBed.createComponent(SiteHeader);
    await fixture.whenStable();
    controller.expectOne('/api/cart').flush({ items: [], totalCents: 0, currency: 'usd' });
  });

  afterEach(() => controller.verify());

  function button(): HTMLButtonElement {
    const found = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>(
      '[data-testid="sign-out-everywhere"]',
    );
    if (found === null) throw new Error('no "Sign out on every device" button');
    return found;
  }

  it('is offered beside Sign out, revokes every device, then shows the signed-out header at home', async () => {
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl');
    expect(button().textContent?.trim()).toBe('Sign out on every device');

    button().click();
    await fixture.whenStable();
    expect(button().disabled).toBe(true);
    controller.expectOne('/api/auth/logout-all').flush(null, { status: 204, statusText: 'No Content' });
    await fixture.whenStable();

    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="header-sign-in"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="sign-out-everywhere"]')).toBeNull();
    expect(navigate).toHaveBeenCalledWith('/');
  });

  it('says so in an alert when the API fails, and stays signed in to try again', async () => {
    button().click();
    await fixture.whenStable();
    controller
      .expectOne('/api/auth/logout-all')
      .flush(
        { error: { code: 'SERVICE_UNAVAILABLE', message: 'Try again.', requestId: 'r' } },
        { status: 503, statusText: 'Service Unavailable' },
      );
    await fixture.whenStable();

    const alert = (fixture.nativeElement as HTMLElement).querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Could not sign out your other devices');
    expect(button().disabled).toBe(false);
  });
});
