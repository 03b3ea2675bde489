import { type HttpTestingController, type TestRequest } from '@angular/common/http/testing';

/**
 * The one request to `url`, waiting until it is sent. In a real browser a refresh goes out only once the
 * cross-tab Web Lock is granted, a browser task after the call that asked for it (jsdom has no Locks API, so
 * it used to be synchronous). Uses real timers: not for tests that fake them.
 */
export function expectOneSoon(controller: HttpTestingController, url: string): Promise<TestRequest> {
  return vi.waitFor(() => controller.expectOne(url), { timeout: 5_000, interval: 5 });
}

/**
 * No request to `url`, also none still to come: first waits until no Web Lock of this origin is held or
 * wanted (a refresh queued behind the cross-tab lock would be sent later). A lock that stays held means a
 * request is open; `expectNone` then names it.
 */
export async function expectNoneSoon(controller: HttpTestingController, url: string): Promise<void> {
  await vi
    .waitFor(
      async () => {
        const { held = [], pending = [] } = await navigator.locks.query();
        if (held.length + pending.length > 0) throw new Error('a Web Lock is still held or pending');
      },
      { timeout: 2_000, interval: 5 },
    )
    .catch(() => undefined);
  controller.expectNone(url);
}
