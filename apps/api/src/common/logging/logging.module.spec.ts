import { levelOf } from './logging.module';

describe('request log level', () => {
  it('logs failures as errors, client mistakes as warnings, answers (2xx, 3xx, 409) as info', () => {
    expect(levelOf(500)).toBe('error');
    expect(levelOf(503)).toBe('error');
    expect(levelOf(200, new Error('aborted'))).toBe('error');
    for (const status of [400, 401, 403, 404, 413, 429]) expect(levelOf(status)).toBe('warn');
    for (const status of [200, 201, 204, 304, 409]) expect(levelOf(status)).toBe('info');
  });
});
