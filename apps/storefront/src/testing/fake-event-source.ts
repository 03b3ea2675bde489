import { type EventSourceFactory, type EventSourceLike } from '../app/core/http/event-stream';

/** An `EventSource` a test drives by hand. */
export class FakeEventSource implements EventSourceLike {
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent<string>) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  closed = false;

  constructor(readonly url: string) {}

  open(): void {
    this.onopen?.(new Event('open'));
  }

  emit(data: unknown): void {
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(data) }));
  }

  fail(): void {
    this.onerror?.(new Event('error'));
  }

  close(): void {
    this.closed = true;
  }
}

/** A factory that remembers every source it made, newest last. */
export function fakeEventSources(): { factory: EventSourceFactory; sources: FakeEventSource[] } {
  const sources: FakeEventSource[] = [];
  return {
    sources,
    factory: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
  };
}
