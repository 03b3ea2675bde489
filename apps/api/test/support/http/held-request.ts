import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';

export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The whole body, read to its end. */
  text: string;
}

/** A request the server has accepted and is waiting on: its headers are in, its body is not yet. */
export interface HeldRequest {
  /** Sends the body and resolves with the complete response (rejects on a reset or a truncated body). */
  finish(): Promise<Answer>;
  /** Drops the connection without sending the body. */
  abandon(): void;
}

/**
 * Starts a JSON POST with `Expect: 100-continue` on a connection of its own and resolves once the server
 * has answered `100 Continue`, which Node does when it has parsed the request and handed it to the app:
 * from then on the request is certainly accepted and in flight, however long the body takes to follow.
 */
export function holdRequest(
  url: string,
  body: object,
  headers: Record<string, string> = {},
): Promise<HeldRequest> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, {
      method: 'POST',
      agent: false,
      headers: {
        'Content-Type': 'application/json',
        'Content-Length': String(Buffer.byteLength(payload)),
        Expect: '100-continue',
        ...headers,
      },
    });
    const answer = new Promise<Answer>((answered, failed) => {
      request.on('response', (response) => readAnswer(response).then(answered, failed));
      request.on('error', failed);
    });
    // Whoever awaits finish() sees the failure; an abandoned request's failure is expected.
    answer.catch(() => undefined);
    request.once('continue', () =>
      resolve({
        finish: () => {
          request.end(payload);
          return answer;
        },
        abandon: () => request.destroy(),
      }),
    );
    request.once('error', reject);
    request.flushHeaders();
  });
}

function readAnswer(response: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let text = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => (text += chunk));
    response.on('end', () => {
      // 'end' after 'aborted' would be a truncated body.
      if (response.complete) resolve({ status: response.statusCode ?? 0, headers: response.headers, text });
      else reject(new Error(`truncated response: ${text}`));
    });
    response.on('error', reject);
  });
}

/** Whether a new TCP connection to `port` on loopback is refused (nothing listens there any more). */
export function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** A Server-Sent Events response read as raw text, with a promise of its end. */
export interface RawEventStream {
  status: number;
  text(): string;
  /** Resolves when the server ends the stream. */
  ended: Promise<void>;
  close(): void;
}

export function openRawEventStream(url: string): Promise<RawEventStream> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { agent: false, headers: { Accept: 'text/event-stream' } },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        const ended = new Promise<void>((done) => response.once('end', () => done()));
        resolve({
          status: response.statusCode ?? 0,
          text: () => text,
          ended,
          close: () => request.destroy(),
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}
