import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type AuthSession } from '@flashline/contracts';
import { firstValueFrom } from 'rxjs';

import { expectOneSoon } from '../../../testing/pending-requests';
import { httpInterceptors } from '../http/interceptors';
import { AuthStore } from './auth.store';

const USER = { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'shopper' } as const;

function session(accessToken: string): AuthSession {
  return { accessToken, refreshToken: `refresh-${accessToken}`, expiresIn: 900, user: { ...USER } };
}

const UNAUTHENTICATED = { error: { code: 'UNAUTHENTICATED', message: 'No session.', requestId: 'r' } };

describe('AuthStore', () => {
  let auth: AuthStore;
  let controller: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors(httpInterceptors)), provideHttpClientTesting()],
    });
    auth = TestBed.inject(AuthStore);
    controller = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    controller.verify();
    vi.restoreAllMocks();
  });

  describe('keeps tokens out of web storage', () => {
    it('stores nothing in localStorage, sessionStorage or readable cookies through sign-in, refresh and register', async () => {
      const setItem = vi.spyOn(Storage.prototype, 'setItem');

      const signedIn = firstValueFrom(auth.signIn({ email: USER.email, password: 'secret-password' }));
      controller.expectOne('/api/auth/login').flush(session('access-1'));
      await signedIn;

      const refreshed = firstValueFrom(auth.refresh());
      (await expectOneSoon(controller, '/api/auth/refresh')).flush(session('access-2'));
      await refreshed;

      const registered = firstValueFrom(
        auth.register({ email: 'b@example.com', password: 'password-1', name: 'B' }),
      );
      controller.expectOne('/api/auth/register').flush(session('access-3'));
      await registered;

      expect(setItem).not.toHaveBeenCalled();
      expect(localStorage.length).toBe(0);
      expect(sessionStorage.length).toBe(0);
      expect(document.cookie).toBe('');
      // The token is in memory, where the interceptor reads it.
      expect(auth.accessToken()).toBe('access-3');
    });

    it('keeps no trace of the refresh token from the session body', async () => {
      const signedIn = firstValueFrom(auth.signIn({ email: USER.email, password: 'secret-password' }));
      controller.expectOne('/api/auth/login').flush(session('access-1'));
      await signedIn;

      expect(JSON.stringify({ user: auth.user(), token: auth.accessToken() })).not.toContain(
        'refresh-access-1',
      );
    });
  });

  it('signs in: user and token in memory; login sends credentials for the cookie', async () => {
    const user = firstValueFrom(auth.signIn({ email: USER.email, password: 'secret-password' }));
    const request = controller.expectOne('/api/auth/login');
    expect(request.request.withCredentials).toBe(true);
    request.flush(session('access-1'));

    await expect(user).resolves.toEqual(USER);
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.user()?.name).toBe('Ada');
  });

  it('restore(): brings the session back from the refresh cookie once, however often it is called', async () => {
    const first = auth.restore();
    const second = auth.restore();
    const request = await expectOneSoon(controller, '/api/auth/refresh');
    expect(request.request.withCredentials).toBe(true);
    request.flush(session('restored'));
    await Promise.all([first, second]);

    expect(auth.isRestored()).toBe(true);
    expect(auth.accessToken()).toBe('restored');
    expect(auth.user()).toEqual(USER);
  });

  it('restore(): no cookie (401) leaves the shopper signed out', async () => {
    const restored = auth.restore();
    (await expectOneSoon(controller, '/api/auth/refresh')).flush(UNAUTHENTICATED, {
      status: 401,
      statusText: 'Unauthorized',
    });
    await restored;

    expect(auth.isRestored()).toBe(true);
    expect(auth.isSignedIn()).toBe(false);
  });

  it('restore(): an unreachable API also ends signed out (the app still starts)', async () => {
    const restored = auth.restore();
    (await expectOneSoon(controller, '/api/auth/refresh')).error(new ProgressEvent('error'));
    await restored;

    expect(auth.isRestored()).toBe(true);
    expect(auth.isSignedIn()).toBe(false);
  });

  it('shares one refresh between concurrent callers', async () => {
    const a = firstValueFrom(auth.refresh());
    const b = firstValueFrom(auth.refresh());
    (await expectOneSoon(controller, '/api/auth/refresh')).flush(session('shared'));

    await expect(Promise.all([a, b])).resolves.toEqual(['shared', 'shared']);
    // Once settled, the next refresh is a new request.
    const next = firstValueFrom(auth.refresh());
    (await expectOneSoon(controller, '/api/auth/refresh')).flush(session('next'));
    await expect(next).resolves.toBe('next');
  });

  it('signOut(): logs out at the API with the cookie and forgets the session, even when that fails', async () => {
    const signedIn = firstValueFrom(auth.signIn({ email: USER.email, password: 'secret-password' }));
    controller.expectOne('/api/auth/login').flush(session('access-1'));
    await signedIn;

    const out = firstValueFrom(auth.signOut(), { defaultValue: undefined });
    const logout = controller.expectOne('/api/auth/logout');
    expect(logout.request.withCredentials).toBe(true);
    expect(logout.request.headers.get('Authorization')).toBe('Bearer access-1');
    logout.flush({}, { status: 500, statusText: 'Server Error' });
    await out;

    expect(auth.isSignedIn()).toBe(false);
    expect(auth.accessToken()).toBeNull();
  });
  it('signOutEverywhere(): revokes every device at the API with the cookie, then forgets the session', async () => {
    const signedIn = firstValueFrom(auth.signIn({ email: USER.email, password: 'secret-password' }));
    controller.expectOne('/api/auth/login').flush(session('access-1'));
    await signedIn;

    const out = firstValueFrom(auth.signOutEverywhere(), { defaultValue: undefined });
    const logoutAll = controller.expectOne('/api/auth/logout-all');
    expect(logoutAll.request.method).toBe('POST');
    expect(logoutAll.request.withCredentials).toBe(true);
    expect(logoutAll.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(auth.isSignedIn()).toBe(true);
    logoutAll.flush(null, { status: 204, statusText: 'No Content' });
    await out;

    expect(auth.isSignedIn()).toBe(false);
    expect(auth.accessToken()).toBeNull();
  });

  it('signOutEverywhere(): a failure reaches the caller and keeps the session (other devices may still be in)', async () => {
    const signedIn = firstValueFrom(auth.signIn({ email: USER.email, password: 'secret-password' }));
    controller.expectOne('/api/auth/login').flush(session('access-1'));
    await signedIn;

    const out = firstValueFrom(auth.signOutEverywhere(), { defaultValue: undefined });
    controller.expectOne('/api/auth/logout-all').flush(
      { error: { code: 'SERVICE_UNAVAILABLE', message: 'Try again.', requestId: 'r' } },
      {
        status: 503,
        statusText: 'Service Unavailable',
      },
    );

    await expect(out).rejects.toMatchObject({ status: 503 });
    expect(auth.isSignedIn()).toBe(true);
    expect(auth.accessToken()).toBe('access-1');
  });

  it('signOutEverywhere(): signed out already, it asks the API nothing', async () => {
    await firstValueFrom(auth.signOutEverywhere(), { defaultValue: undefined });
    controller.expectNone('/api/auth/logout-all');
    expect(auth.isSignedIn()).toBe(false);
  });
});
