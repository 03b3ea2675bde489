import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { type AuthSession, type Role } from '@flashline/contracts';

import { expectOneSoon } from '../../../testing/pending-requests';
import { requireAdmin } from './admin.guard';

@Component({ template: 'page' })
class Blank {}

const session = (role: Role): AuthSession => ({
  accessToken: 'a',
  refreshToken: 'r',
  expiresIn: 900,
  user: { id: 'u1', email: 'ada@example.com', name: 'Ada', role },
});

describe('requireAdmin', () => {
  let router: Router;
  let controller: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'admin/sales/:id', component: Blank, canActivate: [requireAdmin] },
          { path: 'admin/forbidden', component: Blank },
          { path: 'sign-in', component: Blank },
        ]),
      ],
    });
    router = TestBed.inject(Router);
    controller = TestBed.inject(HttpTestingController);
  });

  async function visit(answer: AuthSession | null): Promise<string> {
    const navigation = router.navigateByUrl('/admin/sales/s1');
    const refresh = await expectOneSoon(controller, '/api/auth/refresh');
    if (answer === null) refresh.flush({}, { status: 401, statusText: 'Unauthorized' });
    else refresh.flush(answer);
    await navigation;
    return router.url;
  }

  it('sends a visitor to sign in, coming back afterwards', async () => {
    expect(await visit(null)).toBe('/sign-in?returnUrl=%2Fadmin%2Fsales%2Fs1');
  });

  it('shows a shopper the admins-only page', async () => {
    expect(await visit(session('shopper'))).toBe('/admin/forbidden');
  });

  it('lets an admin in', async () => {
    expect(await visit(session('admin'))).toBe('/admin/sales/s1');
  });
});
