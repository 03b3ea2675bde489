import { HttpEventType, HttpHeaderResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import {
  HttpTestingController,
  provideHttpClientTesting,
  type TestRequest,
} from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { AuthStore } from '../auth/auth.store';
import { authInterceptor } from '../auth/auth.interceptor';
import { type AuthorizedStreamMessage, AuthorizedEventStreams, readSseMessages } from './http-event-stream';

const URL = '/api/admin/things/events';

describe('readSseMessages', () => {
  it('reads complete data messages, skips comments, and says where the unfinished rest begins', () => {
    const text = ': heartbeat\n\ndata: {"a":1}\n\ndata: {"a":2}\n\ndata: {"a"';
    const { messages, next } = readSseMessages(text, 0);
    expect(messages).toEqual(['{"a":1}', '{"a":2}']);
    expect(text.slice(next)).toBe('data: {"a"');
    expect(readSseMessages(`${text}:3}\n\n`, next).messages).toEqual(['{"a":3}']);
  });

  it('joins multi-line data and accepts CRLF line ends', () => {
    expect(readSseMessages('data: one\r\ndata: two\r\n\n', 0).messages).toEqual(['one\ntwo']);
  });
});

describe('AuthorizedEventStreams', () => {
  let controller: HttpTestingController;
  let streams: AuthorizedEventStreams;
  let seen: AuthorizedStreamMessage<number>[];

  beforeEach(() => {
    vi.useFakeTimers();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: AuthStore, useValue: { accessToken: () => 'access-token-1' } },
      ],
    });
    controller = TestBed.inject(HttpTestingController);
    streams = TestBed.inject(AuthorizedEventStreams);
    seen = [];
  });

  afterEach(() => {
    TestBed.resetTestingModule();
    vi.useRealTimers();
  });

  const open = () =>
    streams
      .open(URL, (value) => (typeof value === 'number' ? value : null))
      .subscribe((message) => seen.push(message));

  function answerOk(request: TestRequest): void {
    request.event(new HttpHeaderResponse({ status: 200, statusText: 'OK', url: URL }));
  }

  const progress = (request: TestRequest, partialText: string): void =>
    request.event({ type: HttpEventType.DownloadProgress, loaded: partialText.length, partialText });

  it('sends the bearer token in a header (never the URL) and emits each message as its text arrives', () => {
    const subscription = open();
    const request = controller.expectOne(URL);
    expect(request.request.headers.get('Authorization')).toBe('Bearer access-token-1');
    expect(request.request.headers.get('Accept')).toBe('text/event-stream');
    expect(request.request.urlWithParams).toBe(URL);

    answerOk(request);
    progress(request, 'data: 1\n\ndata: "not a number"\n\ndata: 2');
    progress(request, 'data: 1\n\ndata: "not a number"\n\ndata: 2\n\n: heartbeat\n\n');

    expect(seen).toEqual([{ type: 'open' }, { type: 'data', data: 1 }, { type: 'data', data: 2 }]);
    subscription.unsubscribe();
    expect(request.cancelled).toBe(true);
  });

  it('reconnects with backoff after a failure, and at once after the server ends a stream that spoke', () => {
    const subscription = open();
    controller.expectOne(URL).flush(null, { status: 503, statusText: 'Unavailable' });
    const reconnecting = seen.at(-1);
    if (reconnecting?.type !== 'reconnecting') throw new Error('expected a reconnect');
    expect(reconnecting.attempt).toBe(1);
    expect(reconnecting.delayMs).toBeGreaterThanOrEqual(500);
    controller.expectNone(URL);

    vi.advanceTimersByTime(reconnecting.delayMs);
    const second = controller.expectOne(URL);
    answerOk(second);
    progress(second, 'data: 7\n\n');
    second.flush('data: 7\n\n');
    seen = [];
    vi.advanceTimersByTime(0);

    controller.expectOne(URL);
    expect(seen).toEqual([]);
    subscription.unsubscribe();
  });

  it('ignores the body of an error answer and stops for good on 403 with the contract message', () => {
    open();
    const request = controller.expectOne(URL);
    request.event(new HttpHeaderResponse({ status: 403, statusText: 'Forbidden', url: URL }));
    progress(request, 'data: 5\n\n');
    request.flush(
      { error: { code: 'FORBIDDEN', message: 'You are not allowed to do this.', requestId: 'r1' } },
      { status: 403, statusText: 'Forbidden' },
    );

    expect(seen).toEqual([
      {
        type: 'refused',
        error: expect.objectContaining({ code: 'FORBIDDEN', message: 'You are not allowed to do this.' }),
      },
    ]);
    vi.advanceTimersByTime(60_000);
    controller.expectNone(URL);
  });
});
