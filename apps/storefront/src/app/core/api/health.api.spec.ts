import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { type HealthStatus } from '@flashline/contracts';
import { firstValueFrom } from 'rxjs';

import { API_BASE_URL } from './api-base-url';
import { HealthApi, isHealthStatus } from './health.api';

const HEALTHY: HealthStatus = { status: 'ok', mongo: 'up', redis: 'up' };
const REDIS_DOWN: HealthStatus = { status: 'degraded', mongo: 'up', redis: 'down' };

describe('HealthApi', () => {
  let api: HealthApi;
  let http: HttpTestingController;

  function setUp(baseUrl?: string): void {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        ...(baseUrl === undefined ? [] : [{ provide: API_BASE_URL, useValue: baseUrl }]),
      ],
    });
    api = TestBed.inject(HealthApi);
    http = TestBed.inject(HttpTestingController);
  }

  afterEach(() => http.verify());

  describe('get()', () => {
    beforeEach(() => setUp());

    it('GETs /api/health and emits the typed body', async () => {
      const result = firstValueFrom(api.get());

      const req = http.expectOne('/api/health');
      expect(req.request.method).toBe('GET');
      req.flush(HEALTHY);

      await expect(result).resolves.toEqual(HEALTHY);
    });

    it('errors on 503, with the health body on the error', async () => {
      const result = firstValueFrom(api.get());

      http.expectOne('/api/health').flush(REDIS_DOWN, { status: 503, statusText: 'Service Unavailable' });

      await expect(result).rejects.toMatchObject({ status: 503, error: REDIS_DOWN });
    });
  });

  describe('check()', () => {
    beforeEach(() => setUp());

    it('reports ok on 200 with everything up', async () => {
      const result = firstValueFrom(api.check());

      http.expectOne('/api/health').flush(HEALTHY);

      await expect(result).resolves.toEqual({ state: 'ok', status: HEALTHY });
    });

    it('reports degraded with the 503 body', async () => {
      const result = firstValueFrom(api.check());

      http.expectOne('/api/health').flush(REDIS_DOWN, { status: 503, statusText: 'Service Unavailable' });

      await expect(result).resolves.toEqual({ state: 'degraded', status: REDIS_DOWN });
    });

    it('reports ok on a 503 from a draining process whose dependencies are up', async () => {
      const result = firstValueFrom(api.check());
      const draining: HealthStatus = { status: 'draining', mongo: 'up', redis: 'up' };

      http.expectOne('/api/health').flush(draining, { status: 503, statusText: 'Service Unavailable' });

      await expect(result).resolves.toEqual({ state: 'ok', status: draining });
    });

    it('reports degraded when a 200 body names a dependency down', async () => {
      const result = firstValueFrom(api.check());
      const mongoDown: HealthStatus = { status: 'ok', mongo: 'down', redis: 'up' };

      http.expectOne('/api/health').flush(mongoDown);

      await expect(result).resolves.toEqual({ state: 'degraded', status: mongoDown });
    });

    it('reports unreachable on a network error', async () => {
      const result = firstValueFrom(api.check());

      http.expectOne('/api/health').error(new ProgressEvent('error'));

      await expect(result).resolves.toEqual({ state: 'unreachable', status: null });
    });

    it('reports unreachable on a 503 without a health body', async () => {
      const result = firstValueFrom(api.check());

      http
        .expectOne('/api/health')
        .flush(
          { error: { code: 'SERVICE_UNAVAILABLE', message: 'Down', requestId: 'r1' } },
          { status: 503, statusText: 'Service Unavailable' },
        );

      await expect(result).resolves.toEqual({ state: 'unreachable', status: null });
    });

    it('reports unreachable on a proxy error', async () => {
      const result = firstValueFrom(api.check());

      http.expectOne('/api/health').flush('Bad gateway', { status: 502, statusText: 'Bad Gateway' });

      await expect(result).resolves.toEqual({ state: 'unreachable', status: null });
    });

    it('reports unreachable on a 200 with an unexpected body', async () => {
      const result = firstValueFrom(api.check());

      http.expectOne('/api/health').flush('<!doctype html><html></html>');

      await expect(result).resolves.toEqual({ state: 'unreachable', status: null });
    });
  });

  it('honours API_BASE_URL', async () => {
    setUp('https://api.example.test/api');
    const result = firstValueFrom(api.get());

    http.expectOne('https://api.example.test/api/health').flush(HEALTHY);

    await expect(result).resolves.toEqual(HEALTHY);
  });
});

describe('isHealthStatus', () => {
  it('accepts the contract shape', () => {
    expect(isHealthStatus({ status: 'degraded', mongo: 'down', redis: 'up' })).toBe(true);
  });

  it.each([null, 'ok', {}, { status: 'ok', mongo: 'up' }, { status: 'fine', mongo: 'up', redis: 'up' }])(
    'rejects %j',
    (value) => {
      expect(isHealthStatus(value)).toBe(false);
    },
  );
});
