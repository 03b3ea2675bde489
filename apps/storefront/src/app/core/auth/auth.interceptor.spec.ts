import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type AuthSession } from '@flashline/contracts';
import { firstValueFrom } from 'rxjs';

import { expectNoneSoon, expectOneSoon } from '../../../testing/pending-requests';
import { httpInterceptors } from '../http/interceptors';
import { AuthStore } from './auth.store';

const UNAUTHENTICATED = { error: { code: 'UNAUTHENTICATED', message: 'Token expired.', requestId: 'r' } };

function session(accessToken: string): AuthSession {
  return {
    accessToken,
    refreshToken: `refresh-of-${accessToken}`,
    expiresIn: 900,
    user: { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'shopper' },
  };
}

describe('authInterceptor', () => {
  let http: HttpClient;
  let controller: HttpTestingController;
  let auth: AuthStore;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors(httpInterceptors)), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpClient);
    controller = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthStore);
  });

  afterEach(() => controller.verify());

  async function signIn(token = 'token-1'): Promise<void> {
    const done = firstValueFrom(auth.signIn({ email: 'ada@example.com', password: 'secret-password' }));
    controller.expectOne('/api/auth/login').flush(session(token));
    await done;
  }

  /** Answers the request to `url` (once sent: a refresh waits for the cross-tab lock) with a 401. */
  async function reject401(url: string): Promise<void> {
    (await expectOneSoon(controller, url)).flush(UNAUTHENTICATED, {
      status: 401,
      statusText: 'Unauthorized',
    });
  }

  it('adds the bearer token to API calls', async () => {
    await signIn('token-1');
    const result = firstValueFrom(http.get('/api/cart'));

    const request = controller.expectOne('/api/cart');
    expect(request.request.headers.get('Authorization')).toBe('Bearer token-1');
    request.flush({ items: [] });
    await expect(result).resolves.toEqual({ items: [] });
  });

  it('sends no Authorization header when signed out, nor to other origins', async () => {
    void firstValueFrom(http.get('/api/products'));
    expect(controller.expectOne('/api/products').request.headers.has('Authorization')).toBe(false);

    await signIn();
    void firstValueFrom(http.get('https://cdn.example.com/api/logo.svg'));
    expect(
      controller.expectOne('https://cdn.example.com/api/logo.svg').request.headers.has('Authorization'),
    ).toBe(false);
  });

  it('answers concurrent 401s with ONE refresh, then retries each call with the new token', async () => {
    await signIn('old');
    const results = Promise.all([
      firstValueFrom(http.get('/api/cart')),
      firstValueFrom(http.get('/api/orders')),
      firstValueFrom(http.get('/api/auth/me')),
    ]);

    await reject401('/api/cart');
    await reject401('/api/orders');
    await reject401('/api/auth/me');

    const refresh = await expectOneSoon(controller, '/api/auth/refresh');
    expect(refresh.request.method).toBe('POST');
    expect(refresh.request.withCredentials).toBe(true);
    expect(refresh.request.body).toBeNull();
    refresh.flush(session('new'));

    for (const url of ['/api/cart', '/api/orders', '/api/auth/me']) {
      const retry = controller.expectOne(url);
      expect(retry.request.headers.get('Authorization')).toBe('Bearer new');
      retry.flush({ url });
    }
    await expect(results).resolves.toEqual([
      { url: '/api/cart' },
      { url: '/api/orders' },
      { url: '/api/auth/me' },
    ]);
    expect(auth.accessToken()).toBe('new');
  });

  it('does not loop: a 401 on the retried call reaches the caller, with no second refresh', async () => {
    await signIn('old');
    const result = firstValueFrom(http.get('/api/cart'));

    await reject401('/api/cart');
    (await expectOneSoon(controller, '/api/auth/refresh')).flush(session('new'));
    await reject401('/api/cart');

    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
    await expectNoneSoon(controller, '/api/auth/refresh');
  });

  it('signs out locally when the refresh is refused, and the original 401 reaches the caller', async () => {
    await signIn('old');
    const result = firstValueFrom(http.get('/api/cart'));

    await reject401('/api/cart');
    await reject401('/api/auth/refresh');

    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(auth.isSignedIn()).toBe(false);
    expect(auth.accessToken()).toBeNull();
    controller.expectNone('/api/cart');
  });

  it('never answers a 401 from login (wrong password) with a refresh', async () => {
    const result = firstValueFrom(auth.signIn({ email: 'ada@example.com', password: 'wrong-password' }));

    await reject401('/api/auth/login');

    await expect(result).rejects.toMatchObject({ status: 401 });
    await expectNoneSoon(controller, '/api/auth/refresh');
  });

  it('retries with the newer token when another call already refreshed meanwhile', async () => {
    await signIn('old');
    const first = firstValueFrom(http.get('/api/cart'));
    const late = firstValueFrom(http.get('/api/orders'));

    await reject401('/api/cart');
    (await expectOneSoon(controller, '/api/auth/refresh')).flush(session('new'));
    controller.expectOne('/api/cart').flush({ ok: 1 });
    await first;

    // This 401 was for the old token: no second refresh (the refresh token is single-use).
    await reject401('/api/orders');
    await expectNoneSoon(controller, '/api/auth/refresh');
    const retry = controller.expectOne('/api/orders');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer new');
    retry.flush({ ok: 2 });
    await expect(late).resolves.toEqual({ ok: 2 });
  });

  it('passes other errors through untouched', async () => {
    await signIn();
    const result = firstValueFrom(http.get('/api/cart'));

    controller.expectOne('/api/cart').flush({}, { status: 503, statusText: 'Service Unavailable' });

    await expect(result).rejects.toMatchObject({ status: 503 });
    await expectNoneSoon(controller, '/api/auth/refresh');
  });
});
