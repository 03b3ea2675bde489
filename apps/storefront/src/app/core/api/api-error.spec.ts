import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';

import { NETWORK_ERROR_MESSAGE, UNEXPECTED_ERROR_MESSAGE, parseRetryAfter, toApiError } from './api-error';

describe('toApiError', () => {
  it('reads the contract error body, details and Retry-After', () => {
    const error = new HttpErrorResponse({
      status: 429,
      headers: new HttpHeaders({ 'Retry-After': '7' }),
      error: { error: { code: 'RATE_LIMITED', message: 'Too many requests.', requestId: 'r1' } },
    });

    expect(toApiError(error)).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
      message: 'Too many requests.',
      details: [],
      retryAfterSeconds: 7,
    });
  });

  it('keeps validation details', () => {
    const details = [{ field: 'email', message: 'email must be an email' }];
    const error = new HttpErrorResponse({
      status: 400,
      error: {
        error: { code: 'VALIDATION_FAILED', message: 'The request is not valid.', details, requestId: 'r' },
      },
    });

    expect(toApiError(error).details).toEqual(details);
  });

  it('calls a status-0 failure a network error', () => {
    const error = new HttpErrorResponse({ status: 0, error: new ProgressEvent('error') });

    expect(toApiError(error)).toMatchObject({ code: 'NETWORK', message: NETWORK_ERROR_MESSAGE });
  });

  it('never shows a body that is not the contract shape', () => {
    const error = new HttpErrorResponse({ status: 502, error: '<html>Bad gateway</html>' });

    expect(toApiError(error)).toMatchObject({ code: 'UNEXPECTED', message: UNEXPECTED_ERROR_MESSAGE });
    expect(toApiError(new Error('boom'))).toMatchObject({ code: 'UNEXPECTED' });
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2030-01-01T00:00:00Z');

  it.each([
    ['7', 7],
    [' 30 ', 30],
    ['Tue, 01 Jan 2030 00:00:12 GMT', 12],
    ['Tue, 31 Dec 2029 23:59:00 GMT', 0],
    ['soon', null],
    ['', null],
    [null, null],
  ])('%j → %j', (value, seconds) => {
    expect(parseRetryAfter(value, now)).toBe(seconds);
  });
});
