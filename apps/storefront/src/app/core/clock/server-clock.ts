import { DestroyRef, Injectable, inject, signal } from '@angular/core';
import { EMPTY, type Observable, catchError, defer, of, switchMap, timer } from 'rxjs';

/** Aim calibration probes this far ahead, so the timer is set before the moment it aims at. */
const PROBE_LEAD_MS = 50;
/** Calibration stops once the offset is known to within this (± half the interval). */
const CALIBRATED_HALF_WIDTH_MS = 60;

/**
 * The API server's clock, as seen from this browser: countdowns and hold timers run on it, never on the
 * browser's own clock (which may be minutes off).
 *
 * Every API response's `Date` header is a sample (recorded by `serverClockInterceptor`). The header is
 * truncated to the second, so one sample taken between local times `sentAt` and `receivedAt` bounds the
 * offset (server − local) to `[date − receivedAt, date + 1000 − sentAt]`. Samples are intersected, and the
 * estimate is the middle of what is left. {@link calibrate} narrows it further by timing probes to land
 * on a predicted second boundary (each halves the interval). Samples that contradict the interval (either
 * clock jumped) start it again.
 */
@Injectable({ providedIn: 'root' })
export class ServerClock {
  private lower = Number.NEGATIVE_INFINITY;
  private upper = Number.POSITIVE_INFINITY;
  private offsetMs = 0;
  private tickTimer: ReturnType<typeof setTimeout> | undefined;
  /** Moments asked for with {@link wakeAt}: server times, rescheduled whenever the offset moves. */
  private readonly wakes = new Map<symbol, { at: number; timer: ReturnType<typeof setTimeout> }>();
  private readonly current = signal(Date.now());
  private readonly synced = signal(false);

  /**
   * Server time (epoch ms), refreshed at every server-second boundary and at moments asked for with
   * {@link wakeAt}: read it in templates and `computed`s.
   */
  readonly now = this.current.asReadonly();
  /** Whether at least one `Date` header has been seen. */
  readonly isSynced = this.synced.asReadonly();

  constructor() {
    this.scheduleTick();
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.tickTimer);
      this.wakes.forEach((wake) => clearTimeout(wake.timer));
      this.wakes.clear();
    });
  }

  /**
   * Brings {@link now} up to this instant. Call it when new deadlines arrive (a hold, a sale): between
   * ticks `now` can be up to a second old, which would show a 10-minute hold as 10:01.
   */
  refresh(): void {
    this.current.set(this.read());
  }

  /** Server time at this instant (reads the local clock; not a signal). */
  read(): number {
    return Date.now() + this.offsetMs;
  }

  /** Estimated server − local offset in ms. */
  offset(): number {
    return this.offsetMs;
  }

  /** Half the width of the interval the offset is known to lie in (Infinity before any sample). */
  uncertaintyMs(): number {
    return (this.upper - this.lower) / 2;
  }

  /** One `Date` header sample: the request left at local `sentAt`, its response came back at `receivedAt`. */
  record(dateHeader: string | null, sentAt: number, receivedAt: number): void {
    if (dateHeader === null) return;
    const date = Date.parse(dateHeader);
    if (Number.isNaN(date) || receivedAt < sentAt) return;
    const sampleLower = date - receivedAt;
    const sampleUpper = date + 1000 - sentAt;
    let lower = Math.max(this.lower, sampleLower);
    let upper = Math.min(this.upper, sampleUpper);
    if (lower > upper) {
      lower = sampleLower;
      upper = sampleUpper;
    }
    this.lower = lower;
    this.upper = upper;
    const offset = Math.round((lower + upper) / 2);
    this.synced.set(true);
    if (offset !== this.offsetMs) {
      this.offsetMs = offset;
      this.tick();
      this.wakes.forEach((wake, key) => this.scheduleWake(key, wake.at));
    }
  }

  /** Refreshes {@link now} at server time `at` (e.g. a sale's `startsAt`); returns a cancel function. */
  wakeAt(at: number): () => void {
    const key = Symbol('wake');
    this.scheduleWake(key, at);
    return () => {
      const wake = this.wakes.get(key);
      if (wake !== undefined) clearTimeout(wake.timer);
      this.wakes.delete(key);
    };
  }

  /**
   * Narrows the offset with up to `rounds` calls of `probe` (any API request: the interceptor records
   * it), each sent so that it reaches the server as the estimated clock crosses a second. Completes when
   * the offset is within ±60 ms or the rounds are used up; never errors.
   */
  calibrate(probe: () => Observable<unknown>, rounds = 4): Observable<never> {
    const round = (left: number): Observable<never> =>
      defer(() => {
        if (left <= 0 || this.uncertaintyMs() <= CALIBRATED_HALF_WIDTH_MS) return EMPTY;
        const local = Date.now();
        const delay = this.isSynced()
          ? Math.ceil((local + this.offsetMs + PROBE_LEAD_MS) / 1000) * 1000 - this.offsetMs - local
          : 0;
        return timer(delay).pipe(
          switchMap(() => probe()),
          catchError(() => of(null)),
          switchMap(() => round(left - 1)),
        );
      });
    return round(rounds);
  }

  private scheduleWake(key: symbol, at: number): void {
    const previous = this.wakes.get(key);
    if (previous !== undefined) clearTimeout(previous.timer);
    const delay = at - this.read();
    if (delay <= 0) {
      this.wakes.delete(key);
      this.current.set(this.read());
      return;
    }
    const timer = setTimeout(() => {
      this.wakes.delete(key);
      // A timer may fire a millisecond early by the offset clock: never report a time before `at`.
      this.current.set(Math.max(at, this.read()));
    }, delay);
    this.wakes.set(key, { at, timer });
  }

  private tick(): void {
    this.current.set(this.read());
    this.scheduleTick();
  }

  private scheduleTick(): void {
    clearTimeout(this.tickTimer);
    const intoSecond = ((this.read() % 1000) + 1000) % 1000;
    this.tickTimer = setTimeout(() => this.tick(), 1000 - intoSecond + 1);
  }
}
