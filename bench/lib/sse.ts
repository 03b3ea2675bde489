import { type ClientRequest, request } from 'node:http';
import type { StreamEvent } from './stream-protocol';

/**
 * Opens one sale stream on its own socket (as one browser page would) and hands each `data:` message to
 * `onEvent`; named events other than `message` (e.g. `reconnect`) and heartbeats are skipped. `onStatus` is
 * called once: 200 with the first message, the HTTP status of a refusal, or 0 on a network error.
 */
export function openSse(
  url: string,
  path: string,
  onEvent: (event: StreamEvent) => void,
  onStatus: (status: number) => void,
): ClientRequest {
  let settled = false;
  const settle = (status: number): void => {
    if (settled) return;
    settled = true;
    onStatus(status);
  };
  const req = request(`${url}${path}`, { agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      settle(res.statusCode ?? 0);
      return;
    }
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end = buffer.indexOf('\n\n');
      while (end !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        if (!data || /^event: (?!message)/m.test(block)) continue;
        onEvent(JSON.parse(data) as StreamEvent);
        settle(200);
      }
    });
    res.on('end', () => settle(0));
  });
  req.on('error', () => settle(0));
  req.end();
  return req;
}

/** The first message of a stream (undefined if refused or none within `timeoutMs`), then the stream closes. */
export function firstEvent(url: string, path: string, timeoutMs = 5000): Promise<StreamEvent | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => done(undefined), timeoutMs);
    const done = (event: StreamEvent | undefined): void => {
      clearTimeout(timer);
      req.destroy();
      resolve(event);
    };
    const req = openSse(url, path, done, (status) => status !== 200 && done(undefined));
  });
}
