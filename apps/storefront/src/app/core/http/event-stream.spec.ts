import { TestBed } from '@angular/core/testing';

import { fakeEventSources } from '../../../testing/fake-event-source';
import {
  EVENT_SOURCE_FACTORY,
  EventStreams,
  RECONNECT_MAX_MS,
  type StreamMessage,
  reconnectDelay,
} from './event-stream';

describe('reconnectDelay', () => {
  it('backs off exponentially with jitter, capped at 30 s', () => {
    expect(reconnectDelay(1, () => 0)).toBe(500);
    expect(reconnectDelay(1, () => 1)).toBe(1_000);
    expect(reconnectDelay(2, () => 1)).toBe(2_000);
    expect(reconnectDelay(4, () => 0)).toBe(4_000);
    expect(reconnectDelay(20, () => 1)).toBe(RECONNECT_MAX_MS);
  });
});

describe('EventStreams', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setUp(): { streams: EventStreams; sources: ReturnType<typeof fakeEventSources>['sources'] } {
    const fake = fakeEventSources();
    TestBed.configureTestingModule({
      providers: [{ provide: EVENT_SOURCE_FACTORY, useValue: fake.factory }],
    });
    return { streams: TestBed.inject(EventStreams), sources: fake.sources };
  }

  it('emits parsed messages, drops the ones the parser refuses, reconnects with backoff and closes on unsubscribe', () => {
    const { streams, sources } = setUp();
    const seen: StreamMessage<number>[] = [];
    const subscription = streams
      .open('/api/x/events', (value) => (typeof value === 'number' ? value : null))
      .subscribe((message) => seen.push(message));

    expect(sources).toHaveLength(1);
    sources[0].open();
    sources[0].emit(3);
    sources[0].emit('not a number');
    sources[0].onmessage?.(new MessageEvent('message', { data: '{broken json' }));
    sources[0].fail();

    expect(sources[0].closed).toBe(true);
    expect(seen.slice(0, 2)).toEqual([{ type: 'open' }, { type: 'data', data: 3 }]);
    expect(seen[2]).toMatchObject({ type: 'reconnecting', attempt: 1 });

    vi.advanceTimersByTime(1_000);
    expect(sources).toHaveLength(2);
    sources[1].fail();
    expect(seen[3]).toMatchObject({ type: 'reconnecting', attempt: 2 });
    vi.advanceTimersByTime(2_000);
    expect(sources).toHaveLength(3);
    sources[2].open();
    sources[2].emit(2);
    expect(seen.at(-1)).toEqual({ type: 'data', data: 2 });

    subscription.unsubscribe();
    expect(sources[2].closed).toBe(true);
  });

  it('cancels a pending reconnect on unsubscribe', () => {
    const { streams, sources } = setUp();
    const subscription = streams.open('/api/x/events', () => 1).subscribe();
    sources[0].fail();
    subscription.unsubscribe();

    vi.advanceTimersByTime(60_000);
    expect(sources).toHaveLength(1);
  });
});
