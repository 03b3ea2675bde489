import { MIN_SAMPLE_INTERVAL_MS, ReserveRateMeter, STALE_SAMPLE_MS } from './reserve-rate';

describe('ReserveRateMeter', () => {
  it('answers 0 for a first read, then the attempts per second since the previous read', () => {
    const meter = new ReserveRateMeter();
    expect(meter.sample('s', 100, 10_000)).toBe(0);
    expect(meter.sample('s', 130, 11_000)).toBe(30);
    expect(meter.sample('s', 145, 13_000)).toBe(7.5);
  });

  it('keeps the last rate for reads closer together than the minimum interval', () => {
    const meter = new ReserveRateMeter();
    meter.sample('s', 0, 0);
    expect(meter.sample('s', 10, 1000)).toBe(10);
    expect(meter.sample('s', 11, 1000 + MIN_SAMPLE_INTERVAL_MS - 1)).toBe(10);
    // Measured against the sample at 1000, not the skipped one.
    expect(meter.sample('s', 30, 2000)).toBe(20);
  });

  it('starts afresh after a stale sample, a counter that went down, or a clock that went back', () => {
    const meter = new ReserveRateMeter();
    meter.sample('s', 50, 0);
    expect(meter.sample('s', 500, STALE_SAMPLE_MS + 1)).toBe(0);
    expect(meter.sample('s', 10, STALE_SAMPLE_MS + 1001)).toBe(0);
    expect(meter.sample('s', 20, 0)).toBe(0);
    expect(meter.sample('s', 25, 1000)).toBe(5);
  });

  it('measures each sale on its own', () => {
    const meter = new ReserveRateMeter();
    meter.sample('a', 0, 0);
    meter.sample('b', 0, 0);
    expect(meter.sample('a', 4, 2000)).toBe(2);
    expect(meter.sample('b', 40, 2000)).toBe(20);
  });
});
