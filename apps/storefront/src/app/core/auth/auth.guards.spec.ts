import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';

import { expectOneSoon } from '../../../testing/pending-requests';
import { requireGuest, requireUser } from './auth.guards';
import { safeReturnUrl } from './return-url';
import { SHOPPER_SESSION } from '../../../testing/auth-session';

@Component({ template: 'page' })
class Blank {}

describe('auth guards', () => {
  let router: Router;
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'orders', component: Blank, canActivate: [requireUser] },
          { path: 'sign-in', component: Blank, canActivate: [requireGuest] },
          { path: '', component: Blank },
        ]),
      ],
    });
    router = TestBed.inject(Router);
    controller = TestBed.inject(HttpTestingController);
  });

  it('sends a visitor to sign in, remembering where they were going', async () => {
    const navigation = router.navigateByUrl('/orders?page=2');
    (await expectOneSoon(controller, '/api/auth/refresh')).flush(
      {},
      { status: 401, statusText: 'Unauthorized' },
    );
    await navigation;

    expect(router.url).toBe('/sign-in?returnUrl=%2Forders%3Fpage%3D2');
  });

  it('lets a shopper with a session (restored from the cookie) through, and keeps them off sign-in', async () => {
    const navigation = router.navigateByUrl('/orders');
    (await expectOneSoon(controller, '/api/auth/refresh')).flush(SHOPPER_SESSION);
    await navigation;
    expect(router.url).toBe('/orders');

    await router.navigateByUrl('/sign-in');
    expect(router.url).toBe('/');
  });
});

describe('safeReturnUrl', () => {
  it.each([
    ['/orders?page=2', '/orders?page=2'],
    ['/sales/abc', '/sales/abc'],
    [undefined, '/'],
    ['', '/'],
    ['https://evil.example', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
  ])('%s → %s', (input, expected) => {
    expect(safeReturnUrl(input)).toBe(expected);
  });
});
