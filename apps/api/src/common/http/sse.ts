import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';

/** A comment line this often keeps proxies and browsers from dropping an idle stream. */
export const HEARTBEAT_MS = 15_000;

/** The event name of the last message a draining process sends on every stream. */
export const RECONNECT_EVENT = 'reconnect';
/** What that message suggests to `EventSource` as its reconnection delay (the SSE `retry:` field). */
export const RECONNECT_AFTER_MS = 1000;

/**
 * Tells the client to connect again (to another process): a named event, so `onmessage` handlers never
 * mistake it for data, with a `retry:` hint; the stream ends right after it and EventSource reconnects.
 */
const RECONNECT_NOTICE = `retry: ${RECONNECT_AFTER_MS}\nevent: ${RECONNECT_EVENT}\ndata: {"reason":"shutdown"}\n\n`;

/**
 * One message as its SSE frame (`data: <json>`), built once: a stream shared by many clients sends every
 * one of them these same bytes instead of serialising the message again per client.
 */
export class SseFrame {
  readonly text: string;

  constructor(data: unknown) {
    this.text = `data: ${JSON.stringify(data)}\n\n`;
  }
}

const SSE_HEADERS: OutgoingHttpHeaders = {
  'Content-Type': 'text/event-stream; charset=utf-8',
  'Cache-Control': 'no-cache, no-transform',
  Connection: 'keep-alive',
  // nginx and similar proxies buffer responses unless told not to.
  'X-Accel-Buffering': 'no',
};

/**
 * Streams `events` to the client as Server-Sent Events (`data: <json>`; an {@link SseFrame} is written as
 * built), with a heartbeat comment, until
 * either side ends: the client disconnecting unsubscribes (and so releases everything the stream holds);
 * the stream completing ends the response; `drain$` emitting (the process is shutting down) sends the
 * reconnect notice and ends it.
 *
 * The reply is hijacked (Fastify sends nothing more) and written on the Node response, with the headers
 * the hooks already set on the reply (request id, helmet's, CORS) and the SSE ones.
 */
export function streamSse<T>(reply: FastifyReply, events: Observable<T>, drain$: Observable<void>): void {
  reply.hijack();
  const response = reply.raw;
  const closing = response.getHeader('Connection') === 'close';
  response.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    ...SSE_HEADERS,
    ...(closing ? { Connection: 'close' } : {}),
  });
  response.flushHeaders();
  const heartbeat = setInterval(() => response.write(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  const subscription = events.subscribe({
    next: (event) => response.write(event instanceof SseFrame ? event.text : new SseFrame(event).text),
    error: () => response.end(),
    complete: () => response.end(),
  });
  const draining = drain$.subscribe(() => response.end(RECONNECT_NOTICE));
  // The response's 'close' fires when the client goes away and after we end it (the request's may fire as
  // soon as its body has been read).
  response.once('close', () => {
    clearInterval(heartbeat);
    subscription.unsubscribe();
    draining.unsubscribe();
  });
}
