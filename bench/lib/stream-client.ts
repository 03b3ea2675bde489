/**
 * A load-generator process holding many Server-Sent Event streams (forked by stream-clients.ts): one socket per
 * stream, as one browser page per shopper would. The parent asks over IPC; times are epoch milliseconds with
 * sub-millisecond precision (`performance.timeOrigin + performance.now()`), comparable across processes.
 */
import type { ClientRequest } from 'node:http';
import { openSse } from './sse';
import type { StreamCommand, StreamEvent, StreamMatch, StreamReply } from './stream-protocol';

interface Stream {
  request: ClientRequest;
  last?: StreamEvent;
  lastAt: number;
}

const now = (): number => performance.timeOrigin + performance.now();
const streams: Stream[] = [];

interface Watch {
  id: number;
  match: StreamMatch;
  times: (number | undefined)[];
  pending: number;
  timer: NodeJS.Timeout;
}
const watches = new Set<Watch>();

function matches(event: StreamEvent, match: StreamMatch): boolean {
  if (match.remainingAtMost !== undefined && event.remaining > match.remainingAtMost) return false;
  if (match.status !== undefined && event.status !== match.status) return false;
  if (match.withQueue && event.queue === undefined) return false;
  if (
    match.queueWaitingAtMost !== undefined &&
    (event.queue?.waiting ?? Infinity) > match.queueWaitingAtMost
  ) {
    return false;
  }
  return true;
}

function reply(message: StreamReply): void {
  process.send?.(message);
}

function finish(watch: Watch): void {
  clearTimeout(watch.timer);
  watches.delete(watch);
  const times = watch.times.filter((t): t is number => t !== undefined);
  reply({ type: 'seen', id: watch.id, times, missing: watch.times.length - times.length });
}

function onEvent(index: number, event: StreamEvent): void {
  const at = now();
  streams[index].last = event;
  streams[index].lastAt = at;
  for (const watch of watches) {
    if (watch.times[index] === undefined && matches(event, watch.match)) {
      watch.times[index] = at;
      if (--watch.pending === 0) finish(watch);
    }
  }
}

/** Opens one stream; resolves with its HTTP status once its first message came (or it was refused). */
function openStream(url: string, path: string): Promise<number> {
  return new Promise((resolve) => {
    const index = streams.length;
    const req = openSse(url, path, (event) => onEvent(index, event), resolve);
    streams.push({ request: req, lastAt: 0 });
  });
}

async function open(url: string, path: string, count: number, concurrency: number): Promise<StreamReply> {
  const statuses: Record<string, number> = {};
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next++ < count) {
      const status = await openStream(url, path);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { type: 'opened', statuses };
}

/** Starts timing, per stream, the first message that matches (one already received counts at its arrival). */
function watch(id: number, match: StreamMatch, timeoutMs: number): void {
  const entry: Watch = {
    id,
    match,
    times: streams.map((s) => (s.last !== undefined && matches(s.last, match) ? s.lastAt : undefined)),
    pending: 0,
    timer: setTimeout(() => finish(entry), timeoutMs),
  };
  entry.pending = entry.times.filter((t) => t === undefined).length;
  watches.add(entry);
  reply({ type: 'armed', id });
  if (entry.pending === 0) finish(entry);
}

process.on('message', (command: StreamCommand) => {
  if (command.type === 'open') {
    void open(command.url, command.path, command.count, command.concurrency).then(reply);
  } else if (command.type === 'watch') {
    watch(command.id, command.match, command.timeoutMs);
  } else {
    for (const stream of streams) stream.request.destroy();
    process.disconnect?.();
  }
});
