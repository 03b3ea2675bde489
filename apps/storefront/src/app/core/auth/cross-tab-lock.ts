import { Observable, type Subscription } from 'rxjs';

/**
 * Runs `work` holding a Web Lock shared by every tab of this origin (where the browser has the Locks
 * API): refresh tokens are single-use and presenting a used one revokes the whole family, so two tabs
 * must never refresh with the same cookie at once. The second tab waits, then sends the rotated cookie.
 * The lock is released when `work` completes, errors or is unsubscribed.
 */
export function withCrossTabLock<T>(name: string, work: () => Observable<T>): Observable<T> {
  const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
  if (locks === undefined) return work();
  return new Observable<T>((subscriber) => {
    let inner: Subscription | undefined;
    let release: (() => void) | undefined;
    let closed = false;
    locks
      .request(
        name,
        () =>
          new Promise<void>((resolve) => {
            release = resolve;
            if (closed) {
              resolve();
              return;
            }
            inner = work().subscribe({
              next: (value) => subscriber.next(value),
              error: (error: unknown) => {
                resolve();
                subscriber.error(error);
              },
              complete: () => {
                resolve();
                subscriber.complete();
              },
            });
          }),
      )
      .catch((error: unknown) => subscriber.error(error));
    return () => {
      closed = true;
      inner?.unsubscribe();
      release?.();
    };
  });
}
