import { provideHttpClient, withInterceptors, HttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Observable, firstValueFrom } from 'rxjs';

import { httpDate } from '../../../testing/http-date';
import { serverClockInterceptor } from './server-clock.interceptor';
import { ServerClock } from './server-clock';

const LOCAL_START = Date.parse('2030-01-01T00:00:00.000Z');

describe('ServerClock', () => {
  let clock: ServerClock;

  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(LOCAL_START);
    TestBed.configureTestingModule({
      providers: [provideHttpClient(withInterceptors([serverClockInterceptor])), provideHttpClientTesting()],
    });
    clock = TestBed.inject(ServerClock);
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  /** A sample as if the request took `latencyMs` and the server's clock is `offsetMs` ahead of ours. */
  function sample(offsetMs: number, latencyMs = 10): void {
    const sentAt = Date.now();
    vi.advanceTimersByTime(latencyMs / 2);
    const header = httpDate(Date.now() + offsetMs);
    vi.advanceTimersByTime(latencyMs / 2);
    clock.record(header, sentAt, Date.now());
  }

  it('follows the local clock until it has heard from the server', () => {
    expect(clock.isSynced()).toBe(false);
    expect(clock.read()).toBe(LOCAL_START);
  });

  it('takes the server time from a Date header, within the header’s one-second resolution', () => {
    sample(5 * 60_000 + 300); // the server is 5 min 0.3 s ahead

    expect(clock.isSynced()).toBe(true);
    expect(Math.abs(clock.offset() - 300_300)).toBeLessThanOrEqual(510);
    expect(clock.uncertaintyMs()).toBeLessThanOrEqual(510);
    expect(clock.now()).toBe(clock.read());
  });

  it('narrows the offset as samples land on different fractions of a second', () => {
    const trueOffset = -42_650; // the server is 42.65 s behind
    for (let i = 0; i < 12; i += 1) {
      vi.advanceTimersByTime(173);
      sample(trueOffset, 6);
    }

    expect(Math.abs(clock.offset() - trueOffset)).toBeLessThanOrEqual(100);
    expect(clock.uncertaintyMs()).toBeLessThanOrEqual(100);
  });

  it('starts again when a sample contradicts everything before (a clock jumped)', () => {
    sample(1_000);
    sample(3_600_000);

    expect(Math.abs(clock.offset() - 3_600_000)).toBeLessThanOrEqual(510);
  });

  it('ignores responses without a usable Date header', () => {
    clock.record(null, Date.now(), Date.now());
    clock.record('not a date', Date.now(), Date.now());

    expect(clock.isSynced()).toBe(false);
  });

  it('ticks `now` at each server-second boundary', () => {
    sample(250);
    const before = clock.now();
    const toBoundary = 1000 - (clock.read() % 1000);
    vi.advanceTimersByTime(toBoundary + 5);

    expect(clock.now()).toBeGreaterThan(before);
    expect(clock.now() % 1000).toBeLessThan(20);
  });

  it('wakes at an exact server moment, however far it is from a whole second', () => {
    sample(90_000);
    const at = clock.read() + 2_345;
    clock.wakeAt(at);

    vi.advanceTimersByTime(2_344);
    expect(clock.now()).toBeLessThan(at);
    vi.advanceTimersByTime(1);
    expect(clock.now()).toBeGreaterThanOrEqual(at);
  });

  it('feeds the Date header of API responses (errors included) through the interceptor', async () => {
    const http = TestBed.inject(HttpClient);
    const controller = TestBed.inject(HttpTestingController);

    const ok = firstValueFrom(http.get('/api/health'));
    controller.expectOne('/api/health').flush({}, { headers: { Date: httpDate(LOCAL_START + 120_000) } });
    await ok;
    expect(Math.abs(clock.offset() - 120_500)).toBeLessThanOrEqual(500);

    const refused = firstValueFrom(http.get('/api/cart')).catch(() => null);
    controller
      .expectOne('/api/cart')
      .flush(
        {},
        { status: 401, statusText: 'Unauthorized', headers: { Date: httpDate(LOCAL_START + 125_000) } },
      );
    await refused;
    expect(Math.abs(clock.offset() - 125_000)).toBeLessThanOrEqual(500);
  });

  it('calibrate(): probes timed on predicted second boundaries pin the offset down to ±60 ms', async () => {
    const trueOffset = 7_777;
    let probes = 0;
    // A probe answered at once, as the interceptor would record it.
    const probe = (): Observable<unknown> =>
      new Observable((subscriber) => {
        probes += 1;
        clock.record(httpDate(Date.now() + trueOffset), Date.now(), Date.now());
        subscriber.next(null);
        subscriber.complete();
      });

    const done = firstValueFrom(clock.calibrate(probe, 6), { defaultValue: null });
    await vi.advanceTimersByTimeAsync(8_000);
    await done;

    expect(probes).toBeLessThanOrEqual(6);
    expect(clock.uncertaintyMs()).toBeLessThanOrEqual(60);
    expect(Math.abs(clock.offset() - trueOffset)).toBeLessThanOrEqual(60);
  });

  it('calibrate(): stops at once when the offset is already known well enough', async () => {
    for (let i = 0; i < 40; i += 1) {
      vi.advanceTimersByTime(37);
      sample(500, 0);
    }
    const probe = vi.fn(() => new Observable<unknown>((subscriber) => subscriber.complete()));

    await firstValueFrom(clock.calibrate(probe), { defaultValue: null });

    expect(probe).not.toHaveBeenCalled();
  });
});
