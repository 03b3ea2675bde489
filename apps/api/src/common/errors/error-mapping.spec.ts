import { mapError } from './error-mapping';

describe('mapError', () => {
  it.each([
    'Connection is closed.',
    'Command timed out',
    "Socket timeout. Expecting data, but didn't receive any in 5000ms.",
    "Cluster isn't ready and enableOfflineQueue options is false",
    'Too many Cluster redirections. Last error: Error: Connection is closed.',
    'None of startup nodes is available',
    'CLUSTERDOWN The cluster is down',
    'TRYAGAIN Multiple keys request during rehashing of slot',
    'LOADING Redis is loading the dataset in memory',
  ])('treats the driver error "%s" as a dependency outage (503)', (message) => {
    expect(mapError(new Error(message))).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
  });

  it('keeps any other error a 500, whatever it mentions later in its message', () => {
    expect(mapError(new Error('ERR Error running script: CLUSTERDOWN is not a thing'))).toMatchObject({
      status: 500,
      code: 'INTERNAL',
    });
  });
});
