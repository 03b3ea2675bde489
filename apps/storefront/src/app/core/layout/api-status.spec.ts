import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { type HealthStatus } from '@flashline/contracts';

import { ApiStatus } from './api-status';

describe('ApiStatus (footer)', () => {
  let fixture: ComponentFixture<ApiStatus>;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ApiStatus],
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ApiStatus);
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function healthElement(): HTMLElement {
    const element = (fixture.nativeElement as HTMLElement).querySelector<HTMLElement>(
      '[data-testid="api-health"]',
    );
    if (element === null) throw new Error('api-health element not rendered');
    return element;
  }

  function dependencyState(name: string): string | null {
    const element = (fixture.nativeElement as HTMLElement).querySelector(
      `[data-testid="dependency-${name}"]`,
    );
    return element?.getAttribute('data-state') ?? null;
  }

  async function respond(body: HealthStatus, status = 200): Promise<void> {
    http
      .expectOne('/api/health')
      .flush(body, { status, statusText: status === 200 ? 'OK' : 'Service Unavailable' });
    await fixture.whenStable();
  }

  it('shows a loading state until the API answers', async () => {
    expect(healthElement().getAttribute('data-state')).toBe('loading');
    expect(healthElement().textContent).toContain('Checking the API');

    await respond({ status: 'ok', mongo: 'up', redis: 'up' });
  });

  it('renders "API healthy" on 200', async () => {
    await respond({ status: 'ok', mongo: 'up', redis: 'up' });

    expect(healthElement().getAttribute('data-state')).toBe('ok');
    expect(healthElement().textContent?.trim()).toBe('API healthy');
    expect(dependencyState('mongo')).toBe('up');
    expect(dependencyState('redis')).toBe('up');
  });

  it('names the down dependency from the 503 body', async () => {
    await respond({ status: 'degraded', mongo: 'up', redis: 'down' }, 503);

    expect(healthElement().getAttribute('data-state')).toBe('degraded');
    expect(healthElement().textContent?.trim()).toBe('API degraded: Redis down');
    expect(dependencyState('mongo')).toBe('up');
    expect(dependencyState('redis')).toBe('down');
  });

  it('names every down dependency', async () => {
    await respond({ status: 'degraded', mongo: 'down', redis: 'down' }, 503);

    expect(healthElement().textContent?.trim()).toBe('API degraded: MongoDB and Redis down');
  });

  it('shows "API unreachable" on a network error', async () => {
    http.expectOne('/api/health').error(new ProgressEvent('error'));
    await fixture.whenStable();

    expect(healthElement().getAttribute('data-state')).toBe('unreachable');
    expect(healthElement().textContent?.trim()).toBe('API unreachable');
    expect((fixture.nativeElement as HTMLElement).querySelector('[data-testid^="dependency-"]')).toBeNull();
  });

  it('checks again on demand', async () => {
    http.expectOne('/api/health').error(new ProgressEvent('error'));
    await fixture.whenStable();
    expect(healthElement().getAttribute('data-state')).toBe('unreachable');

    const button = (fixture.nativeElement as HTMLElement).querySelector<HTMLButtonElement>('button.refresh');
    button?.click();
    await fixture.whenStable();
    expect(healthElement().getAttribute('data-state')).toBe('loading');

    await respond({ status: 'ok', mongo: 'up', redis: 'up' });
    expect(healthElement().getAttribute('data-state')).toBe('ok');
  });
});
